import { oldestFirst } from './machineSetOrder';
import { totalAvailableReplicas, totalStatusReplicas } from './machineSetTotals';
import {
  allMachineSets,
  intendedReplicas,
  type PlannedMachineSet,
  type RolloutContext,
} from './rolloutContext';

/**
 * mdutil.DeploymentComplete: every desired replica is up to date and available and nothing else
 * exists — upToDate == available == status.replicas == spec.replicas. Machines of the current
 * MachineSet are the up-to-date ones (v1beta1 updatedReplicas). The observedGeneration clause has
 * no counterpart: the planner always plans against the spec it is given.
 */
export function isDeploymentComplete(ctx: RolloutContext): boolean {
  const all = allMachineSets(ctx);
  const r = ctx.spec.replicas;
  const upToDate = ctx.newMS?.status.replicas ?? 0;
  return upToDate === r && totalStatusReplicas(all) === r && totalAvailableReplicas(all) === r;
}

/**
 * Reconciler.cleanupDeployment: once complete, every old MachineSet with no replicas left (spec
 * after this plan, and status) is deleted, oldest first. v1beta2 dropped revisionHistoryLimit, so
 * none is kept for history.
 */
export function oldMachineSetsToCleanUp(ctx: RolloutContext): PlannedMachineSet[] {
  return oldestFirst(ctx.oldMSs).filter((ms) => intendedReplicas(ctx, ms) === 0 && ms.status.replicas === 0);
}
