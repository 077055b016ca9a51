/**
 * Pure parts of `npm run bench:campaign`: the fleet's wave sizes, the ideal campaign time, the
 * single-cluster upgrade's latency floor, and the concurrency checks run at every observation.
 */
import { resolveConcurrency } from '../../shared/planners/campaign/intOrPercent';
import type { IntOrPercent } from '../../shared/planners/campaign/types';
import type { ClusterDescription } from '../../shared/status/types';

/** Splits `n` clusters into waves by percentages (cumulative rounding, so the sizes add up to n). */
export function waveSizes(n: number, percents: readonly number[]): number[] {
  const total = percents.reduce((a, b) => a + b, 0);
  if (!(total > 0) || percents.some((p) => !(p >= 0))) throw new RangeError(`bad wave percentages ${percents.join(',')}`);
  const sizes: number[] = [];
  let cum = 0;
  let placed = 0;
  for (const p of percents) {
    cum += p;
    const bound = Math.round((n * cum) / total);
    sizes.push(bound - placed);
    placed = bound;
  }
  return sizes;
}

export interface WaveIdeal {
  wave: string;
  size: number;
  /** maxConcurrency resolved against the wave's size, as the campaign resolves it */
  cap: number;
  /** ceil(size / cap): upgrades one after the other at the cap */
  rounds: number;
  soakMs: number;
  ms: number;
}

/**
 * Σ over non-empty waves of ceil(size / cap) × the single-cluster upgrade time, plus a soak after
 * each non-empty wave (the campaign soaks after the last wave too). Empty waves are skipped.
 */
export function idealCampaign(o: {
  waves: ReadonlyArray<{ name: string; size: number }>;
  maxConcurrency: IntOrPercent;
  perClusterMs: number;
  soakMs: number;
}): { totalMs: number; waves: WaveIdeal[] } {
  const waves = o.waves
    .filter((w) => w.size > 0)
    .map((w): WaveIdeal => {
      const cap = resolveConcurrency(o.maxConcurrency, w.size);
      const rounds = Math.ceil(w.size / cap);
      return { wave: w.name, size: w.size, cap, rounds, soakMs: o.soakMs, ms: rounds * o.perClusterMs + o.soakMs };
    });
  return { totalMs: waves.reduce((t, w) => t + w.ms, 0), waves };
}

export function idealFormula(waves: readonly WaveIdeal[], perClusterMs: number): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const terms = waves.map((w) => `ceil(${w.size}/${w.cap})×${s(perClusterMs)}${w.soakMs ? ` + ${s(w.soakMs)}` : ''}`);
  return `${terms.join(' + ')} = ${s(waves.reduce((t, w) => t + w.ms, 0))}`;
}

/**
 * A cluster upgrade with exact latencies and zero overhead: the control plane one replica at a
 * time (KCP maxSurge 1: provision, boot, drain, delete), then the workers ceil(workers/maxSurge)
 * rounds of the same (maxUnavailable 0).
 */
export function clusterUpgradeFloorMs(
  shape: { cpReplicas: number; workers: number; maxSurge: number },
  l: { provisionMs: number; bootMs: number; deleteMs: number; cpDrainMs: number; workerDrainMs: number },
): number {
  const cp = shape.cpReplicas * (l.provisionMs + l.bootMs + l.cpDrainMs + l.deleteMs);
  const md = Math.ceil(shape.workers / Math.max(1, shape.maxSurge)) * (l.provisionMs + l.bootMs + l.workerDrainMs + l.deleteMs);
  return cp + md;
}

/** The parts of the campaign's status view the cap check reads. */
export interface CapStatus {
  waves: ReadonlyArray<{
    name: string;
    upgrading: number;
    maxConcurrency: number | null;
    groups: ReadonlyArray<{ name: string; upgrading: number; maxConcurrency: number | null }>;
  }>;
}

/**
 * By the campaign's own account: every wave's (and group's) upgrading ≤ its cap, the cap it reports
 * equals the one the spec resolves to, and at most one wave upgrades at a time.
 */
export function statusCapViolations(status: CapStatus, expectedCaps: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const w of status.waves) {
    const expected = expectedCaps.get(w.name);
    if (expected !== undefined && w.maxConcurrency !== expected)
      out.push(`wave ${w.name}: the status reports maxConcurrency ${w.maxConcurrency}, the spec resolves to ${expected}`);
    const cap = Math.min(expected ?? Infinity, w.maxConcurrency ?? Infinity);
    if (w.upgrading > cap) out.push(`wave ${w.name}: ${w.upgrading} upgrading, cap ${cap}`);
    for (const g of w.groups) {
      if (g.maxConcurrency !== null && g.upgrading > g.maxConcurrency)
        out.push(`wave ${w.name} group ${g.name}: ${g.upgrading} upgrading, cap ${g.maxConcurrency}`);
    }
  }
  const active = status.waves.filter((w) => w.upgrading > 0).map((w) => w.name);
  if (active.length > 1) out.push(`waves ${active.join(', ')} upgrading at the same time`);
  return out;
}

export type TruthState = 'untouched' | 'inFlight' | 'done';

/**
 * By the cluster's own account (its describe): untouched until it wants `to`; in flight until it
 * is ready with every machine not being deleted at `to` (the campaign's test uses the same rule).
 */
export function classifyCluster(d: Pick<ClusterDescription, 'version' | 'ready' | 'controlPlane' | 'machineDeployments'>, to: string): TruthState {
  if (d.version !== to) return 'untouched';
  const machines = [...(d.controlPlane?.machines ?? []), ...d.machineDeployments.flatMap((md) => md.machines)].filter(
    (m) => m.phase !== 'Deleting' && m.phase !== 'Deleted',
  );
  return d.ready && machines.every((m) => m.version === to) ? 'done' : 'inFlight';
}

/**
 * By the clusters' account: per wave, clusters in flight ≤ the wave's cap; and no cluster of a wave
 * moves before every cluster of the earlier waves is done.
 */
export function truthViolations(
  clusters: ReadonlyArray<{ name: string; wave: string; state: TruthState }>,
  waveOrder: readonly string[],
  caps: ReadonlyMap<string, number>,
): string[] {
  const out: string[] = [];
  for (const wave of waveOrder) {
    const moving = clusters.filter((c) => c.wave === wave && c.state === 'inFlight');
    const cap = caps.get(wave) ?? Infinity;
    if (moving.length > cap)
      out.push(`wave ${wave}: ${moving.length} clusters in flight by their own account (cap ${cap}): ${moving.map((c) => c.name).join(', ')}`);
  }
  const rank = new Map(waveOrder.map((w, i) => [w, i]));
  const firstUnfinished = Math.min(...clusters.filter((c) => c.state !== 'done').map((c) => rank.get(c.wave) ?? Infinity));
  const early = clusters.filter((c) => c.state !== 'untouched' && (rank.get(c.wave) ?? -1) > firstUnfinished);
  if (early.length)
    out.push(`${early.map((c) => `${c.name} (wave ${c.wave})`).join(', ')} moving before wave ${waveOrder[firstUnfinished]} is done`);
  return out;
}
