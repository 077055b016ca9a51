/**
 * Quorum arithmetic over voting members (learners never vote), and KCP's check before a member
 * leaves: the voting members left must still have a majority of them healthy. etcd's own
 * `--strict-reconfig-check` (IsReadyToRemoveVotingMember) refuses the same removals; checking
 * first keeps the refusal clear and the cluster untouched. Pure.
 */

export interface QuorumMember {
  id: string;
  isLearner: boolean;
  healthy: boolean;
}

export interface QuorumFacts {
  voting: number;
  healthyVoting: number;
  /** floor(voting / 2) + 1 */
  needed: number;
  ok: boolean;
}

export function quorumNeeded(voting: number): number {
  return Math.floor(voting / 2) + 1;
}

export function quorumOf(members: readonly QuorumMember[]): QuorumFacts {
  const voting = members.filter((m) => !m.isLearner);
  const healthyVoting = voting.filter((m) => m.healthy).length;
  const needed = quorumNeeded(voting.length);
  return { voting: voting.length, healthyVoting, needed, ok: voting.length > 0 && healthyVoting >= needed };
}

export type RemovalVerdict =
  | { verdict: 'gone' }
  | { verdict: 'safe'; learner: boolean }
  | { verdict: 'refused'; reason: string; after: QuorumFacts };

/** May `id` leave without the rest losing quorum? A learner always may; a missing member is gone. */
export function removalVerdict(members: readonly QuorumMember[], id: string): RemovalVerdict {
  const target = members.find((m) => m.id === id);
  if (target === undefined) return { verdict: 'gone' };
  if (target.isLearner) return { verdict: 'safe', learner: true };
  const after = quorumOf(members.filter((m) => m.id !== id));
  if (after.ok) return { verdict: 'safe', learner: false };
  return {
    verdict: 'refused',
    after,
    reason:
      `removing it would leave ${after.healthyVoting} healthy of ${after.voting} voting member(s), ` +
      `and quorum needs ${after.needed}`,
  };
}
