import type { IntOrPercent } from '../../model/desired';
import type { LabelSelector } from '../../model/rules/labelSelector';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** Kind of the Pod's controller ownerReference; 'none' for an unreplicated Pod. */
export type PodOwnerKind =
  | 'ReplicaSet'
  | 'DaemonSet'
  | 'StatefulSet'
  | 'Job'
  | 'ReplicationController'
  | 'none'
  | (string & {});

/** A Pod on the Node being drained, as listed through the workload cluster's API. */
export interface DrainPod {
  namespace: string;
  name: string;
  ownerKind: PodOwnerKind;
  /** the controller object is gone (an orphaned DaemonSet Pod is evicted, with a warning) */
  ownerMissing?: boolean;
  /** static Pod seen through its mirror; also detected from the `kubernetes.io/config.mirror` annotation */
  mirror?: boolean;
  phase: PodPhase;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  /** has an emptyDir volume (evicted anyway, with a warning) */
  localStorage?: boolean;
  /** PersistentVolumeClaim names of its volumes (for the volume-detach wait) */
  claims?: readonly string[];
}

export interface PodDisruptionBudgetInfo {
  namespace: string;
  name: string;
  selector: LabelSelector;
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptionsAllowed: number;
}

export type DrainBehavior = 'Drain' | 'Skip' | 'WaitCompleted';

/** MachineDrainRule (v1beta2): first matching rule, by name, decides a Pod's behavior and order. */
export interface MachineDrainRule {
  name: string;
  behavior: DrainBehavior;
  /** only with behavior Drain; lower drains first; default 0 */
  order?: number;
  /** entries ORed; each is selector AND clusterSelector; empty = every Machine in the namespace */
  machines?: readonly { selector?: LabelSelector; clusterSelector?: LabelSelector }[];
  /** entries ORed; each is selector AND namespaceSelector; empty = every Pod */
  pods?: readonly { selector?: LabelSelector; namespaceSelector?: LabelSelector }[];
}

/** What earlier passes recorded about evicting one Pod. */
export interface EvictionAttempt {
  namespace: string;
  name: string;
  firstAttemptAt: string;
  lastAttemptAt: string;
  /** error of the last attempt; absent when it was accepted */
  lastError?: string;
}

/** Everything one drain pass reads. */
export interface DrainState {
  machine: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  clusterLabels: Record<string, string>;
  nodeName: string;
  /** the Node still exists (a missing Node means there is nothing to drain) */
  nodeFound: boolean;
  /** Node Ready condition is Unknown (kubelet unreachable) */
  nodeUnreachable: boolean;
  /** `spec.unschedulable` already true */
  cordoned: boolean;
  pods: readonly DrainPod[];
  pdbs: readonly PodDisruptionBudgetInfo[];
  rules: readonly MachineDrainRule[];
  /** labels of every Namespace of the workload cluster (for namespaceSelector); a Pod whose Namespace is missing is an error */
  namespaceLabels: Record<string, Record<string, string>>;
  attempts: readonly EvictionAttempt[];
  /** `status.deletion.nodeDrainStartTime` */
  drainStartedAt: string;
  /** unset or 0: no limit */
  nodeDrainTimeoutSeconds?: number;
}

export interface PodRef {
  namespace: string;
  name: string;
}

export type WaitReason =
  | 'terminating'
  | 'evictionRefused'
  | 'evictionFailed'
  | 'waitCompleted'
  | 'laterOrder'
  | 'waitCompletedLaterOrder';

export interface WaitingPod extends PodRef {
  why: WaitReason;
  order: number;
  /** when the Pod may be evicted again (refused or failed evictions) */
  retryAt?: string;
  detail?: string;
}

export interface SkippedPod extends PodRef {
  why: string;
}

export type DrainSkipReason = 'ExcludeNodeDrainingAnnotation' | 'NodeNotFound' | 'DrainTimeoutExceeded';

export interface DrainPlan {
  /** drain is not done at all; deletion continues */
  skip?: { reason: DrainSkipReason; message: string };
  /** patch `spec.unschedulable=true` first */
  cordon: boolean;
  /** issue these evictions now (Eviction API, PDBs honoured), within EVICTION_BURST_SECONDS */
  evict: PodRef[];
  /** grace period to pass with the evictions: 1 s for an unreachable Node, else the Pod's own */
  gracePeriodSeconds?: number;
  waitingFor: WaitingPod[];
  skipped: SkippedPod[];
  /** evicted anyway but worth a log line (local storage, unreplicated, orphaned DaemonSet Pod) */
  warnings: { pod: PodRef; message: string }[];
  /** nothing left that blocks the drain */
  done: boolean;
  timedOut: boolean;
  /** done, skipped or timed out: deletion moves on */
  proceed: boolean;
  /** run the next pass at this time */
  nextAttemptAt?: string;
  /** CAPI's DrainingSucceeded / Deleting condition message */
  conditionMessage: string;
  /** one paragraph saying exactly why the drain is where it is */
  explanation: string;
  /** a Pod could not be classified (e.g. its Namespace is missing): CAPI fails the pass */
  errors: string[];
}
