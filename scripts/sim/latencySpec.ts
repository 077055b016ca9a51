/**
 * Parses the CLI's latency notation, `provision=2s,boot=1s,delete=500ms,clusterInfra=500ms`
 * (also `reschedule`, `podTermination`, `volumeDetach`, `notReadyEviction`, `jitter=0.1`), into a
 * partial SimLatencies. Durations take `ms`, `s` or `m`; a bare
 * number is milliseconds.
 */
import type { SimLatencies } from '../../activities/providers/sim/simApi';

const KEY_ALIASES: Record<string, keyof SimLatencies> = {
  provision: 'provisionMs',
  provisionms: 'provisionMs',
  boot: 'bootMs',
  bootms: 'bootMs',
  delete: 'deleteMs',
  deletems: 'deleteMs',
  clusterinfra: 'clusterInfraMs',
  'cluster-infra': 'clusterInfraMs',
  clusterinframs: 'clusterInfraMs',
  infra: 'clusterInfraMs',
  reschedule: 'rescheduleMs',
  reschedulems: 'rescheduleMs',
  podtermination: 'podTerminationMs',
  podterminationms: 'podTerminationMs',
  termination: 'podTerminationMs',
  volumedetach: 'volumeDetachMs',
  volumedetachms: 'volumeDetachMs',
  detach: 'volumeDetachMs',
  notreadyeviction: 'notReadyEvictionMs',
  notreadyevictionms: 'notReadyEvictionMs',
  jitter: 'jitter',
};

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

export function parseDurationMs(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration (examples: 500ms, 2s, 1.5s, 1m, 250)`);
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1));
}

export function parseJitter(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`jitter "${text}" must be a fraction between 0 and 1 (e.g. 0.1)`);
  }
  return value;
}

/** Accepts one or more specs (each comma-separated), e.g. `["provision=2s,boot=1s", "jitter=0.2"]`. */
export function parseLatencySpec(specs: string | readonly string[]): Partial<SimLatencies> {
  const parts = (typeof specs === 'string' ? [specs] : specs)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const result: Partial<SimLatencies> = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`"${part}" is not of the form name=duration`);
    const rawKey = part.slice(0, eq).trim();
    const key = KEY_ALIASES[rawKey.toLowerCase()];
    if (!key) {
      throw new Error(
        `unknown latency "${rawKey}" (known: provision, boot, delete, clusterInfra, reschedule, podTermination, volumeDetach, notReadyEviction, jitter)`,
      );
    }
    const rawValue = part.slice(eq + 1);
    result[key] = key === 'jitter' ? parseJitter(rawValue) : parseDurationMs(rawValue);
  }
  return result;
}
