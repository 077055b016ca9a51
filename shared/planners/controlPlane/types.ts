import type { ConditionInput } from '../../status/conditions';
import type { FailureDomain } from '../failureDomains';

/**
 * Inputs and outputs of the KubeadmControlPlane planner (capi-behaviour.md §4). Everything here is
 * plain JSON: the workflow observes the world (activities), builds a `ControlPlaneState`, calls
 * `planControlPlane(state, now)` and applies the one intent it gets back.
 */

export type { FailureDomain };

export type ConditionState = 'True' | 'False' | 'Unknown';

/** KCP's per-Machine health conditions (`reconcileControlPlaneAndMachinesConditions`) plus the MHC ones. */
export type MachineConditionType =
  | 'APIServerPodHealthy'
  | 'ControllerManagerPodHealthy'
  | 'SchedulerPodHealthy'
  | 'EtcdPodHealthy'
  | 'EtcdMemberHealthy'
  | 'NodeKubeadmLabelsAndTaintsSet'
  | 'HealthCheckSucceeded'
  | 'OwnerRemediated';

/**
 * The KCP annotations `remediation-in-progress` (on the KCP) and `remediation-for` (on the
 * replacement Machine) carry this record (`RemediationData` in remediation.go).
 */
export interface RemediationRecord {
  /** the Machine that was remediated (deleted) */
  machine: string;
  /** ISO time of the remediation */
  timestamp: string;
  /** how many times in a row the replacement of this Machine failed again within minHealthyPeriod */
  retryCount: number;
}

export interface ControlPlaneSpec {
  /** the KubeadmControlPlane name (for messages) */
  name: string;
  replicas: number;
  /** Kubernetes version with leading `v` */
  version: string;
  /**
   * Identity of the machine template (infrastructure template ref + KubeadmConfig spec). A
   * Machine whose recorded hash differs is outdated. See `controlPlaneTemplateHash`.
   */
  templateHash: string;
  rollout: {
    maxSurge: 0 | 1;
    /** `spec.rollout.after`: Machines created before this time are rolled out once it has passed */
    after?: string;
    /** `spec.rollout.before.certificatesExpiryDays` (0 or unset = off) */
    certificatesExpiryDays?: number;
  };
  remediation: {
    /** unset = retry forever */
    maxRetry?: number;
    retryPeriodSeconds: number;
    /** CAPI default 3600 */
    minHealthyPeriodSeconds: number;
  };
}

/** One control-plane Machine as KCP sees it. */
export interface ControlPlaneMachine {
  name: string;
  version: string;
  /** the template hash recorded when the Machine was created */
  templateHash: string;
  /** ISO creation time */
  createdAt: string;
  failureDomain?: string;
  /** `status.nodeRef.name`; also the name of the Machine's etcd member */
  nodeName?: string;
  /** ISO `deletionTimestamp`; set once deletion was requested */
  deletionRequestedAt?: string;
  /**
   * The Machine controller stopped at the pre-terminate hooks (Deleting condition reason
   * `WaitingForPreTerminateHook`): drain and volume detach are done.
   */
  waitingForPreTerminateHook?: boolean;
  /** Machine annotations: delete-machine, remediate-machine, pre-terminate hooks … */
  annotations: Record<string, string>;
  /** health conditions; a missing entry means the condition is not set */
  conditions: Partial<Record<MachineConditionType, ConditionState>>;
  /** the `remediation-for` annotation: set on a Machine created to replace a remediated one */
  remediationFor?: RemediationRecord;
  /** ISO expiry of the API server certificate (`machine.cluster.x-k8s.io/certificates-expiry`) */
  certificatesExpiryDate?: string;
}

/** One etcd member as `etcdctl member list` (plus status) reports it. */
export interface EtcdMember {
  id: string;
  /** the member name is the Node name; empty while the member is still starting */
  name: string;
  isLearner: boolean;
  isLeader: boolean;
  /**
   * Member health as reported by etcd (no alarms). Used only for members without a Machine, as
   * CAPI does; a member with a Machine is judged by that Machine's EtcdMemberHealthy condition.
   */
  healthy: boolean;
}

export interface ControlPlaneState {
  spec: ControlPlaneSpec;
  /** all Machines owned by the KCP, deleting ones included */
  machines: readonly ControlPlaneMachine[];
  /** the etcd member list; undefined when it could not be read */
  etcdMembers: readonly EtcdMember[] | undefined;
  /** `Cluster.status.failureDomains` (only `controlPlane: true` ones are used) */
  failureDomains: readonly FailureDomain[];
  /** `status.initialization.controlPlaneInitialized`: one-way latch */
  initialized: boolean;
  /** the KCP `remediation-in-progress` annotation */
  remediationInProgress?: RemediationRecord;
  /** `status.lastRemediation` (reported in the Remediating condition) */
  lastRemediation?: RemediationRecord;
}

/**
 * The one operation to do next. How the workflow applies each (one activity or state change):
 * - createMachine: create a Machine named deterministically, at `spec.version`, recording
 *   `spec.templateHash`, with the KCP pre-terminate hook annotation, bootstrapped with kubeadm
 *   init or join, in `failureDomain`; if `remediationFor` is set, store it on the new Machine
 *   and clear the remediation-in-progress record.
 * - forwardEtcdLeadership: move etcd leadership from the member on `from`'s Node to the one on `to`'s.
 * - deleteMachine: request deletion of the Machine (drain etc. follow; the hook holds it).
 * - removeEtcdMember: `etcdctl member remove memberId` through a member other than the removed one.
 * - removePreTerminateHook: drop the KCP hook so the Machine controller deletes the infrastructure.
 * - markRemediation: store `record` as remediation-in-progress (and last remediation), set the
 *   Machine's OwnerRemediated condition from the plan, then request the Machine's deletion.
 * - wait / none: nothing; plan again when something changes (KCP requeues after 15 s, 30 s
 *   while waiting for deletions).
 */
export type ControlPlaneIntent =
  | {
      type: 'createMachine';
      role: 'init' | 'join';
      failureDomain?: string;
      reason: string;
      /** set when this Machine replaces a remediated one */
      remediationFor?: RemediationRecord;
    }
  | { type: 'forwardEtcdLeadership'; from: string; to: string; reason: string }
  | { type: 'deleteMachine'; name: string; reason: string }
  | {
      type: 'removeEtcdMember';
      memberId: string;
      memberName: string;
      /** the deleting Machine whose member this is; absent for a member no Machine owns */
      machine?: string;
      reason: string;
    }
  | { type: 'removePreTerminateHook'; machine: string; reason: string }
  | { type: 'markRemediation'; machine: string; record: RemediationRecord; reason: string }
  | { type: 'wait'; reason: string }
  | { type: 'none'; reason: string };

export type ControlPlaneIntentType = ControlPlaneIntent['type'];

/** Conditions the planner computed; apply them with `setCondition` on the KCP and on each Machine. */
export interface PlannedConditions {
  controlPlane: ConditionInput[];
  machines: Record<string, ConditionInput[]>;
}

export interface ControlPlanePlan {
  intent: ControlPlaneIntent;
  /** every consideration that shaped the intent, in reconcile order (for logs and `describe`) */
  reasons: string[];
  conditions: PlannedConditions;
}
