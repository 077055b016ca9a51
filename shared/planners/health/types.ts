import type { Condition, ConditionInput } from '../../status/conditions';
import type { MachineRole } from '../../status/types';
import type { IntOrPercent, ObjectRef } from '../../model/desired';
import type { LabelSelector } from '../../model/rules/labelSelector';
import type { UnhealthyReason } from './constants';

/** One `checks.unhealthyNodeConditions[]` / `checks.unhealthyMachineConditions[]` entry. */
export interface UnhealthyConditionCheck {
  type: string;
  status: string;
  timeoutSeconds: number;
}

/**
 * What the planner needs of a MachineHealthCheck. `DesiredMachineHealthCheck` is assignable to it;
 * `unhealthyMachineConditions` is the v1beta2 addition (reason `UnhealthyMachine`).
 */
export interface HealthCheckSpec {
  name: string;
  selector: LabelSelector;
  /** node conditions (v1beta1 `unhealthyConditions`) */
  unhealthyConditions: readonly UnhealthyConditionCheck[];
  unhealthyMachineConditions?: readonly UnhealthyConditionCheck[];
  /** default 600; 0 disables the startup check */
  nodeStartupTimeoutSeconds?: number;
  /** `unhealthyLessThanOrEqualTo`; default "100%" */
  maxUnhealthy?: IntOrPercent;
  /** `unhealthyInRange`, e.g. "[1-3]"; takes precedence over maxUnhealthy */
  unhealthyRange?: string;
  /** external remediation: one request named like the Machine is created from this template */
  remediationTemplate?: ObjectRef;
}

/** A Node condition as the workload cluster reports it. */
export interface ObservedNodeCondition {
  type: string;
  status: string;
  lastTransitionTime: string;
}

export interface ObservedNode {
  name: string;
  conditions: readonly ObservedNodeCondition[];
}

/**
 * One Machine of the cluster as the MHC sees it. `nodeRef` set but `node` absent means the Node
 * was looked up and not found (CAPI `nodeMissing`); only pass targets after a successful lookup.
 */
export interface HealthCheckMachine {
  name: string;
  role: MachineRole;
  createdAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Machine conditions: InfrastructureReady, HealthCheckSucceeded, OwnerRemediated, ... */
  conditions: readonly Condition[];
  /** the Machine has a deletionTimestamp */
  deleting: boolean;
  /** kind of the controlling owner: MachineSet, KubeadmControlPlane, MachinePool, ... */
  ownerKind?: string;
  /** `status.nodeRef.name` */
  nodeRef?: string;
  node?: ObservedNode;
}

/** The Cluster fields the MHC reads: its pause flag and its conditions with transition times. */
export interface HealthCheckCluster {
  paused: boolean;
  conditions: readonly Condition[];
}

export type SkipReason = 'PausedAnnotation' | 'SkipRemediationAnnotation';
export type NotEvaluatedReason = 'ControlPlaneNotInitialized' | 'ClusterInfrastructureNotReady';

/**
 * The verdict on one Machine (`needsRemediation` + `healthCheckTargets`):
 * - `healthy`: passes every check; `counted` when it also has a Node and is not deleting, which is
 *   what CAPI counts in `currentHealthy` and marks `HealthCheckSucceeded=True`;
 * - `unhealthy`: needs remediation;
 * - `pending`: fails a check but is still inside its timeout; becomes unhealthy at `recheckAt`;
 * - `notEvaluated`: the cluster is not far enough along to judge it (no penalty);
 * - `skipped`: not a target at all (annotation), so not even counted as expected.
 */
export type MachineHealth =
  | { status: 'healthy'; counted: boolean; message: string }
  | { status: 'unhealthy'; reason: UnhealthyReason; message: string }
  | { status: 'pending'; recheckAt: string; message: string }
  | { status: 'notEvaluated'; reason: NotEvaluatedReason; counted: boolean; message: string }
  | { status: 'skipped'; reason: SkipReason; message: string };

export interface MachineHealthResult {
  machine: string;
  health: MachineHealth;
}

/** Everything one MHC pass reads. */
export interface HealthCheckState {
  check: HealthCheckSpec;
  /** the MachineHealthCheck itself carries `cluster.x-k8s.io/paused` */
  checkPaused?: boolean;
  cluster: HealthCheckCluster;
  /** every Machine of the cluster; the planner applies the selector */
  machines: readonly HealthCheckMachine[];
  /** existing external remediation requests (named like their Machine) */
  remediationRequests?: readonly { name: string; deleting?: boolean }[];
}

export interface MachineConditionPatch {
  machine: string;
  condition: ConditionInput;
}

export interface RemediationRequest {
  /** exactly the Machine's name */
  name: string;
  template: ObjectRef;
  ownerMachine: string;
}

export interface HealthCheckPlan {
  /** set when the Cluster or the MHC is paused: nothing else happens */
  paused?: string;
  targets: string[];
  results: MachineHealthResult[];
  expectedMachines: number;
  currentHealthy: number;
  /** expectedMachines − currentHealthy: what the short-circuit compares */
  unhealthyCount: number;
  remediationAllowed: boolean;
  remediationsAllowed: number;
  /** the MHC's RemediationAllowed condition */
  condition: ConditionInput;
  /** HealthCheckSucceeded on targets (always written, even when short-circuited) */
  machineConditions: MachineConditionPatch[];
  /** OwnerRemediated=False/WaitingForRemediation to set (absent or True before) */
  markOwnerRemediated: string[];
  /** unhealthy Machines no owner will remediate, with the reason */
  notRemediable: { machine: string; reason: string }[];
  createRemediationRequests: RemediationRequest[];
  /** requests of Machines that are healthy again */
  deleteRemediationRequests: string[];
  /** Warning event `RemediationRestricted` (only when something is unhealthy) */
  event?: { type: 'Warning'; reason: 'RemediationRestricted'; message: string };
  /** earliest time a pending Machine turns unhealthy (+1 s) */
  nextCheckAt?: string;
  /** CAPI requeues at once (rate-limited) after a short-circuit */
  requeue: boolean;
}
