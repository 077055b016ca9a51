import type { ProviderName, TemplateSnapshot } from '../../shared/model/desired';
import type { ResourceKey } from '../../shared/ids';
import type { AttachedVolume, DrainPod, PodDisruptionBudgetInfo } from '../../shared/planners/drain';
import type { ConditionState, EtcdMember } from '../../shared/planners/controlPlane';

export type { AttachedVolume, EtcdMember, PodDisruptionBudgetInfo };

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

/**
 * What a power-cycle request answered: under way (also when `idempotencyKey` names a cycle
 * already started), the machine does not exist, or the provider refuses (not running, or it has
 * no way to power-cycle this machine), with why.
 */
export type MachineRebootOutcome =
  | { outcome: 'rebooting'; message: string }
  | { outcome: 'gone'; message: string }
  | { outcome: 'refused'; message: string };

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
  /**
   * Optional: power-cycles a running machine (a BMC power off/on, an instance reboot), for the
   * built-in Reboot remediation. Answers once the cycle is under way: the node goes NotReady and
   * is Ready again when the machine has booted. A repeated call with the same `idempotencyKey`
   * is the retry of the same request and starts no second cycle.
   */
  rebootMachine?(cluster: ResourceKey, machine: string, idempotencyKey: string): Promise<MachineRebootOutcome>;
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

/**
 * A Pod as the drain planner reads it (`DrainPod`: owner kind, mirror, phase, labels, annotations,
 * deletionTimestamp, emptyDir, PVC claims), plus where it runs and its Ready condition.
 */
export interface PodInfo extends DrainPod {
  /** unset while the Pod waits for the scheduler */
  nodeName?: string;
  /** name of the controlling owner (the Node, for a static Pod's mirror) */
  ownerName: string;
  ready: boolean;
}

export interface PodRef {
  namespace: string;
  name: string;
}

export interface EvictionOptions {
  /** DeleteOptions.gracePeriodSeconds; CAPI passes 1 when the node is unreachable */
  gracePeriodSeconds?: number;
}

/**
 * What one Eviction API call answered. `error` is the text CAPI records as the attempt's
 * `lastError` (EvictionAttempt): for a 429 the status message followed by its causes, e.g.
 * "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget api
 * needs 3 healthy pods and has 3 currently".
 */
export type EvictionOutcome =
  /** 201: accepted; the Pod is terminating */
  | { outcome: 'evicted'; message: string }
  /** 404: the Pod is already gone (success for a drain) */
  | { outcome: 'notFound'; message: string }
  /** 429: a PodDisruptionBudget allows no disruption now; retry later */
  | { outcome: 'refused'; code: 429; message: string; causes: Array<{ reason: string; message: string }>; error: string }
  /** any other refusal, e.g. 500 when more than one budget matches the Pod */
  | { outcome: 'failed'; code: number; message: string; error: string };

/** The etcd member to address: by id, or by name (the control-plane node's name). */
export type EtcdMemberRef = { id: string } | { name: string };

export type ControlPlaneComponentCondition =
  | 'APIServerPodHealthy'
  | 'ControllerManagerPodHealthy'
  | 'SchedulerPodHealthy'
  | 'EtcdPodHealthy'
  | 'EtcdMemberHealthy';

/**
 * KCP's per-Machine health conditions for one control-plane node, keyed like
 * `ControlPlaneMachine.conditions` (match the Machine by `nodeName`).
 */
export interface ControlPlaneNodeHealth {
  nodeName: string;
  conditions: Record<ControlPlaneComponentCondition, ConditionState>;
  /** why a condition is not True */
  messages: Partial<Record<ControlPlaneComponentCondition, string>>;
}

export interface ApiServerHealth {
  healthy: boolean;
  /** why not, e.g. an outage or etcd quorum loss */
  message: string;
}

/**
 * DESIGN.md: the workload cluster as seen through its API server. Every method may fail with a
 * retryable ProviderUnavailable while the API server is down (outage, etcd quorum loss) and with a
 * retryable NotFound when the cluster does not exist; `apiServerHealthy` answers instead.
 */
