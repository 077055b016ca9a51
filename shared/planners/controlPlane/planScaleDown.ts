import { hostsEtcdLeader, selectEtcdLeaderCandidate } from './etcdLeadership';
import { waitFor, type PlanContext, type RuleOutcome } from './planContext';
import { preflightFailures } from './preflightChecks';
import { selectMachineForScaleDown } from './selectMachineForScaleDown';
import type { ControlPlaneMachine } from './types';

/**
 * `scaleDownControlPlane` (scale.go): pick the Machine (`selectMachineForScaleDown`), pass the
 * preflight checks with that Machine excluded, move etcd leadership away from it if it hosts
 * the leader, then delete it. Its etcd member is removed later, at the pre-terminate hook.
 */
export function planScaleDown(
  ctx: PlanContext,
  outdated: readonly ControlPlaneMachine[],
  why: string,
): RuleOutcome {
  const { state } = ctx;
  const selection = selectMachineForScaleDown(state.machines, outdated, state.failureDomains);
  if (!selection)
    return waitFor(ctx, 'scaleDown', `${why}: no control plane Machine can be picked for deletion`);
  const victim = selection.machine;
  const failures = preflightFailures(state, { isScaleUp: false, exclude: victim.name });
  if (failures.length > 0) {
    return waitFor(
      ctx,
      'scaleDown',
      `waiting for control plane to pass preflight checks to ${why}: ${failures.join('; ')}`,
    );
  }
  if (!state.etcdMembers) {
    // Without the member list KCP cannot know whether the victim leads etcd (ForwardEtcdLeadership fails).
    return waitFor(
      ctx,
      'scaleDown',
      `${why}: the etcd member list is not available, cannot check etcd leadership on ${victim.name}`,
    );
  }
  if (hostsEtcdLeader(victim, state.etcdMembers)) {
    const to = selectEtcdLeaderCandidate(state.machines, state.etcdMembers, victim.name, ctx.isUpToDate);
    if (!to) {
      return waitFor(
        ctx,
        'scaleDown',
        `${why}: Machine ${victim.name} hosts the etcd leader and no other Machine can take leadership`,
      );
    }
    return {
      type: 'forwardEtcdLeadership',
      from: victim.name,
      to: to.name,
      reason: `moving etcd leadership from ${victim.name} to ${to.name} before deleting it (${why})`,
    };
  }
  return {
    type: 'deleteMachine',
    name: victim.name,
    reason: `${why}: deleting Machine ${victim.name} (${selection.rule})`,
  };
}
