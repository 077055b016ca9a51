import type { MachineRole } from '../../status/types';
import type { NodeDeletionDecision } from './deleteNodeAllowed';
import type { DrainPlan, DrainState } from './types';
import type { VolumeDetachPlan, VolumeDetachState } from './volumeDetach';

/** The Machine Deleting condition reasons, i.e. the stage a deletion is in. */
export type DeletionStage =
  | 'Paused'
  | 'WaitingForPreDrainHook'
  | 'DrainingNode'
  | 'WaitingForVolumeDetach'
  | 'WaitingForPreTerminateHook'
  | 'WaitingForInfrastructureDeletion'
  | 'WaitingForBootstrapDeletion'
  | 'DeletingNode'
  | 'DeletionCompleted';

/** `status.deletion` plus what Capstan latches between passes. */
export interface DeletionProgress {
  waitForPreDrainHookStartTime?: string;
  nodeDrainStartTime?: string;
  /** the drain finished once (the Node is cordoned, so nothing comes back) */
  drainCompleted?: boolean;
  waitForNodeVolumeDetachStartTime?: string;
  volumesDetached?: boolean;
  waitForPreTerminateHookStartTime?: string;
  /** outcome of the last Node delete attempt */
  nodeDeletion?: { deleted: true } | { deleted: false; lastError: string; lastAttemptAt: string };
}

export type ObjectPresence = 'present' | 'deleting' | 'gone';

export interface MachineDeletionState {
  machine: {
    name: string;
    role: MachineRole;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    /** `status.nodeRef.name`, or the Node one last lookup by providerID found */
    nodeName?: string;
    /** the deletionTimestamp */
    deletionRequestedAt: string;
    /** for messages: "Waiting for DockerMachine to be deleted" */
    infrastructureKind: string;
    bootstrapKind?: string;
  };
  cluster: { deleting: boolean; paused: boolean };
  controlPlane?: { deleting: boolean; externallyManaged: boolean };
  /** control-plane Machines of the Cluster without a deletion request */
  nonDeletingControlPlaneMachines: number;
  progress: DeletionProgress;
  infrastructure: ObjectPresence;
  /** 'gone' also when the Machine has no bootstrap config reference */
  bootstrap: ObjectPresence;
  timeouts: {
    nodeDrainTimeoutSeconds?: number;
    nodeVolumeDetachTimeoutSeconds?: number;
    /** default 10; 0 retries forever */
    nodeDeletionTimeoutSeconds?: number;
  };
  /** observed for the drain step; when missing and needed, the plan asks for it */
  drain?: Omit<DrainState, 'machine' | 'nodeName' | 'drainStartedAt' | 'nodeDrainTimeoutSeconds'>;
  /** observed for the volume-detach step; when missing and needed, the plan asks for it */
  volumes?: Omit<
    VolumeDetachState,
    'machineAnnotations' | 'nodeName' | 'startedAt' | 'nodeVolumeDetachTimeoutSeconds'
  >;
}

export type DeletionAction =
  | { kind: 'waitPaused' }
  | { kind: 'waitForHooks'; hooks: string[] }
  | { kind: 'observe'; what: 'drain' | 'volumes' }
  | { kind: 'drain'; plan: DrainPlan }
  | { kind: 'waitForVolumeDetach'; plan: VolumeDetachPlan }
  | { kind: 'deleteInfrastructure' }
  | { kind: 'waitForInfrastructureDeletion' }
  | { kind: 'deleteBootstrap' }
  | { kind: 'waitForBootstrapDeletion' }
  /** retry within one pass for `retryForSeconds`; after `giveUpAt` a failure ends the attempts */
  | { kind: 'deleteNode'; nodeName: string; retryForSeconds: number; giveUpAt?: string }
  | { kind: 'removeFinalizer' };

export interface MachineDeletionStep {
  stage: DeletionStage;
  action: DeletionAction;
  /** progress to persist before acting (CAPI patches these first, so a crash is re-entrant) */
  record: Partial<DeletionProgress>;
  /** the Deleting condition message, as CAPI words it */
  message: string;
  /** one sentence for `describe` */
  reason: string;
  /** the Ready summary (CAPI `calculateDeletingConditionForSummary`) */
  readySummary: string;
  /** steps skipped on the way, and why */
  skipped: string[];
  nodeDeletion: NodeDeletionDecision;
  /** when to plan again if nothing else happens */
  nextCheckAt?: string;
}
