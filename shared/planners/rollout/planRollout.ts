import { buildPlan } from './buildPlan';
import { reconcileDeadlockBreaker } from './deadlockBreaker';
import { isDeploymentComplete, oldMachineSetsToCleanUp } from './deploymentComplete';
import { rolloutAfterAhead } from './nextWakeAt';
import { planProportionalScale } from './proportionalScale';
import { reconcileNewMachineSet } from './reconcileNewMachineSet';
import { reconcileOldMachineSetsRollingUpdate } from './reconcileOldMachineSets';
import { reconcileOldMachineSetsOnDelete } from './reconcileOldMachineSetsOnDelete';
import { initRolloutContext, type PlannedMachineSet, type RolloutContext } from './rolloutContext';
import type { RolloutPlan, RolloutState, RolloutStrategyType } from './types';

function requireStrategy(state: RolloutState, type: RolloutStrategyType): void {
  if (state.spec.strategy.type !== type) {
    throw new Error(
      `plan${type} called for a MachineDeployment with strategy ${state.spec.strategy.type}; use planRollout`,
    );
  }
}

/** The new MachineSet always exists once init ran with createIfMissing. */
function newMachineSetOf(ctx: RolloutContext): PlannedMachineSet {
  if (!ctx.newMS) throw new Error('rollout planner: no new MachineSet after init');
  return ctx.newMS;
}

/** Reconciler.cleanupDeployment runs only once the deployment is complete. */
function finish(state: RolloutState, ctx: RolloutContext): RolloutPlan {
  const after = rolloutAfterAhead(state, ctx.now);
  if (after)
    ctx.waiting.push(
      `spec.rollout.after ${after} is ahead: once it passes, every machine is replaced by a new MachineSet`,
    );
  const complete = isDeploymentComplete(ctx);
  return buildPlan(ctx, { complete, cleanup: complete ? oldMachineSetsToCleanUp(ctx) : [] });
}

/**
 * The entry point: what CAPI's MachineDeployment reconcile does with the MachineSets. Paused →
 * proportional scaling only; otherwise the strategy's rollout.
 */
export function planRollout(state: RolloutState, now: string): RolloutPlan {
  if (state.spec.paused) return planPausedSync(state, now);
  return state.spec.strategy.type === 'OnDelete' ? planOnDelete(state, now) : planRollingUpdate(state, now);
}

/**
 * rolloutRollingUpdate + rolloutPlanner.planRollingUpdate: create the new MachineSet if needed,
 * scale it up within maxSurge, scale old ones down within maxUnavailable, break a deadlock on
 * unavailable old machines, and clean up empty old MachineSets when complete. A paused deployment
 * is handed to planPausedSync, so this never progresses a paused rollout.
 */
export function planRollingUpdate(state: RolloutState, now: string): RolloutPlan {
  requireStrategy(state, 'RollingUpdate');
  if (state.spec.paused) return planPausedSync(state, now);
  const ctx = initRolloutContext(state, now, true);
  const newMS = newMachineSetOf(ctx);
  reconcileNewMachineSet(ctx, newMS);
  reconcileOldMachineSetsRollingUpdate(ctx, newMS);
  reconcileDeadlockBreaker(ctx, newMS);
  return finish(state, ctx);
}

/**
 * rolloutOnDelete + rolloutPlanner.planOnDelete: machines are replaced only after someone deletes
 * an old one; old MachineSets stop creating machines and their spec follows what is left.
 */
export function planOnDelete(state: RolloutState, now: string): RolloutPlan {
  requireStrategy(state, 'OnDelete');
  if (state.spec.paused) return planPausedSync(state, now);
  const ctx = initRolloutContext(state, now, true);
  const newMS = newMachineSetOf(ctx);
  reconcileNewMachineSet(ctx, newMS);
  reconcileOldMachineSetsOnDelete(ctx, newMS);
  return finish(state, ctx);
}

/**
 * Reconciler.sync, for a paused deployment: no new MachineSet is created and the rollout does not
 * move, but a change of spec.replicas is applied proportionally (§2.5). Annotations are
 * refreshed afterwards, so the next pass divides by the new max-replicas. CAPI's sync never
 * cleans up old MachineSets, even when the deployment is complete.
 */
export function planPausedSync(state: RolloutState, now: string): RolloutPlan {
  const ctx = initRolloutContext(state, now, false);
  planProportionalScale(ctx);
  const preface = ['paused: the rollout does not progress; only replica changes are applied, proportionally'];
  if (!ctx.newMS && ctx.createReason)
    preface.push(`paused: on resume a new MachineSet is created (${ctx.createReason})`);
  return buildPlan(ctx, { complete: isDeploymentComplete(ctx), cleanup: [], preface });
}
