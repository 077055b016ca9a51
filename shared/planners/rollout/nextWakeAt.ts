import { nextAvailabilityAt } from './machineSetStatus';
import type { RolloutState } from './types';

/** rollout.after when it still lies ahead of `now` (it forces a new MachineSet once passed). */
export function rolloutAfterAhead(state: RolloutState, now: string): string | undefined {
  const after = state.spec.rolloutAfter;
  return after !== undefined && Date.parse(after) > Date.parse(now) ? after : undefined;
}

/**
 * The next instant at which the plan can change although nothing was reported: a Ready machine
 * becoming Available after minReadySeconds (CAPI requeues at that boundary), or rollout.after
 * passing. CAPI's controllers get requeued for both; a workflow must sleep on a durable timer
 * until this time (or the next signal), otherwise the rollout silently waits forever.
 */
export function nextRolloutWakeAt(state: RolloutState, now: string): string | undefined {
  const candidates = [
    nextAvailabilityAt(state.machineSets, state.spec.minReadySeconds, now),
    rolloutAfterAhead(state, now),
  ].filter((x): x is string => x !== undefined);
  if (candidates.length === 0) return undefined;
  return candidates.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}
