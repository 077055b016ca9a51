/**
 * `capstan fleet versions`: what the fleet is on, from the search attributes the cluster workflows
 * keep current (shared/searchAttributeValues.ts). Pure: the CLI lists the running cluster
 * workflows through Temporal visibility and hands their attributes here; nothing is read per
 * cluster. Visibility is eventually consistent, so this is a view of the fleet a moment ago, not
 * a fact to act on (campaigns read each cluster through its own workflow before deciding).
 */
import type { TypedSearchAttributes } from '@temporalio/common';
import { compareKubeVersions, parseKubeVersion } from '../model/rules/version';
import {
  CapstanLabelsKey,
  ClusterPhaseKey,
  EnvKey,
  KubernetesVersionKey,
  ProviderKey,
  RegionKey,
  UpgradeWaveKey,
} from '../searchAttributes';

/** The value shown for a cluster whose workflow has not set an attribute. */
export const NONE = '<none>';

/** One running cluster workflow as visibility lists it (its search attributes). */
export interface FleetRow {
  namespace: string;
  name: string;
  version?: string;
  phase?: string;
  provider?: string;
  env?: string;
  region?: string;
  wave?: string;
  labels?: string[];
}

/** The attributes a breakdown or the version matrix can be taken by. */
export const FLEET_DIMENSIONS = ['env', 'region', 'wave', 'phase', 'provider'] as const;
export type FleetDimension = (typeof FLEET_DIMENSIONS)[number];

/** The search attribute behind each dimension (for queries and the docs). */
export const DIMENSION_ATTRIBUTE: Record<FleetDimension | 'version', string> = {
  version: KubernetesVersionKey.name,
  env: EnvKey.name,
  region: RegionKey.name,
  wave: UpgradeWaveKey.name,
  phase: ClusterPhaseKey.name,
  provider: ProviderKey.name,
};

export interface FleetCount {
  value: string;
  count: number;
  /** share of the fleet, in percent, one decimal */
  percent: number;
}

export interface FleetMatrix {
  by: FleetDimension;
  /** values of `by`, in the dimension's order, `<none>` last */
  columns: string[];
  /** one row per version, newest first; `counts` has every column (0 when empty) */
  rows: Array<{ version: string; counts: Record<string, number>; total: number }>;
  /** per column */
  totals: Record<string, number>;
}

export interface FleetSummary {
  total: number;
  /** newest version first (semver), then versions that do not parse, then `<none>` */
  versions: FleetCount[];
  breakdowns: Record<FleetDimension, FleetCount[]>;
  matrix: FleetMatrix;
}

/** CAPI's phases in lifecycle order, so a phase table reads top to bottom. */
const PHASE_ORDER = ['Pending', 'Provisioning', 'Provisioned', 'Deleting', 'Deleted', 'Failed'];

const naturalCompare = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

function noneLast(cmp: (a: string, b: string) => number): (a: string, b: string) => number {
  return (a, b) => (a === b ? 0 : a === NONE ? 1 : b === NONE ? -1 : cmp(a, b));
}

/** Newest first; versions that are not `vX.Y.Z` after every real one, by name. */
export const compareVersionsDescending = noneLast((a, b) => {
  const va = parseKubeVersion(a);
  const vb = parseKubeVersion(b);
  if (va && vb) return compareKubeVersions(vb, va) || naturalCompare(a, b);
  if (va) return -1;
  if (vb) return 1;
  return naturalCompare(a, b);
});

/** A dimension's own order: phases by lifecycle, waves numerically, the rest by name. */
export function compareDimensionValues(dim: FleetDimension): (a: string, b: string) => number {
  if (dim === 'phase') {
    return noneLast((a, b) => {
      const ia = PHASE_ORDER.indexOf(a);
      const ib = PHASE_ORDER.indexOf(b);
      return (ia < 0 ? PHASE_ORDER.length : ia) - (ib < 0 ? PHASE_ORDER.length : ib) || naturalCompare(a, b);
    });
  }
  return noneLast(naturalCompare);
}

function valueOf(row: FleetRow, dim: FleetDimension | 'version'): string {
  const v = row[dim];
  return v === undefined || v === '' ? NONE : v;
}

const percent = (n: number, total: number): number => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);

function countBy(rows: readonly FleetRow[], dim: FleetDimension | 'version', cmp: (a: string, b: string) => number): FleetCount[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(valueOf(r, dim), (counts.get(valueOf(r, dim)) ?? 0) + 1);
  return [...counts.keys()].sort(cmp).map((value) => ({ value, count: counts.get(value)!, percent: percent(counts.get(value)!, rows.length) }));
}

/**
 * Totals, the version distribution, a breakdown per dimension and the version × `by` matrix.
 * Clusters missing an attribute count under `<none>`; a cluster listed twice (a page boundary
 * moving under a concurrent change) counts once.
 */
export function summarizeFleet(input: readonly FleetRow[], opts: { by?: FleetDimension } = {}): FleetSummary {
  const by = opts.by ?? 'env';
  const unique = new Map<string, FleetRow>();
  for (const r of input) unique.set(`${r.namespace}/${r.name}`, r);
  const rows = [...unique.values()];

  const versions = countBy(rows, 'version', compareVersionsDescending);
  const breakdowns = Object.fromEntries(FLEET_DIMENSIONS.map((d) => [d, countBy(rows, d, compareDimensionValues(d))])) as Record<
    FleetDimension,
    FleetCount[]
  >;
  const columns = breakdowns[by].map((c) => c.value);
  const totals = Object.fromEntries(breakdowns[by].map((c) => [c.value, c.count]));
  const cells = new Map<string, Record<string, number>>(versions.map((v) => [v.value, Object.fromEntries(columns.map((c) => [c, 0]))]));
  for (const r of rows) cells.get(valueOf(r, 'version'))![valueOf(r, by)]! += 1;
  const matrixRows = versions.map(({ value: version, count }) => ({ version, counts: cells.get(version)!, total: count }));
  return { total: rows.length, versions, breakdowns, matrix: { by, columns, rows: matrixRows, totals } };
}

/**
 * A fleet row from one listed workflow: namespace and name from its ID (`cluster/<ns>/<name>`,
 * the business key), the rest from its search attributes. Undefined for a workflow that is not a
 * cluster's.
 */
export function fleetRowFromSearchAttributes(workflowId: string, attrs: TypedSearchAttributes): FleetRow | undefined {
  const parts = workflowId.split('/');
  if (parts.length !== 3 || parts[0] !== 'cluster') return undefined;
  const row: FleetRow = {
    namespace: parts[1]!,
    name: parts[2]!,
  };
  const set = (k: keyof Omit<FleetRow, 'namespace' | 'name' | 'labels'>, v: string | undefined) => {
    if (v !== undefined && v !== '') row[k] = v;
  };
  set('version', attrs.get(KubernetesVersionKey));
  set('phase', attrs.get(ClusterPhaseKey));
  set('provider', attrs.get(ProviderKey));
  set('env', attrs.get(EnvKey));
  set('region', attrs.get(RegionKey));
  set('wave', attrs.get(UpgradeWaveKey));
  const labels = attrs.get(CapstanLabelsKey);
  if (labels?.length) row.labels = [...labels];
  return row;
}

export function parseFleetDimension(v: string | undefined): FleetDimension {
  if (v === undefined) return 'env';
  if ((FLEET_DIMENSIONS as readonly string[]).includes(v)) return v as FleetDimension;
  throw new Error(`--by ${v}: unknown dimension (use ${FLEET_DIMENSIONS.join('|')})`);
}
