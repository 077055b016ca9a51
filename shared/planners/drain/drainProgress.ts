import { DRAIN_RETRY_INTERVAL_SECONDS } from './constants';
import type { EvictionGroups } from './evictionGroups';
import type { PodClassification } from './podFilters';
import { toMillis } from './time';
import type { EvictionAttempt } from './types';

export interface FailedEviction {
  pod: PodClassification;
  attempt: EvictionAttempt & { lastError: string };
  /** false while inside the per-pod retry interval */
  retryNow: boolean;
}

/** The eviction-now group split by what earlier passes saw. */
export interface DrainProgress {
  groups: EvictionGroups;
  /** never tried: evict now */
  fresh: PodClassification[];
  /** tried and refused or failed: retried once the retry interval has passed */
  failed: FailedEviction[];
  /** eviction accepted recently but the Pod shows no deletionTimestamp yet */
  accepted: PodClassification[];
}

/**
 * Splits the Pods to evict now by their eviction history. CAPI retries every Pod on every pass,
 * and passes are `drainRetryInterval` (20 s) apart; keeping that interval per Pod gives the same
 * cadence and makes a re-run of the planner (e.g. after a worker restart) never double-evict.
 */
export function trackProgress(
  groups: EvictionGroups,
  attempts: readonly EvictionAttempt[],
  now: string,
): DrainProgress {
  const byPod = new Map(attempts.map((a) => [`${a.namespace}/${a.name}`, a]));
  const nowMillis = toMillis(now);
  const progress: DrainProgress = { groups, fresh: [], failed: [], accepted: [] };
  for (const c of groups.evictNow) {
    const attempt = byPod.get(`${c.pod.namespace}/${c.pod.name}`);
    if (!attempt) {
      progress.fresh.push(c);
      continue;
    }
    const retryNow = toMillis(attempt.lastAttemptAt) + DRAIN_RETRY_INTERVAL_SECONDS * 1000 <= nowMillis;
    if (attempt.lastError !== undefined) {
      progress.failed.push({ pod: c, attempt: { ...attempt, lastError: attempt.lastError }, retryNow });
    } else if (retryNow) {
      progress.fresh.push(c);
    } else {
      progress.accepted.push(c);
    }
  }
  return progress;
}
