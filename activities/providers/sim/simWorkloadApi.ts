/**
 * The wire contract of the simulated workload clusters (routes under
 * `/v1/clusters/{ns}/{name}/...`, listed in simApi.ts): Pods, PodDisruptionBudgets, the Eviction
 * API, etcd membership, control-plane component health, user workloads, and the faults a test or
 * the CLI injects. Views are shaped after what the pure planners read (shared/planners/drain,
 * health, controlPlane), so the providers only copy fields.
 */
import type {
  AttachedVolume,
  PodDisruptionBudgetInfo,
  PodOwnerKind,
  PodPhase,
} from '../../../shared/planners/drain';
import type { ConditionState, EtcdMember } from '../../../shared/planners/controlPlane';
import type { IntOrPercent } from '../../../shared/model/desired';
import type { EvictionOutcome } from '../types';

/** A list answer; `resourceVersion` changes exactly when `items` do (pass it back with `waitMs` to long-poll). */
export interface SimVersionedList<T> {
  items: T[];
  resourceVersion: string;
}

export interface SimPodView {
  namespace: string;
  name: string;
  /** unset while the Pod waits for the scheduler */
  nodeName?: string;
  /** kind of the controlling ownerReference: ReplicaSet, Job, DaemonSet, or Node for a mirror Pod */
  ownerKind: PodOwnerKind;
  ownerName: string;
  /** a static Pod's mirror (annotation `kubernetes.io/config.mirror`) */
  mirror?: boolean;
  phase: PodPhase;
  /** the Pod's Ready condition: Running, not terminating, on a Ready node */
  ready: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  deletionTimestamp?: string;
  /** has an emptyDir volume */
  localStorage?: boolean;
  /** PersistentVolumeClaim names of its volumes */
  claims?: string[];
  createdAt: string;
  startedAt?: string;
  /** why a Pending Pod is not running yet, worded like the scheduler's FailedScheduling event */
  pendingReason?: string;
}

export interface SimPdbView extends PodDisruptionBudgetInfo {
  /** set when the disruption controller cannot compute the budget (it then allows no disruption) */
  syncFailure?: string;
}

export interface SimNamespaceView {
  name: string;
  labels: Record<string, string>;
}

/**
 * What `POST .../pods/{podNs}/{pod}/eviction` answered, with the HTTP status it came with:
 * 201 evicted, 404 notFound, 429 refused (a PodDisruptionBudget), 500 failed (more than one budget).
 */
export type SimEvictionResult = EvictionOutcome;

export interface SimEvictionRequest {
  /** DeleteOptions.gracePeriodSeconds; CAPI passes 1 for an unreachable node */
  gracePeriodSeconds?: number;
}

export interface SimEtcdMemberView extends EtcdMember {
  peerURLs: string[];
}

export interface SimEtcdLeaderRequest {
  /** exactly one of the two */
  toMemberId?: string;
  toMemberName?: string;
}

export type SimControlPlaneConditionType =
  | 'APIServerPodHealthy'
  | 'ControllerManagerPodHealthy'
  | 'SchedulerPodHealthy'
  | 'EtcdPodHealthy'
  | 'EtcdMemberHealthy';

export const SIM_CONTROL_PLANE_CONDITIONS: readonly SimControlPlaneConditionType[] = [
  'APIServerPodHealthy',
  'ControllerManagerPodHealthy',
  'SchedulerPodHealthy',
  'EtcdPodHealthy',
  'EtcdMemberHealthy',
];

/** KCP's per-Machine health conditions for one control-plane node, as CAPI computes them from the workload cluster. */
export interface SimControlPlaneNodeHealth {
  nodeName: string;
  conditions: Record<SimControlPlaneConditionType, ConditionState>;
  /** reason and message of each condition (CAPI's wording where it has one) */
  details: Record<SimControlPlaneConditionType, { reason: string; message: string }>;
}

export interface SimReadyz {
  ready: true;
}

export type SimDrainLabel = 'skip' | 'wait-completed';

/**
 * A user workload: a ReplicaSet (or, with `runForMs`, a Job) of `replicas` Pods and an optional
 * PodDisruptionBudget over them. POSTing it again applies the new spec (replicas, budget).
 */
export interface SimWorkloadRequest {
  name: string;
  /** default "default" */
  namespace?: string;
  replicas: number;
  /** default `{app: <name>}`; also the budget's selector */
  podLabels?: Record<string, string>;
  pdb?: { minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent };
  /** sets the Pod label `cluster.x-k8s.io/drain` */
  drainLabel?: SimDrainLabel;
  volumes?: { emptyDir?: boolean; claims?: string[] };
  /** a Job: each Pod succeeds this long after it starts, and finished Pods are not replaced */
  runForMs?: number;
}

