import { z } from 'zod';
import { violation } from '../rules/violation';
import { CLUSTER_NAME_LABEL } from './common/capiLabels';
import { dnsLabelName, intAtLeast } from './common/formats';
import { labelSelector } from './common/labelSelector';
import { machineTemplateSpec } from './common/machineSpec';
import { addViolation } from './common/refine';
import { defaultReplicas } from './common/replicaDefaults';
import { resourceSchema } from './common/resource';
import { checkSelectorMatchesTemplate, withOwnerLabels } from './common/selectorDefaults';

/**
 * cluster.x-k8s.io/v1beta1 MachineSet. Parsed and validated so exported manifests load, but
 * Capstan creates MachineSets itself as MachineDeployment revisions (see compile/orphans.ts).
 */
export const machineSetSpec = z
  .object({
    clusterName: dnsLabelName,
    replicas: intAtLeast(0, 'ms-replicas-min', 'replicas').optional(),
    minReadySeconds: intAtLeast(0, 'min-ready-seconds-min', 'minReadySeconds').default(0),
    deletePolicy: z.enum(['Random', 'Newest', 'Oldest']).default('Random'),
    selector: labelSelector.default({}),
    template: machineTemplateSpec,
    machineNamingStrategy: z.object({ template: z.string().optional() }).strict().optional(),
  })
  .strict();

export const machineSetSchema = resourceSchema('MachineSet', machineSetSpec)
  .transform((ms) => {
    const owner = { [CLUSTER_NAME_LABEL]: ms.spec.clusterName };
    const { selector, templateLabels } = withOwnerLabels(
      ms.spec.selector,
      ms.spec.template.metadata.labels,
      owner,
    );
    return {
      ...ms,
      metadata: { ...ms.metadata, labels: { ...ms.metadata.labels, ...owner } },
      spec: {
        ...ms.spec,
        replicas: defaultReplicas(ms.spec.replicas, ms.metadata.annotations),
        selector,
        template: { ...ms.spec.template, metadata: { ...ms.spec.template.metadata, labels: templateLabels } },
      },
    };
  })
  .superRefine((ms, ctx) => {
    if (ms.spec.template.spec.clusterName !== ms.spec.clusterName) {
      addViolation(
        ctx,
        violation(
          'cluster-name-mismatch',
          `spec.template.spec.clusterName "${ms.spec.template.spec.clusterName}" must equal spec.clusterName "${ms.spec.clusterName}"`,
        ),
        ['spec', 'template', 'spec', 'clusterName'],
      );
    }
    checkSelectorMatchesTemplate(ms.spec.selector, ms.spec.template.metadata.labels, ctx, [
      'spec',
      'selector',
    ]);
  });

export type MachineSetObject = z.infer<typeof machineSetSchema>;
