import type { SimLatencies } from '../../activities/providers/sim/simApi';
import { nextRandom } from './random';

export type { SimLatencies };

/** Interactive defaults: a cluster comes up in a few seconds, slow enough to watch it happen. */
export const DEFAULT_SIM_LATENCIES: Readonly<SimLatencies> = Object.freeze({
  clusterInfraMs: 500,
  provisionMs: 1500,
  bootMs: 1000,
  deleteMs: 500,
  rescheduleMs: 1000,
  podTerminationMs: 1000,
  volumeDetachMs: 1000,
  // Kubernetes' default tolerationSeconds for not-ready/unreachable (DefaultTolerationSeconds admission)
  notReadyEvictionMs: 300_000,
  jitter: 0,
});

export type LatencyName = Exclude<keyof SimLatencies, 'jitter'>;

/** Merges a partial update and refuses values that would make time run backwards. */
export function mergeLatencies(base: SimLatencies, update: Partial<SimLatencies>): SimLatencies {
  const merged: SimLatencies = { ...base };
  for (const [key, value] of Object.entries(update) as Array<[keyof SimLatencies, number | undefined]>) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`latency ${key} must be a finite number >= 0, got ${value}`);
    if (key === 'jitter' && value > 1)
      throw new RangeError(`jitter is a fraction between 0 and 1, got ${value}`);
    merged[key] = value;
  }
  return merged;
}

/**
 * Draws one duration: `base * (1 ± jitter)`, uniformly, from the world's PRNG state. Durations are
 * drawn when a transition is scheduled and stored with it, so replaying the state file never
 * re-rolls them.
 */
export function sampleLatency(
  base: number,
  jitter: number,
  rngState: number,
): { ms: number; rngState: number } {
  if (jitter <= 0 || base <= 0) return { ms: base, rngState };
  const { value, state } = nextRandom(rngState);
  const ms = Math.max(0, Math.round(base * (1 + jitter * (2 * value - 1))));
  return { ms, rngState: state };
}
