/**
 * Upgrade campaigns (`upgradeCampaignWorkflow`, ID `campaign/<name>`): the spec a user writes, the
 * snapshot the workflow takes of it at start, the state it carries, and what it observes of each
 * cluster. The model is Azure Fleet's run → stage → group → member (fleet-waves-and-temporal.md
 * A.1): waves run one after the other, the groups of a wave in parallel, and each scope has a
 * concurrency cap, a failure budget, and gates (soak, approval) that run at the same time.
 */
import type { LabelSelector } from '../../model/rules/labelSelector';

/** A count (`2`) or a percentage of the scope's clusters (`"25%"`). */
export type IntOrPercent = number | string;

/** Knobs of one scope (wave or group). */
export interface GatePolicy {
  /** clusters upgrading at once; a count or a % of the scope's clusters (rounded down, at least 1) */
  maxConcurrency?: IntOrPercent;
  /** failed clusters tolerated; a count or a % of the scope's clusters (rounded up); one more pauses the campaign */
  maxAllowedFailures?: IntOrPercent;
  /** wait after the scope's clusters are done, a Go duration ("72h"), at most 720h (30 days) */
  soak?: string;
  /** after the scope's clusters are done, wait for an `approve` (at the same time as the soak) */
  requireApproval?: boolean;
}

export interface GroupSpec extends GatePolicy {
  name: string;
  selector: LabelSelector;
}

/** An explicit stage: the clusters its selector matches, optionally split into groups. */
export interface StageSpec extends GatePolicy {
  name: string;
  selector: LabelSelector;
  /** explicit groups (each cluster of the stage must match exactly one) */
  groups?: GroupSpec[];
  /** or one group per value of this label */
  groupByLabel?: string;
  /** policy of every group made by groupByLabel */
  groupDefaults?: GatePolicy;
}

/** Waves by a label (`upgrade-wave: "1"`), ascending (numerically when every value is a number). */
export interface WavesByLabelSpec {
  label: string;
  /** explicit wave order; every selected cluster's value must be listed (values with no cluster are empty waves, skipped) */
  order?: string[];
  /** policy of every wave */
  defaults?: GatePolicy;
  /** per wave value, over the defaults */
  overrides?: Record<string, GatePolicy>;
  /** groups inside each wave: one per value of this label */
  groupByLabel?: string;
  groupDefaults?: GatePolicy;
}

export type WavesSpec = { byLabel: WavesByLabelSpec } | { stages: StageSpec[] };

export type Weekday = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';
export const WEEKDAYS: readonly Weekday[] = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * A recurring maintenance window, in UTC, for the clusters its selector matches (all when
 * absent). A precondition on *starting* a cluster's upgrade, never on finishing it.
 */
export interface MaintenanceWindowSpec {
  name?: string;
  selector?: LabelSelector;
  /** days on which the window opens (default every day) */
  days?: Weekday[];
  /** "HH:MM", UTC */
  start: string;
  /** Go duration, more than 0 and at most 24h */
  duration: string;
}

/** A campaign-level blackout (a sales event, a freeze): no cluster upgrade starts inside it. */
export interface ExclusionWindowSpec {
  name?: string;
  /** RFC 3339 */
  start: string;
  end: string;
}

export interface CampaignSpec {
  /** the campaign's name; its workflow ID is `campaign/<name>` */
  name: string;
  /** the Kubernetes version every selected cluster ends on (or give stagedChanges) */
  targetVersion?: string;
  /**
   * Instead of a version: roll out the change each selected cluster holds staged (a ClusterClass
   * change synced under `capstan.io/rollout-policy: Campaign`). The staged revision of every
   * cluster is pinned at start; selected clusters with nothing staged are left out.
   */
  stagedChanges?: boolean;
  /**
   * One version per minor between a cluster's minor and the target's, for clusters more than one
   * minor behind (Kubernetes upgrades one minor at a time, as CAPI's chained upgrades do): a
   * cluster at v1.30.x going to v1.32.3 first goes to the v1.31 entry listed here.
   */
  intermediateVersions?: string[];
  clusters?: { namespace?: string; selector?: LabelSelector };
  waves: WavesSpec;
  maintenanceWindows?: MaintenanceWindowSpec[];
  exclusionWindows?: ExclusionWindowSpec[];
  /** how long one upgrade step of one cluster may take before it counts as failed (default 6h, at most 720h) */
  upgradeTimeout?: string;
}

