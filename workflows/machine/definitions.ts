import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ResourceKey } from '../../shared/ids';
import type { DesiredCluster, DesiredMachineTemplate, ProviderName } from '../../shared/model/desired';
import type { MachineRole, MachineStatus } from '../../shared/status/types';

export type BootstrapMode = 'init' | 'join-control-plane' | 'join-worker';

export interface MachineWorkflowInput {
  cluster: ResourceKey;
  name: string;
  role: MachineRole;
  bootstrapMode: BootstrapMode;
  provider: ProviderName;
  template: DesiredMachineTemplate;
  failureDomain?: string;
  controlPlaneEndpoint: { host: string; port: number };
  clusterNetwork: DesiredCluster['clusterNetwork'];
  /** the workflow that owns this machine (KCP or MachineDeployment); it receives every status */
  ownerWorkflowId: string;
  createdAt: string;
}

/** The owner asks the machine to go away (scale-down, cluster deletion). */
/**
 * `skipDrain`: CAPI skips the drain when the cluster (or the control plane) is being deleted,
 * because there is nowhere left to move the pods to.
 */
export const requestDeleteSignal = defineSignal<[{ reason: string; skipDrain?: boolean; removeHooks?: string[] }]>('requestDelete');
/**
 * The owner removes pre-terminate hook annotations it put on the machine (KCP's `kcp-cleanup`
 * once the etcd member is gone). Also accepted as `removeHooks` on requestDelete, which KCP uses
 * when the whole control plane is being deleted and there is no etcd left to keep.
 */
export const removeHooksSignal = defineSignal<[{ hooks: string[] }]>('removeHooks');
export const machineStatusQuery = defineQuery<MachineStatus>('status');
