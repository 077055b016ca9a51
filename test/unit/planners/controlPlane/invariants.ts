import type { World } from './simWorld';

export interface Counts {
  machines: number;
  voting: number;
}

export function countsOf(world: World): Counts {
  return { machines: world.machines.length, voting: world.members.filter((m) => !m.isLearner).length };
}

/**
 * What must hold after every step of every scenario:
 * - etcd keeps quorum: healthy voting members ≥ voting/2 + 1;
 * - voting members never above replicas + 1, machines never above replicas + maxSurge — except
 *   right after the spec shrank, and then they may only go down;
 * - at most one operation in flight: Machines being deleted plus Machines the planner created
 *   that have not become healthy yet.
 * Returns the violations (empty = fine).
 */
export function invariantViolations(world: World, previous: Counts): string[] {
  const out: string[] = [];
  const { replicas, rollout } = world.spec;
  const voting = world.members.filter((m) => !m.isLearner);
  const healthyVoting = voting.filter((m) => m.healthy).length;
  const quorum = Math.floor(voting.length / 2) + 1;
  if (voting.length > 0 && healthyVoting < quorum) {
    out.push(
      `etcd lost quorum: ${healthyVoting} healthy of ${voting.length} voting members (quorum ${quorum})`,
    );
  }
  const now = countsOf(world);
  if (now.voting > replicas + 1 && now.voting > previous.voting) {
    out.push(`voting members grew to ${now.voting}, above replicas + 1 = ${replicas + 1}`);
  }
  if (now.machines > replicas + rollout.maxSurge && now.machines > previous.machines) {
    out.push(`Machines grew to ${now.machines}, above replicas + maxSurge = ${replicas + rollout.maxSurge}`);
  }
  const inFlight = operationsInFlight(world);
  if (inFlight.length > 1) {
    out.push(`${inFlight.length} operations in flight: ${inFlight.map((s) => s.m.name).join(', ')}`);
  }
  return out;
}

/** Machines being deleted, and Machines the planner created that have not become healthy yet. */
export function operationsInFlight(world: World): World['machines'] {
  return world.machines.filter((s) => s.m.deletionRequestedAt || (s.createdByPlanner && !s.healthyOnce));
}
