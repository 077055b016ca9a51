import type { ProviderName, TemplateSnapshot } from '../../shared/model/desired';
import type { ResourceKey } from '../../shared/ids';

/** What a provider is asked to make for a cluster (load balancer, network, ...). */
export interface ClusterInfraRequest {
  cluster: ResourceKey;
  infrastructure: TemplateSnapshot;
  labels: Record<string, string>;
}

export interface ClusterInfraStatus {
  provisioned: boolean;
  controlPlaneEndpoint?: { host: string; port: number };
  failureDomains: Array<{ name: string; controlPlane: boolean }>;
}

export type MachineRole = 'control-plane' | 'worker';

export interface MachineInfraRequest {
  cluster: ResourceKey;
  /** machine name, unique in the namespace; the idempotency key of the create */
  machine: string;
  role: MachineRole;
  version: string;
  failureDomain?: string;
  infrastructure: TemplateSnapshot;
  /** rendered bootstrap data (cloud-init); produced inside the activity, never in history */
  bootstrapData: string;
}

export type MachineInfraState = 'pending' | 'provisioning' | 'running' | 'failed' | 'deleting' | 'gone';

export interface MachineInfraStatus {
  state: MachineInfraState;
  providerID?: string;
  addresses: string[];
  failureDomain?: string;
  failureReason?: string;
}

/** DESIGN.md: providers implement this; every method is idempotent and re-entrant. */
export interface InfrastructureProvider {
  readonly name: ProviderName;
  ensureClusterInfrastructure(req: ClusterInfraRequest): Promise<ClusterInfraStatus>;
  /** returns true once nothing of the cluster's infrastructure is left */
  deleteClusterInfrastructure(cluster: ResourceKey): Promise<boolean>;
  ensureMachine(req: MachineInfraRequest): Promise<MachineInfraStatus>;
  describeMachine(cluster: ResourceKey, machine: string): Promise<MachineInfraStatus>;
  /** "already gone" is success: returns true once the machine no longer exists */
  deleteMachine(cluster: ResourceKey, machine: string): Promise<boolean>;
  /**
   * Optional: like describeMachine, but may hold the call up to `waitMs` until the machine reaches
   * one of `states`. Providers with a watch or long-poll implement it; others are polled.
   */
  waitForMachineState?(cluster: ResourceKey, machine: string, states: readonly MachineInfraState[], waitMs: number): Promise<MachineInfraStatus>;
}

export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime: string;
}

export interface NodeInfo {
  name: string;
  providerID: string;
  kubeletVersion: string;
  unschedulable: boolean;
  labels: Record<string, string>;
  conditions: NodeCondition[];
}

/** DESIGN.md: the workload cluster as seen through its API server. Grows in the lifecycle issue. */
export interface WorkloadCluster {
  getNodeByProviderID(cluster: ResourceKey, providerID: string): Promise<NodeInfo | undefined>;
  /** Optional: like getNodeByProviderID, but may hold the call up to `waitMs` until the node exists. */
  waitForNodeByProviderID?(cluster: ResourceKey, providerID: string, waitMs: number): Promise<NodeInfo | undefined>;
  listNodes(cluster: ResourceKey): Promise<NodeInfo[]>;
  /** "already gone" is success */
  deleteNode(cluster: ResourceKey, nodeName: string): Promise<void>;
}
