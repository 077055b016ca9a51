import { z } from 'zod';
import { dnsLabelName, goDuration, kubeVersion } from './formats';
import { templateMeta } from './objectMeta';
import { objectReference, secretName } from './references';
import { addViolation } from './refine';
import { violation } from '../../rules/violation';

/**
 * clusterv1beta1.MachineSpec. `clusterName` and `infrastructureRef` are required by the CRD.
 * The v1beta1 Machine webhook defaults `nodeDeletionTimeout` to 10s and the version's leading `v`.
 */
export const machineSpec = z
  .object({
    clusterName: dnsLabelName,
    bootstrap: z
      .object({
        configRef: objectReference.optional(),
        dataSecretName: secretName.optional(),
      })
      .strict(),
    infrastructureRef: objectReference,
    version: kubeVersion.optional(),
    providerID: z.string().optional(),
    failureDomain: z.string().optional(),
    readinessGates: z.array(z.object({ conditionType: z.string().min(1) }).strict()).optional(),
    nodeDrainTimeout: goDuration.optional(),
    nodeVolumeDetachTimeout: goDuration.optional(),
    nodeDeletionTimeout: goDuration.default('10s'),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.bootstrap.configRef === undefined && spec.bootstrap.dataSecretName === undefined) {
      addViolation(
        ctx,
        violation(
          'bootstrap-required',
          'expected either bootstrap.configRef or bootstrap.dataSecretName to be set',
        ),
        ['bootstrap'],
      );
    }
  });

export type MachineSpec = z.infer<typeof machineSpec>;

/** clusterv1beta1.MachineTemplateSpec: `{ metadata, spec }` inside MachineSets and MachineDeployments. */
export const machineTemplateSpec = z
  .object({
    metadata: templateMeta.default({}),
    spec: machineSpec,
  })
  .strict();
