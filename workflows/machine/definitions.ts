import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ResourceKey } from '../../shared/ids';
import type { DesiredCluster, DesiredMachineTemplate, ProviderName } from '../../shared/model/desired';
import type { MachineDrainRule } from '../../shared/planners/drain';
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
  /**
   * The MachineDrainRules of the cluster's namespace (DesiredCluster.machineDrainRules), handed to
   * the drain when this machine is deleted. Optional so that machine workflows started before
   * drain rules were supported replay: absent means no rules (every Pod drained, order 0).
   */
  drainRules?: MachineDrainRule[];
  /**
   * The Cluster's labels (DesiredCluster.labels), for the drain rules' `clusterSelector`.
   * Optional for the same reason; absent means no labels.
   */
  clusterLabels?: Record<string, string>;
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
