import type { PlanContext, RuleOutcome } from './planContext';
import { planScaleDown } from './planScaleDown';
import { planScaleUp } from './planScaleUp';

/**
 * Scale to `replicas` once every Machine is up to date (the switch at the end of KCP's
 * `reconcile()`): none → kubeadm init; fewer → join one; more → delete one (chosen among all).
 */
export function planScale(ctx: PlanContext): RuleOutcome {
  const { state } = ctx;
  const current = state.machines.length;
  const desired = state.spec.replicas;
  if (current < desired) {
    return planScaleUp(ctx, `scale up from ${current} to ${desired} replicas`);
  }
  if (current > desired) {
    return planScaleDown(ctx, [], `scale down from ${current} to ${desired} replicas`);
  }
  return undefined;
}
