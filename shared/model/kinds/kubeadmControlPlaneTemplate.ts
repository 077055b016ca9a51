import { z } from 'zod';
import { kcpMachineTemplateShape, kcpSharedShape } from './common/controlPlaneSpec';
import { resourceSchema, templateOf } from './common/resource';

/**
 * controlplane.cluster.x-k8s.io/v1beta1 KubeadmControlPlaneTemplate: a KCP without replicas,
 * version and infrastructureRef; the topology supplies those (capi-behaviour.md §7).
 */
export const kubeadmControlPlaneTemplateResourceSpec = z
  .object({
    machineTemplate: z.object(kcpMachineTemplateShape).strict().optional(),
    ...kcpSharedShape,
  })
  .strict();

export const kubeadmControlPlaneTemplateSchema = resourceSchema(
  'KubeadmControlPlaneTemplate',
  templateOf(kubeadmControlPlaneTemplateResourceSpec),
);

export type KubeadmControlPlaneTemplateObject = z.infer<typeof kubeadmControlPlaneTemplateSchema>;