export interface SimWorkloadView {
  namespace: string;
  name: string;
  kind: 'ReplicaSet' | 'Job';
  replicas: number;
  podLabels: Record<string, string>;
  pdb?: { name: string; minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent };
  drainLabel?: SimDrainLabel;
  volumes: { emptyDir: boolean; claims: string[] };
  runForMs?: number;
  /** Pods that are Running and Ready */
  readyReplicas: number;
  /** Job Pods that finished */
  succeeded: number;
}

export type SimControlPlaneComponent =
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'etcd';

export const SIM_CONTROL_PLANE_COMPONENTS: readonly SimControlPlaneComponent[] = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'etcd',
];

/**
 * A fault to inject into one cluster, effective at once. `forMs` makes it recover by itself;
 * without it, it lasts until `DELETE .../faults/{id}` (or, for counted faults, until used up).
 */
export type SimFaultRequest =
  | {
      kind: 'nodeCondition';
      node: string;
      /** default Ready */
      type?: string;
      status: ConditionState;
      reason?: string;
      message?: string;
      forMs?: number;
      /**
       * Survives a power cycle of the node's machine (a broken disk or NIC). Without it a reboot
       * clears the fault, as restarting the kubelet and the node's services would.
       */
      persistent?: boolean;
    }
  | { kind: 'apiServerOutage'; forMs?: number; message?: string }
  | {
      kind: 'etcdMember';
      /** member name (the node name) or member id */
      member: string;
      healthy?: boolean;
      learner?: boolean;
      forMs?: number;
    }
  | { kind: 'failProvisioning'; count: number; namePrefix?: string; reason?: string }
  | { kind: 'slowBoot'; extraMs: number; count?: number; namePrefix?: string }
  | { kind: 'staticPod'; node: string; component: SimControlPlaneComponent; ready: boolean; forMs?: number }
  | {
      kind: 'volume';
      node: string;
      /** the PersistentVolumeClaim bound to the volume; without it the PersistentVolume has no claimRef */
      claim?: { namespace: string; name: string };
      /** how long after the last Pod using it is gone the volume detaches */
      detachAfterMs: number;
    };

export type SimFaultKind = SimFaultRequest['kind'];

export interface SimFaultView {
  id: string;
  kind: SimFaultKind;
  description: string;
  injectedAt: string;
  /** when it recovers by itself */
  until?: string;
  /** counted faults: machines it will still affect */
  remaining?: number;
  request: SimFaultRequest;
}

export type SimChaosScenario = 'node-blips' | 'api-blips' | 'etcd-blips' | 'mixed';

export const SIM_CHAOS_SCENARIOS: readonly SimChaosScenario[] = [
  'node-blips',
  'api-blips',
  'etcd-blips',
  'mixed',
];

/** Schedules `events` faults at seeded-random instants within `durationMs` from now. */
export interface SimChaosRequest {
  cluster: { namespace: string; name: string };
  seed: number;
  scenario: SimChaosScenario;
  durationMs: number;
  /** default 5 */
  events?: number;
  /** how long each fault lasts, drawn in [minDownMs, maxDownMs]; default 5s..30s */
  minDownMs?: number;
  maxDownMs?: number;
}

export interface SimScheduledFaultView {
  id: string;
  at: string;
  kind: 'nodeCondition' | 'apiServerOutage' | 'etcdMember';
  forMs: number;
  /** a number in [0, 1) that picks the target among the candidates sorted by name when the fault fires */
  pick: number;
  /** the target, once the fault fired */
  target?: string;
  fired: boolean;
}

export interface SimChaosView {
  cluster: { namespace: string; name: string };
  seed: number;
  scenario: SimChaosScenario;
  scheduled: SimScheduledFaultView[];
}

export interface SimSettings {
  /**
   * When true, an etcd cluster that lost quorum (fewer than a majority of voting members healthy)
   * takes the workload cluster's API server down: every workload route answers 503, as with
   * kubeadm's stacked etcd. On by default: KCP removes a control-plane machine's etcd member before
   * the machine goes, so quorum holds; turn it off to study a world that lost quorum anyway.
   */
  quorumLossTakesApiServerDown: boolean;
}

/** One cluster's workload side in the world dump. */
export interface SimWorldWorkloadView {
  namespace: string;
  cluster: string;
  apiServer: { available: boolean; message: string };
  etcd: { members: SimEtcdMemberView[]; quorum: boolean };
  pods: SimPodView[];
  pdbs: SimPdbView[];
  workloads: SimWorkloadView[];
  volumeAttachments: Array<AttachedVolume & { nodeName: string }>;
  faults: SimFaultView[];
  chaos: SimScheduledFaultView[];
}