export interface WorkloadCluster {
  getNodeByProviderID(cluster: ResourceKey, providerID: string): Promise<NodeInfo | undefined>;
  /** Optional: like getNodeByProviderID, but may hold the call up to `waitMs` until the node exists. */
  waitForNodeByProviderID?(cluster: ResourceKey, providerID: string, waitMs: number): Promise<NodeInfo | undefined>;
  listNodes(cluster: ResourceKey): Promise<NodeInfo[]>;
  /**
   * Optional: every Node, held up to `waitMs` until the nodes' conditions may differ from what
   * `since` (a `version` this method answered before) described; answers at once without `since`.
   * `version` is opaque to callers. A provider may answer early on other node changes (a cordon),
   * never late. `signal` aborts the wait (the activity was cancelled). Providers with a watch or
   * long-poll implement it; others are polled through listNodes.
   */
  waitForNodeConditionsChange?(
    cluster: ResourceKey,
    since: string | undefined,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<{ nodes: NodeInfo[]; version: string }>;
  /**
   * Optional: issues a kubeadm bootstrap token (`<id>.<secret>`) valid for `ttlSeconds`, as CABPK
   * creates the token a joining machine's data carries. Re-issuing an id replaces its token.
   */
  createBootstrapToken?(cluster: ResourceKey, token: string, ttlSeconds: number): Promise<void>;
  /**
   * Optional: moves a token's expiration to now + `ttlSeconds` while its machine still boots (CABPK's
   * refresh); `undefined` when no such token exists.
   */
  refreshBootstrapToken?(cluster: ResourceKey, tokenId: string, ttlSeconds: number): Promise<{ expiresAt: string } | undefined>;
  /** "already gone" is success */
  deleteNode(cluster: ResourceKey, nodeName: string): Promise<void>;
  /** The Node by name; `undefined` when it does not exist (DrainState.nodeFound). */
  getNode(cluster: ResourceKey, nodeName: string): Promise<NodeInfo | undefined>;
  /** Sets `spec.unschedulable` (true cordons, false uncordons); idempotent; `undefined` when the Node does not exist. */
  cordonNode(cluster: ResourceKey, nodeName: string, unschedulable: boolean): Promise<NodeInfo | undefined>;
  /** Every Pod bound to the node, terminating ones included (DrainState.pods); `[]` for a missing node. */
  listPodsOnNode(cluster: ResourceKey, nodeName: string): Promise<PodInfo[]>;
  /** One call of the Eviction API; answers 404 and 429 (and other refusals) as outcomes, never throws for them. */
  evictPod(cluster: ResourceKey, pod: PodRef, opts?: EvictionOptions): Promise<EvictionOutcome>;
  /** Every PodDisruptionBudget with its status (DrainState.pdbs). */
  listPodDisruptionBudgets(cluster: ResourceKey): Promise<PodDisruptionBudgetInfo[]>;
  /** Labels of every Namespace, by name (DrainState.namespaceLabels). */
  listNamespaces(cluster: ResourceKey): Promise<Record<string, Record<string, string>>>;
  /**
   * Volumes attached to the node, each as `node.status.volumesAttached` and as a VolumeAttachment
   * lists it, resolved to PersistentVolume and claim (VolumeDetachState.attached); `[]` for a missing node.
   */
  listVolumeAttachments(cluster: ResourceKey, nodeName: string): Promise<AttachedVolume[]>;
  /** `etcdctl member list` with leader and health (ControlPlaneState.etcdMembers). */
  listEtcdMembers(cluster: ResourceKey): Promise<EtcdMember[]>;
  /**
   * `etcdctl member remove`; "already gone" is success (`removed: false`). Refused (retryable
   * Conflict) when the members left would lose quorum.
   */
  removeEtcdMember(cluster: ResourceKey, memberId: string): Promise<{ removed: boolean }>;
  /** `etcdctl move-leader` to a healthy voting member; answers the member list after the move. */
  moveEtcdLeader(cluster: ResourceKey, to: EtcdMemberRef): Promise<EtcdMember[]>;
  /** KCP's static-pod and etcd conditions of every control-plane node. */
  controlPlaneHealth(cluster: ResourceKey): Promise<ControlPlaneNodeHealth[]>;
  /** Probes the API server (`/readyz`); answers false with the reason instead of throwing when it is down or missing. */
  apiServerHealthy(cluster: ResourceKey): Promise<ApiServerHealth>;
}
