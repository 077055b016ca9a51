import { z } from 'zod';
import { labelSelector } from './common/labelSelector';
import { resourceSchema, templateOf } from './common/resource';

/**
 * infrastructure.cluster.x-k8s.io/v1beta1 ByoMachineTemplate (BYOH): which hosts of the SSH
 * inventory a machine may claim, by their labels (`selector`; none = any host). The bootstrap data
 * (kubeadm through cloud-init) runs on the claimed host as is: BYOH's `installerRef` (installing
 * Kubernetes packages) has no equivalent, so the hosts must have kubeadm and the kubelet already.
 */
export const byoMachineSpec = z
  .object({
    selector: labelSelector.optional(),
    providerID: z.string().optional(),
  })
  .strict();

export const byoMachineTemplateSchema = resourceSchema('ByoMachineTemplate', templateOf(byoMachineSpec));
export type ByoMachineTemplateObject = z.infer<typeof byoMachineTemplateSchema>;
