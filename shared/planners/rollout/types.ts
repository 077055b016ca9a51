import type { IntOrPercent } from '../../model/desired';
import type { MachinePhase } from '../../status/types';
import type { DeletePolicy } from '../machineDeletionOrder';

/**
 * Inputs and outputs of the MachineDeployment rollout planner. The planner is CAPI's
 * `rolloutPlanner` (core/reconcilers/machinedeployment) made pure: it reads the MachineDeployment
 * spec and the observed MachineSets with their machines, and returns what to change. It never
 * reads a clock: `now` is an ISO string argument.
 */

export type RolloutStrategyType = 'RollingUpdate' | 'OnDelete';

/** The MachineDeployment fields the rollout depends on (v1beta2 names in comments). */
export interface RolloutSpec {
  /** MachineDeployment name; new MachineSets are named after it */
  name: string;
  /** spec.replicas */
  replicas: number;
  /** spec.rollout.strategy; maxSurge/maxUnavailable are read only for RollingUpdate */
  strategy: { type: RolloutStrategyType; maxSurge: IntOrPercent; maxUnavailable: IntOrPercent };
  /** spec.deletion.order, copied to every MachineSet */
  deletePolicy: DeletePolicy;
  /** spec.paused: no rollout progress, only proportional scaling */
  paused: boolean;
  /** spec.rollout.after (RFC 3339) */
  rolloutAfter?: string;
  /** spec.template.spec.minReadySeconds: Ready this long before a machine counts as available */
  minReadySeconds: number;
  /** hash of the template's rollout fields (machineTemplateHash): equal hash = up to date */
  templateHash: string;
}

/** One Machine as the MachineSet sees it. */
export interface RolloutMachine {
  name: string;
  phase: MachinePhase;
  createdAt: string;
  /** when the machine last became Ready (Ready's lastTransitionTime); absent while not Ready */
  readySince?: string;
  /** deletion requested (deletionTimestamp set); a deleting machine is never Ready */
  deleting: boolean;
  /** unset until the Node joined; machines without a node are deleted first */
  nodeName?: string;
  /** e.g. cluster.x-k8s.io/delete-machine */
  annotations?: Record<string, string>;
}

/** One MachineSet (a revision of the MachineDeployment) with its machines. */
export interface RolloutMachineSet {
  name: string;
  /** machinedeployment.clusters.x-k8s.io/revision */
  revision: number;
  /** rollout-field hash of the template this MachineSet stamps machines from */
  templateHash: string;
  createdAt: string;
  /** spec.replicas */
  replicas: number;
  machines: RolloutMachine[];
  /** machinedeployment.clusters.x-k8s.io/desired-replicas as last written; absent = never written */
  desiredReplicasAnnotation?: number;
  /** machinedeployment.clusters.x-k8s.io/max-replicas (replicas + maxSurge) as last written */
  maxReplicasAnnotation?: number;
  /** cluster.x-k8s.io/disable-machine-create: "true" (OnDelete old MachineSets) */
  disableMachineCreate?: boolean;
}

export interface RolloutState {
  spec: RolloutSpec;
  machineSets: RolloutMachineSet[];
  /**
   * The MachineSets are synced in the same pass as this plan (Capstan's MachineDeployment
   * workflow is also its MachineSets' controller): a scale-down picks its machines and marks them
   * deleting at once, already-deleting machines first, so a machine being deleted is known to be
   * unavailable and is never the "available machine the MachineSet controller may still delete"
   * that CAPI's scale-down budget guards against. Without it the planner is CAPI's arithmetic to
   * the letter (see reconcileOldMachineSets.ts for what changes).
   */
  samePassSync?: boolean;
}

/** What CAPI's MachineSet status counters would say, computed from the machines. */
export interface MachineSetStatus {
  /** status.replicas: every machine that still exists, deleting ones included */
  replicas: number;
  /** Ready (Running and not deleting) */
  readyReplicas: number;
  /** Ready for at least minReadySeconds */
  availableReplicas: number;
  /** machines already being deleted (counted in `replicas`, never available); absent = 0 */
  deletingReplicas?: number;
}

/** The annotations the MachineDeployment controller keeps on each of its MachineSets. */
export interface MachineSetAnnotations {
  revision: number;
  desiredReplicas: number;
  maxReplicas: number;
  disableMachineCreate: boolean;
}

export type RolloutIntent =
  | {
      type: 'createMachineSet';
      name: string;
      revision: number;
      templateHash: string;
      /** the initial spec.replicas (already scaled by this plan) */
      replicas: number;
      /** record this as the MachineSet's createdAt: rolloutAfter compares against it */
      createdAt: string;
      annotations: MachineSetAnnotations;
      why: string;
    }
  | { type: 'scaleMachineSet'; name: string; role: 'new' | 'old'; from: number; to: number; why: string }
  | { type: 'annotateMachineSet'; name: string; annotations: MachineSetAnnotations }
  | { type: 'deleteMachineSet'; name: string; why: string };

export interface RolloutPlan {
  intents: RolloutIntent[];
  /** human sentences: what the plan does and, when it holds, what it waits for */
  reasons: string[];
  /** true when the deployment is complete (all replicas up to date and available) */
  complete: boolean;
  /** the name of the MachineSet that is (or will be) current, if any */
  newMachineSet?: string;
}

export type MachineSetSyncIntent =
  | { type: 'createMachines'; machineSet: string; count: number }
  | { type: 'deleteMachines'; machineSet: string; names: string[] };

export interface MachineSetSyncPlan {
  intents: MachineSetSyncIntent[];
  reason: string;
}
