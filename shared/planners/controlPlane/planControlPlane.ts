import { controlPlaneConditions, machineUpToDateConditions } from './controlPlaneConditions';
import { newPlanContext, setMachineCondition, type PlanContext } from './planContext';
import { planControlPlaneUpgrade } from './planControlPlaneUpgrade';
import { planEtcdMemberCleanup } from './planEtcdMemberCleanup';
import { planPreTerminateHook } from './planPreTerminateHook';
import { planRemediation } from './planRemediation';
import { planScale } from './planScale';
import { checkControlPlaneSpec } from './specValidation';
import type { ControlPlaneIntent, ControlPlanePlan, ControlPlaneState } from './types';

/**
 * One KubeadmControlPlane reconcile, as a pure function: which single operation to do next.
 * The rules run in the order of KCP's `reconcile()` (capi-behaviour.md §4.2) and the first one
 * that decides wins:
 *   7. leftover etcd members (planEtcdMemberCleanup)
 *   8. deleting Machines: leadership, etcd member, pre-terminate hook (planPreTerminateHook)
 *      — while a Machine is being deleted nothing else starts
 *   —  spec the webhook would reject: no new operation (checkControlPlaneSpec)
 *  10. remediation (planRemediation)
 *  12. rollout of outdated Machines (planControlPlaneUpgrade)
 *  13. scale to replicas (planScale)
 * `now` is an ISO time supplied by the caller (workflow time), never read from the clock.
 */
export function planControlPlane(state: ControlPlaneState, now: string): ControlPlanePlan {
  const ctx = newPlanContext(state, now);
  for (const [name, condition] of Object.entries(machineUpToDateConditions(ctx)))
    setMachineCondition(ctx, name, condition);
  const intent = decide(ctx);
  if (ctx.reasons[ctx.reasons.length - 1] !== intent.reason) ctx.reasons.push(intent.reason);
  return {
    intent,
    reasons: ctx.reasons,
    conditions: { controlPlane: controlPlaneConditions(ctx), machines: ctx.machineConditions },
  };
}

function decide(ctx: PlanContext): ControlPlaneIntent {
  const earlyRules = [planEtcdMemberCleanup, planPreTerminateHook];
  for (const rule of earlyRules) {
    const intent = rule(ctx);
    if (intent) return intent;
  }
  const violations = checkControlPlaneSpec(ctx.state.spec);
  if (violations.length > 0) {
    return {
      type: 'wait',
      reason: `refusing to change the control plane: ${violations.map((v) => v.message).join('; ')}`,
    };
  }
  for (const rule of [planRemediation, planControlPlaneUpgrade, planScale]) {
    const intent = rule(ctx);
    if (intent) return intent;
  }
  // Nothing to do — but if something wanted to happen and could not, say so: that is a wait.
  const blocked = ctx.blocked[ctx.blocked.length - 1];
  if (blocked) return { type: 'wait', reason: blocked.reason };
  const { replicas, version } = ctx.state.spec;
  return { type: 'none', reason: `control plane has ${replicas} up-to-date replica(s) at ${version}` };
}
