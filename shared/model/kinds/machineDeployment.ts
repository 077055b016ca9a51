import { z } from 'zod';
import { violation } from '../rules/violation';
import { CLUSTER_NAME_LABEL, DEPLOYMENT_NAME_LABEL } from './common/capiLabels';
import { dnsLabelName, intAtLeast, rfc3339Time } from './common/formats';
import { labelSelector } from './common/labelSelector';
import { defaultedMachineDeploymentStrategy } from './common/machineDeploymentStrategy';
import { machineTemplateSpec } from './common/machineSpec';
import { addViolation } from './common/refine';
import { defaultReplicas } from './common/replicaDefaults';
import { resourceSchema } from './common/resource';
import { checkSelectorMatchesTemplate, withOwnerLabels } from './common/selectorDefaults';

/**
 * cluster.x-k8s.io/v1beta1 MachineDeployment with the v1beta1 webhook's defaults (replicas 1 or
 * the autoscaler min size, RollingUpdate maxSurge 1 maxUnavailable 0, deletePolicy Random,
 * minReadySeconds 0, revisionHistoryLimit 1, progressDeadlineSeconds 600, owner labels on
 * metadata, selector and template).
 */
export const machineDeploymentSpec = z
  .object({
    clusterName: dnsLabelName,
    replicas: intAtLeast(0, 'md-replicas-min', 'replicas').optional(),
    rolloutAfter: rfc3339Time.optional(),
    selector: labelSelector.default({}),
    template: machineTemplateSpec,
    strategy: defaultedMachineDeploymentStrategy.default({}),
    machineNamingStrategy: z.object({ template: z.string().optional() }).strict().optional(),
    minReadySeconds: intAtLeast(0, 'min-ready-seconds-min', 'minReadySeconds').default(0),
    revisionHistoryLimit: intAtLeast(0, 'revision-history-limit-min', 'revisionHistoryLimit').default(1),
    paused: z.boolean().default(false),
    progressDeadlineSeconds: z.number().int().default(600),
  })
  .strict();

export const machineDeploymentSchema = resourceSchema('MachineDeployment', machineDeploymentSpec)
  .transform((md) => {
    const owner = { [CLUSTER_NAME_LABEL]: md.spec.clusterName, [DEPLOYMENT_NAME_LABEL]: md.metadata.name };
    const { selector, templateLabels } = withOwnerLabels(
      md.spec.selector,
      md.spec.template.metadata.labels,
      owner,
    );
    return {
      ...md,
      metadata: {
        ...md.metadata,
        labels: { ...md.metadata.labels, [CLUSTER_NAME_LABEL]: md.spec.clusterName },
      },
      spec: {
        ...md.spec,
        replicas: defaultReplicas(md.spec.replicas, md.metadata.annotations),
        selector,
        template: { ...md.spec.template, metadata: { ...md.spec.template.metadata, labels: templateLabels } },
      },
    };
  })
  .superRefine((md, ctx) => {
    if (md.spec.template.spec.clusterName !== md.spec.clusterName) {
      addViolation(
        ctx,
        violation(
          'cluster-name-mismatch',
          `spec.template.spec.clusterName "${md.spec.template.spec.clusterName}" must equal spec.clusterName "${md.spec.clusterName}"`,
        ),
        ['spec', 'template', 'spec', 'clusterName'],
      );
    }
    checkSelectorMatchesTemplate(md.spec.selector, md.spec.template.metadata.labels, ctx, [
      'spec',
      'selector',
    ]);
  });

export type MachineDeploymentObject = z.infer<typeof machineDeploymentSchema>;
