import { etcdMemberOf } from './etcdQuorum';
import { hasNode, isConditionTrue, isDeleting, isMarkedUnhealthyByMhc } from './machineFilters';
import type { ControlPlaneMachine, EtcdMember } from './types';

/**
 * Where etcd leadership goes when the leader's Machine is about to leave (capi-behaviour.md §4.5):
 * candidates have a Node and are not being deleted; preferred in order: EtcdMemberHealthy True,
 * not marked unhealthy by the MHC, up to date, newest. A candidate must host a voting member —
 * CAPI's ForwardEtcdLeadership fails (and retries forever) on one that does not, so it is never
 * chosen here.
 */
export function selectEtcdLeaderCandidate(
  machines: readonly ControlPlaneMachine[],
  members: readonly EtcdMember[] | undefined,
  leaving: string,
  isUpToDate: (m: ControlPlaneMachine) => boolean,
): ControlPlaneMachine | undefined {
  const candidates = machines.filter((m) => {
    if (m.name === leaving || !hasNode(m) || isDeleting(m)) return false;
    const member = etcdMemberOf(m, members);
    return member !== undefined && !member.isLearner;
  });
  const rank = (m: ControlPlaneMachine): number[] => [
    isConditionTrue(m, 'EtcdMemberHealthy') ? 0 : 1,
    isMarkedUnhealthyByMhc(m) ? 1 : 0,
    isUpToDate(m) ? 0 : 1,
    -Date.parse(m.createdAt),
  ];
  return [...candidates].sort((a, b) => compareRanks(rank(a), rank(b)) || a.name.localeCompare(b.name))[0];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when the Machine hosts the current etcd leader. */
export function hostsEtcdLeader(m: ControlPlaneMachine, members: readonly EtcdMember[] | undefined): boolean {
  return etcdMemberOf(m, members)?.isLeader === true;
}
