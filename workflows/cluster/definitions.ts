import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { DRAIN_RULES_QUERY, type DrainRulesView } from '../../shared/queries/drainRules';
import type { DesiredCluster } from '../../shared/model/desired';
import type { Condition } from '../../shared/status/conditions';
import type { LifecycleHookState } from '../../shared/planners/lifecycleHooks';
import type { StagedChange } from '../../shared/planners/stagedChange';
import type { RolloutRestartInput, ScaleInput, UpgradeInput } from '../../shared/planners/clusterChangeTypes';
import type {
  ClusterDescription,
  ControlPlaneStatus,
  HealthCheckStatus,
  InfrastructureStatus,
  MachineDeploymentStatus,
} from '../../shared/status/types';

/**
 * Input of clusterWorkflow, and of the `apply` update. Give either the compiled `desired` state
 * (what `capstan apply` sends) or raw CAPI `manifests` (multi-document YAML, handy from the
 * Temporal CLI or Web UI); the workflow compiles and validates manifests itself.
 */
export interface ApplyInput {
  desired?: DesiredCluster;
  manifests?: string;
}

export interface ClusterWorkflowInput extends ApplyInput {
  /** history length that triggers continue-as-new (tests set it low) */
  continueAsNewAfterEvents?: number;
  /** how often health checks re-read node conditions (default 10 s; tests set it low) */
  healthCheckPollMs?: number;
  carried?: ClusterCarriedState;
}

export interface ClusterCarriedState {
  desired: DesiredCluster;
  generation: number;
  deleting: boolean;
  infrastructure: InfrastructureStatus;
  infrastructureRequested: boolean;
  controlPlane?: ControlPlaneStatus;
  machineDeployments: Record<string, MachineDeploymentStatus>;
  started: { controlPlane: boolean; machineDeployments: string[]; healthChecks?: string[] };
  healthChecks?: Record<string, HealthCheckStatus>;
  sentSpecVersions: { controlPlane: number; machineDeployments: Record<string, number> };
  /** MachineDeployments whose upgrade waits (control plane first, then a few at a time) */
  upgradeHolds?: Record<string, string>;
  /**
   * The control-plane view last computed for the MachineDeployments' preflight checks (its
   * fingerprint and sequence number) and the sequence each MachineDeployment was last sent.
   */
  controlPlaneView?: { fingerprint: string; seq: number; sent: Record<string, number> };
  /** lifecycle hooks (present once the cluster has a Runtime Extension): what is owed, what blocks */
  hooks?: LifecycleHookState;
  /** a change held for a campaign (a ClusterClass with rollout policy Campaign); see stagedChange.ts */
  staged?: StagedChange;
  /** the staged revision promoted last */
  promotedRevision?: string;
  conditions: Condition[];
  createdAt: string;
}

export interface ApplyResult {
  generation: number;
  changed: boolean;
}

export type { RolloutRestartInput, ScaleInput, UpgradeInput } from '../../shared/planners/clusterChangeTypes';


export const applyUpdate = defineUpdate<ApplyResult, [ApplyInput]>('apply');

export interface StageResult {
  /** Staged: held for promotion; AlreadyStaged: this revision was staged before; AlreadyApplied: the cluster has it (nothing staged) */
  outcome: 'Staged' | 'AlreadyStaged' | 'AlreadyApplied';
  revision?: string;
  rollouts?: string[];
}
/**
 * Holds a desired state for later promotion instead of applying it (validated like `apply`). An
 * `apply` afterwards supersedes whatever is staged.
 */
export const stageUpdate = defineUpdate<StageResult, [ApplyInput]>('stage');
export interface PromoteInput {
  /** the staged revision to apply: a campaign pins it at start, so a change staged since is refused */
  revision: string;
}
/** Applies the staged change of that revision (a no-op when it is the one promoted last). */
export const promoteStagedUpdate = defineUpdate<ApplyResult, [PromoteInput]>('promoteStaged');
export const scaleUpdate = defineUpdate<ApplyResult, [ScaleInput]>('scale');
export const rolloutRestartUpdate = defineUpdate<ApplyResult & { rolloutAfter: string }, [RolloutRestartInput]>('rolloutRestart');
/** The whole cluster to one version: control plane first, then MachineDeployments (planUpgradeSequence). */
export const upgradeUpdate = defineUpdate<ApplyResult, [UpgradeInput]>('upgrade');
/** Pause or resume reconciliation of the whole cluster (spec.paused). */
export const pauseUpdate = defineUpdate<ApplyResult, []>('pause');
export const resumeUpdate = defineUpdate<ApplyResult, []>('resume');
export const deleteUpdate = defineUpdate<{ accepted: true; alreadyDeleting: boolean }, []>('delete');
export const describeQuery = defineQuery<ClusterDescription>('describe');
/** The cluster's desired state as last applied (compiled, defaulted documents included): the exact side of `capstan diff`. */
export const desiredQuery = defineQuery<{ generation: number; desired: DesiredCluster }>('desired');
/** See shared/queries/drainRules.ts: drains read the current rules on every pass. */
export const drainRulesQuery = defineQuery<DrainRulesView>(DRAIN_RULES_QUERY);
