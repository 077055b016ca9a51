import { outdatedReasons } from './outdatedMachines';
import type { PlanContext, RuleOutcome } from './planContext';
import { planScaleDown } from './planScaleDown';
import { planScaleUp } from './planScaleUp';

/**
 * Rollout of outdated Machines, `updateControlPlane` → RollingUpdate (update.go; capi-behaviour.md
 * §4.4): with fewer than replicas + maxSurge Machines, create an up-to-date one; otherwise
 * delete an outdated one. maxSurge 1 gives 3→4→3 (create first); maxSurge 0 gives 3→2→3
 * (delete first, allowed only with replicas ≥ 3). Deleting Machines still count, so a deletion
 * is always finished before the next create.
 */
export function planControlPlaneUpgrade(ctx: PlanContext): RuleOutcome {
  const { state, outdated } = ctx;
  if (outdated.length === 0) return undefined;
  const first = outdated[0]!;
  ctx.reasons.push(
    `rolling out ${outdated.length} outdated Machine(s) (${outdated.map((m) => m.name).join(', ')}); ${first.name}: ${outdatedReasons(first, state.spec, ctx.now).join(', ')}`,
  );
  const maxMachines = state.spec.replicas + state.spec.rollout.maxSurge;
  if (state.machines.length < maxMachines) {
    return planScaleUp(ctx, `roll out (${state.machines.length} of at most ${maxMachines} Machines)`);
  }
  return planScaleDown(ctx, outdated, `roll out (${state.machines.length} Machines, at most ${maxMachines})`);
}
