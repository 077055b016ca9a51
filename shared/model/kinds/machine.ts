import type { z } from 'zod';
import { CLUSTER_NAME_LABEL } from './common/capiLabels';
import { machineSpec } from './common/machineSpec';
import { resourceSchema } from './common/resource';

/**
 * cluster.x-k8s.io/v1beta1 Machine. Parsed and validated so exported manifests load; Capstan
 * creates Machines itself from KubeadmControlPlanes and MachineDeployments.
 */
export const machineSchema = resourceSchema('Machine', machineSpec).transform((m) => ({
  ...m,
  metadata: { ...m.metadata, labels: { ...m.metadata.labels, [CLUSTER_NAME_LABEL]: m.spec.clusterName } },
}));

export type MachineObject = z.infer<typeof machineSchema>;