/** A spec problem: the field (dotted path from the spec root), a rule id, and the sentence. */
export interface CampaignSpecIssue {
  path: string;
  rule: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Snapshot: the spec resolved against the fleet at start, never changed afterwards.

/** A scope's policy with the percentages resolved against its size; null = no limit of its own. */
export interface ResolvedGate {
  maxConcurrency: number | null;
  maxAllowedFailures: number | null;
  soakSeconds: number;
  requireApproval: boolean;
}

export interface SnapshotGroup {
  name: string;
  gate: ResolvedGate;
  /** cluster keys (`ns/name`), in start order */
  clusters: string[];
}

export interface SnapshotWave {
  name: string;
  /** maxConcurrency and maxAllowedFailures are never null for a wave */
  gate: ResolvedGate;
  groups: SnapshotGroup[];
}

export interface SnapshotCluster {
  key: string;
  namespace: string;
  name: string;
  wave: number;
  group: number;
  /** the desired version read from the cluster's own workflow at start */
  fromVersion: string;
  /** pinned upgrade steps, one per minor, ending with the target; [] when already at the target (staged: [revision]) */
  steps: string[];
  /** indices into snapshot.maintenanceWindows */
  windows: number[];
}

export interface ResolvedMaintenanceWindow {
  name: string;
  /** 0 = Sunday … 6 = Saturday */
  days: number[];
  /** minutes after 00:00 UTC */
  startMinute: number;
  durationSeconds: number;
}

export interface ResolvedExclusionWindow {
  name: string;
  startMs: number;
  endMs: number;
}

export interface CampaignSnapshot {
  name: string;
  /**
   * What the steps are: Kubernetes versions (absent: snapshots taken before staged rollouts), or
   * staged revisions (one step per cluster, its pinned revision).
   */
  kind?: 'version' | 'staged';
  /** the target version, or `staged changes` for a staged rollout */
  targetVersion: string;
  waves: SnapshotWave[];
  clusters: Record<string, SnapshotCluster>;
  maintenanceWindows: ResolvedMaintenanceWindow[];
  exclusionWindows: ResolvedExclusionWindow[];
  upgradeTimeoutSeconds: number;
  /** the spec as given, for display */
  spec: CampaignSpec;
  resolvedAt: string;
}

// ---------------------------------------------------------------------------------------------
// What a fresh `describe` query of a cluster's own workflow says (never visibility).

export interface ClusterObservation {
  key: string;
  /** the workflow-side sequence number of the read that produced it (orders reads against upgrade requests) */
  seq: number;
  /** workflow time (ms) when the read was scheduled: a lower bound of its age */
  at: number;
  /** workflow time (ms) when its result was recorded */
  receivedAt?: number;
  /** false when the cluster workflow does not exist */
  found: boolean;
  /** false when the query did not answer (no worker, timeout) */
  reachable: boolean;
  error?: string;
  /** the cluster's desired control-plane version */
  desiredVersion?: string;
  ready?: boolean;
  paused?: boolean;
  deleting?: boolean;
  generation?: number;
  observedGeneration?: number;
  /** control-plane and worker machines by version */
  machineVersions?: Record<string, number>;
  /** every version the control plane and MachineDeployments report */
  componentVersions?: string[];
  failedMachines?: Array<{ name: string; version: string; reason: string }>;
  waitingFor?: string;
  /** the revision of the change the cluster holds staged */
  stagedRevision?: string;
  /** the staged revision the cluster promoted last */
  promotedRevision?: string;
  /** every control-plane and MachineDeployment machine matches its owner's current template (replicas at the declared counts) */
  upToDate?: boolean;
  /** a ClusterClass cluster whose class lists kubernetesVersions: the versions it may use (chained steps come from them) */
  classVersions?: { class: string; versions: string[] };
}

// ---------------------------------------------------------------------------------------------
// State the workflow carries (across continue-as-new).

export type CampaignClusterPhase = 'NotStarted' | 'Pending' | 'Upgrading' | 'Succeeded' | 'Failed' | 'Skipped';

export interface CampaignClusterState {
  phase: CampaignClusterPhase;
  reason: string;
  /** index of the step in progress (Upgrading) or next */
  step: number;
  /** the upgrade Update for the current step was accepted by the cluster workflow */
  requested: boolean;
  /** observations with a higher seq were read after the request */
  requestSeq: number;
  attempts: number;
  /** set by retryFailed: the cluster may start while unhealthy (it is mid-upgrade) */
  retried?: boolean;
  startedAt?: number;
  stepStartedAt?: number;
  finishedAt?: number;
}

export type ScopePhase = 'NotStarted' | 'Running' | 'Halted' | 'Gated' | 'Completed' | 'Skipped';

export interface ScopeState {
  phase: ScopePhase;
  reason: string;
  startedAt?: number;
  /** when every cluster of the scope was done (the gates start here) */
  clustersDoneAt?: number;
  soakUntil?: number;
  approvalRequired: boolean;
  approvedAt?: number;
  approvedBy?: string;
  completedAt?: number;
  /** skipped by an operator: no gates */
  skipped?: boolean;
}

export interface WaveState extends ScopeState {
  groups: ScopeState[];
}

export interface CampaignPause {
  /** why the campaign stopped starting clusters */
  operator?: { reason: string; at: number };
  failureBudget?: { reason: string; at: number };
}

export interface CampaignEvent {
  at: number;
  message: string;
}

export interface CampaignState {
  clusters: Record<string, CampaignClusterState>;
  waves: WaveState[];
  pause: CampaignPause;
  aborted?: { reason: string; at: number };
  finishedAt?: number;
  /** last read sequence number handed out */
  seq: number;
  observations: Record<string, ClusterObservation>;
  /** recent history, newest last (bounded) */
  events: CampaignEvent[];
  startedAt: number;
  /** what the last plan waits for, in words, and when it wakes up by itself */
  waiting?: string;
  wakeAt?: number;
}

// ---------------------------------------------------------------------------------------------
// What one planning pass asks the workflow to do.

export interface StartRequest {
  key: string;
  version: string;
  attempt: number;
  /** the step's position, for the Update ID */
  step: number;
}

export interface WatchEntry {
  key: string;
  /** the step version a change is measured against */
  version: string;
  /** observationFingerprint of the last observation; a change ends the watch */
  fingerprint: string;
}

export interface CampaignPlan {
  state: CampaignState;
  /** read these clusters (fresh describe) before deciding more */
  observe: string[];
  /** send the upgrade Update to these clusters */
  start: StartRequest[];
  /** wait for a change of these clusters */
  watch: WatchEntry[];
  /** wake up by then even if nothing changes (soak end, window opening, upgrade deadline) */
  wakeAt?: number;
  finished: boolean;
}
