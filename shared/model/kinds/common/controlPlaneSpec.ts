import { z } from 'zod';
import { goDuration, intAtLeast, intOrPercent, rfc3339Time } from './formats';
import { kubeadmConfigSpec } from './kubeadmConfigSpec';
import { templateMeta } from './objectMeta';

/**
 * The parts of KubeadmControlPlaneSpec that KubeadmControlPlaneTemplate shares (v1beta1
 * KubeadmControlPlaneTemplateResourceSpec). Defaults: rolloutStrategy RollingUpdate maxSurge 1.
 */
export const kcpMachineTemplateShape = {
  metadata: templateMeta.default({}),
  nodeDrainTimeout: goDuration.optional(),
  nodeVolumeDetachTimeout: goDuration.optional(),
  nodeDeletionTimeout: goDuration.optional(),
  readinessGates: z.array(z.object({ conditionType: z.string().min(1) }).strict()).optional(),
};

export const kcpSharedShape = {
  kubeadmConfigSpec: kubeadmConfigSpec,
  rolloutBefore: z
    .object({
      certificatesExpiryDays: intAtLeast(
        7,
        'kcp-certificates-expiry-days-min',
        'certificatesExpiryDays',
      ).optional(),
    })
    .strict()
    .optional(),
  rolloutAfter: rfc3339Time.optional(),
  rolloutStrategy: z
    .object({
      type: z.literal('RollingUpdate').default('RollingUpdate'),
      rollingUpdate: z
        .object({ maxSurge: intOrPercent.default(1) })
        .strict()
        .default({}),
    })
    .strict()
    .default({}),
  remediationStrategy: z
    .object({
      maxRetry: intAtLeast(0, 'kcp-max-retry-min', 'maxRetry').optional(),
      retryPeriod: goDuration.optional(),
      minHealthyPeriod: goDuration.optional(),
    })
    .strict()
    .optional(),
  machineNamingStrategy: z.object({ template: z.string().optional() }).strict().optional(),
};
