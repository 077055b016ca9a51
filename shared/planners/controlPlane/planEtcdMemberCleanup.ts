import { describeEtcdProjection, projectEtcdCluster } from './etcdQuorum';
import { block, type PlanContext, type RuleOutcome } from './planContext';

/**
 * `reconcileEtcdMembers` / `ReconcileEtcdMembersAndControlPlaneNodes` (capi-behaviour.md §4.2
 * step 7): an etcd member whose name matches no Machine's Node is left over (e.g. a Machine
 * that vanished without its pre-terminate hook running). Remove one per pass, only when every
 * Machine has a Node (otherwise a joining Machine's member could be mistaken for a leftover),
 * only when etcd keeps quorum without it. Members still starting (no name) are ignored.
 */
export function planEtcdMemberCleanup(ctx: PlanContext): RuleOutcome {
  const { state } = ctx;
  const members = state.etcdMembers;
  if (!members || state.machines.length === 0) return undefined;
  if (state.machines.some((m) => !m.nodeName)) return undefined;
  const nodeNames = new Set(state.machines.map((m) => m.nodeName));
  const leftovers = members.filter((member) => member.name !== '' && !nodeNames.has(member.name));
  for (const member of leftovers) {
    const projection = projectEtcdCluster(state.machines, members, {
      addMember: false,
      memberToRemove: member.name,
    });
    if (!projection.safe) {
      block(
        ctx,
        'etcdMemberCleanup',
        `etcd member ${member.name} has no Machine but removing it would lose quorum (${describeEtcdProjection(projection)})`,
      );
      continue;
    }
    return {
      type: 'removeEtcdMember',
      memberId: member.id,
      memberName: member.name,
      reason: `removing etcd member ${member.name}: no control plane Machine has a Node with that name`,
    };
  }
  return undefined;
}
