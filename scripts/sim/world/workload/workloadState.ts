/**
 * The persisted state of a workload cluster besides its Nodes: Pods, the controllers that own
 * them, PodDisruptionBudgets, etcd, attached volumes and injected faults. Plain JSON, times as epoch
 * milliseconds; every pending transition is a due time (`startDueAt`, `terminationDueAt`, ...)
 * applied by the timeline, exactly like the machine lifecycle in worldState.ts.
 */
import type { PodPhase } from '../../../../shared/planners/drain';
import type { IntOrPercent } from '../../../../shared/model/desired';
import type { NodeCondition } from '../../../../activities/providers/types';
import type {
  SimChaosScenario,
  SimDrainLabel,
  SimFaultRequest,
} from '../../../../activities/providers/sim/simWorkloadApi';

/** Kinds of controller the sim runs; `Node` is the owner Kubernetes gives a static Pod's mirror. */
export type SimOwnerKind = 'ReplicaSet' | 'Job' | 'DaemonSet' | 'Node';

export interface PodRecord {
  namespace: string;
  name: string;
  ownerKind: SimOwnerKind;
  ownerName: string;
  /** bound node; unset while the Pod waits for the scheduler */
  nodeName?: string;
  phase: PodPhase;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: number;
  startedAt?: number;
  /** a Pending Pod is scheduled (or, when bound, started by its kubelet) at this instant */
  startDueAt?: number;
  /** why a Pending Pod without `startDueAt` is not running (no node fits, kubelet unreachable) */
  pendingReason?: string;
  deletionTimestamp?: number;
  /** unset on a terminating Pod while its node's kubelet is unreachable: nobody confirms the kill */
  terminationDueAt?: number;
  /** a Job Pod succeeds at this instant */
  completesAt?: number;
  localStorage: boolean;
  claims: string[];
  /** injected: the container is not ready (static Pods) */
  notReadyReason?: string;
}

export interface WorkloadRecord {
  namespace: string;
  name: string;
  kind: 'ReplicaSet' | 'Job';
  replicas: number;
  podLabels: Record<string, string>;
  drainLabel?: SimDrainLabel;
  volumes: { emptyDir: boolean; claims: string[] };
  runForMs?: number;
  createdAt: number;
}

export interface PdbRecord {
  namespace: string;
  name: string;
  /** matchLabels of the budget's selector */
  selector: Record<string, string>;
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
}

export interface EtcdMemberRecord {
  /** 16 hex digits, drawn from the world's seeded PRNG */
  id: string;
  /** the node name, as kubeadm names stacked etcd members */
  name: string;
  peerURL: string;
  isLearner: boolean;
  /** injected: the member does not answer health checks */
  faultUnhealthy: boolean;
  addedAt: number;
}

export interface EtcdState {
  members: Record<string, EtcdMemberRecord>;
  leaderId?: string;
}

export interface VolumeRecord {
  /** PersistentVolume name */
  pvName: string;
  claim?: { namespace: string; name: string };
  nodeName: string;
  attachedAt: number;
  /** overrides the volumeDetachMs latency (injected volumes) */
  detachAfterMs?: number;
  detachDueAt?: number;
  faultId?: string;
}

/** How to undo a fault that changed a record when it was injected. */
export type FaultUndo =
  | { kind: 'nodeCondition'; node: string; previous?: NodeCondition }
  | { kind: 'etcdMember'; memberId: string; faultUnhealthy: boolean; isLearner: boolean }
  | { kind: 'staticPod'; podKey: string; notReadyReason?: string };

export interface FaultRecord {
  id: string;
  request: SimFaultRequest;
  injectedAt: number;
  until?: number;
  /** counted faults (failProvisioning, slowBoot with a count): machines still to affect */
  remaining?: number;
  undo?: FaultUndo;
}

export type ScheduledFaultKind = 'nodeCondition' | 'apiServerOutage' | 'etcdMember';

export interface ScheduledFaultRecord {
  id: string;
  at: number;
  kind: ScheduledFaultKind;
  forMs: number;
  pick: number;
  fired: boolean;
  target?: string;
  seed: number;
  scenario: SimChaosScenario;
}

export interface WorkloadClusterState {
  pods: Record<string, PodRecord>;
  workloads: Record<string, WorkloadRecord>;
  pdbs: Record<string, PdbRecord>;
  etcd: EtcdState;
  volumes: Record<string, VolumeRecord>;
  /** active faults by id */
  faults: Record<string, FaultRecord>;
  scheduledFaults: Record<string, ScheduledFaultRecord>;
  /** numbers fault and chaos ids within the cluster */
  nextFaultSeq: number;
}

export function emptyWorkloadState(): WorkloadClusterState {
  return {
    pods: {},
    workloads: {},
    pdbs: {},
    etcd: { members: {} },
    volumes: {},
    faults: {},
    scheduledFaults: {},
    nextFaultSeq: 1,
  };
}

export const objectKey = (namespace: string, name: string): string => `${namespace}/${name}`;
export const volumeKey = (pvName: string, nodeName: string): string => `${pvName}@${nodeName}`;

/** Keys in a fixed order, so every controller pass (and its PRNG draws) is the same in every world. */
export function sortedValues<T>(records: Record<string, T>): T[] {
  return Object.keys(records)
    .sort()
    .map((k) => records[k]!);
}
