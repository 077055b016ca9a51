import { scaledValueFromIntOrPercent } from './intOrPercent';
import type { RolloutSpec } from './types';

export const MAX_SURGE_FIELD = 'spec.rollout.strategy.rollingUpdate.maxSurge';
export const MAX_UNAVAILABLE_FIELD = 'spec.rollout.strategy.rollingUpdate.maxUnavailable';

/**
 * mdutil.ResolveFenceposts: surge rounds up, unavailable rounds down, and when both resolve to 0
 * (e.g. maxSurge 0%, maxUnavailable 10% of 3) unavailable becomes 1 "on the theory that surge
 * might not work due to quota"; otherwise the rollout could never move.
 */
export function resolveFenceposts(spec: RolloutSpec): { maxSurge: number; maxUnavailable: number } {
  const { maxSurge, maxUnavailable } = spec.strategy;
  const surge = scaledValueFromIntOrPercent(maxSurge, spec.replicas, true, MAX_SURGE_FIELD);
  const unavailable = scaledValueFromIntOrPercent(
    maxUnavailable,
    spec.replicas,
    false,
    MAX_UNAVAILABLE_FIELD,
  );
  if (surge === 0 && unavailable === 0) return { maxSurge: 0, maxUnavailable: 1 };
  return { maxSurge: surge, maxUnavailable: unavailable };
}

/** mdutil.MaxSurge: 0 unless RollingUpdate. */
export function maxSurgeOf(spec: RolloutSpec): number {
  if (spec.strategy.type !== 'RollingUpdate') return 0;
  return resolveFenceposts(spec).maxSurge;
}

/**
 * mdutil.MaxUnavailable: 0 unless RollingUpdate (so OnDelete needs every replica available), 0 for
 * a deployment scaled to zero, and never more than spec.replicas.
 */
export function maxUnavailableOf(spec: RolloutSpec): number {
  if (spec.strategy.type !== 'RollingUpdate' || spec.replicas === 0) return 0;
  return Math.min(resolveFenceposts(spec).maxUnavailable, spec.replicas);
}

/** minAvailable of reconcileOldMachineSetsRollingUpdate: max(replicas − maxUnavailable, 0). */
export function minAvailableOf(spec: RolloutSpec): number {
  return Math.max(spec.replicas - maxUnavailableOf(spec), 0);
}
