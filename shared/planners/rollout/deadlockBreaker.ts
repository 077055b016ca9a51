import { maxUnavailableOf } from './fenceposts';
import { oldestFirst } from './machineSetOrder';
import { totalAvailableReplicas, totalStatusReplicas } from './machineSetTotals';
import { addNote, allMachineSets, type PlannedMachineSet, type RolloutContext } from './rolloutContext';
import { plural } from './words';

/** The note CAPI puts on the new MachineSet when the breaker fires; reasons and tests look for it. */
export const DEADLOCK_BREAKER_NOTE =
  'scaling down by 1 to unblock rollout stuck due to unavailable Machine on oldMS';

/**
 * rolloutPlanner.reconcileDeadlockBreaker, run after every other scale decision. The old-MachineSet
 * step always assumes the worst (the MachineSet deletes an available machine), so with maxUnavailable
 * 0 and an unavailable old machine nothing can move: old MachineSets are never remediated by MHC
 * and the new one is already full. When old MachineSets hold unavailable replicas, nothing is
 * scaling (from an earlier pass or this one) and the new MachineSet is fully available, the oldest
 * old MachineSet with unavailable replicas is scaled down by exactly one: a formal maxUnavailable
 * breach, in practice usually the deletion of the unavailable machine (it ranks first for
 * deletion when it has no node).
 *
 * Upstream iterates p.oldMSs in whatever order reconcileOldMachineSetsRollingUpdate left them
 * (oldest first when it got past its early returns); we always take the oldest, which is what
 * the code comment and the behaviour spec (§2.3 step 5) say.
 */
export function reconcileDeadlockBreaker(ctx: RolloutContext, newMS: PlannedMachineSet): boolean {
  const oldActual = totalStatusReplicas(ctx.oldMSs);
  if (oldActual === 0) return false;
  if (oldActual === totalAvailableReplicas(ctx.oldMSs)) return false;
  for (const ms of allMachineSets(ctx)) {
    if (ms.replicas !== ms.status.replicas) return false;
    if (ctx.scaleIntents.has(ms.name)) return false;
  }
  // A rollout cannot be unblocked by sacrificing old machines while the new ones do not work.
  if (newMS.status.availableReplicas !== newMS.status.replicas) return false;
  for (const oldMS of oldestFirst(ctx.oldMSs)) {
    if (oldMS.status.availableReplicas === oldMS.status.replicas || oldMS.replicas === 0) continue;
    // Upstream files this note under the new MachineSet; we file it under the MachineSet that is
    // scaled, so the reason for the scale-down reads right. Notes do not change any decision.
    addNote(ctx, oldMS, DEADLOCK_BREAKER_NOTE);
    ctx.scaleIntents.set(oldMS.name, Math.max(oldMS.replicas - 1, 0));
    ctx.waiting.push(
      `deadlock breaker: old MachineSet ${oldMS.name} has ${plural(oldMS.status.replicas - oldMS.status.availableReplicas, 'unavailable machine')} and nothing else can move; scaling it down by 1 (may formally breach maxUnavailable ${maxUnavailableOf(ctx.spec)})`,
    );
    return true;
  }
  return false;
}
