import { andEquals, andMissing, shellWord } from '../../../shared/fleet/fleetQuery';
import { DIMENSION_ATTRIBUTE, FLEET_DIMENSIONS, NONE, type FleetCount, type FleetSummary } from '../../../shared/fleet/fleetSummary';
import { table } from './output';

const BAR_WIDTH = 30;

/**
 * `capstan fleet versions`: the fleet on one screen. The version distribution (count, share and a
 * bar scaled to the largest version), the version × `--by` matrix, the phase counts, and one line
 * per other dimension. Pure, for golden tests.
 */
export function formatFleetVersions(s: FleetSummary): string {
  if (s.total === 0) return 'No clusters found.';
  const out: string[] = [];
  out.push(`${s.total} cluster${s.total === 1 ? '' : 's'} on ${plural(s.versions.length, 'version')} (running clusterWorkflow executions, from Temporal visibility)`);
  out.push('');
  out.push(distribution('VERSION', s.versions));
  out.push('');
  const m = s.matrix;
  out.push(
    table([
      [`VERSION \\ ${m.by.toUpperCase()}`, ...m.columns, 'TOTAL'],
      ...m.rows.map((r) => [r.version, ...m.columns.map((c) => cell(r.counts[c] ?? 0)), String(r.total)]),
      ['TOTAL', ...m.columns.map((c) => String(m.totals[c] ?? 0)), String(s.total)],
    ]),
  );
  out.push('');
  out.push(distribution('PHASE', s.breakdowns.phase, false));
  out.push('');
  for (const d of FLEET_DIMENSIONS) {
    if (d === 'phase') continue;
    out.push(`${`${d}:`.padEnd(10)}${s.breakdowns[d].map((c) => `${c.value} (${c.count})`).join(' · ')}`);
  }
  return out.join('\n');
}

function distribution(heading: string, counts: FleetCount[], bars = true): string {
  const max = Math.max(...counts.map((c) => c.count));
  return table([
    [heading, 'CLUSTERS', 'SHARE', ...(bars ? [''] : [])],
    ...counts.map((c) => [c.value, String(c.count), `${c.percent.toFixed(1)}%`, ...(bars ? [bar(c.count, max)] : [])]),
  ]);
}

function bar(n: number, max: number): string {
  return '█'.repeat(n === 0 ? 0 : Math.max(1, Math.round((n / max) * BAR_WIDTH)));
}

const cell = (n: number): string => (n === 0 ? '-' : String(n));
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The same answers from the Temporal CLI: the visibility query as `temporal workflow count|list
 * --query`, one count per version and one matrix cell. The `--query` text works as is in the Web
 * UI's workflow search box.
 */
export function formatTemporalCliQueries(
  s: FleetSummary,
  query: string,
  opts: { address?: string; temporalNamespace?: string; maxVersions?: number } = {},
): string {
  const conn = [
    ...(opts.address && opts.address !== '127.0.0.1:7233' && opts.address !== 'localhost:7233' ? ['--address', opts.address] : []),
    ...(opts.temporalNamespace && opts.temporalNamespace !== 'default' ? ['--namespace', opts.temporalNamespace] : []),
  ];
  const cmd = (verb: 'count' | 'list', q: string) => ['temporal', 'workflow', verb, ...conn, '--query', q].map(shellWord).join(' ');
  const versionQuery = (v: string) => (v === NONE ? andMissing(query, DIMENSION_ATTRIBUTE.version) : andEquals(query, DIMENSION_ATTRIBUTE.version, v));
  const out = [
    '# the same from the Temporal CLI (the --query text also works in the Web UI workflow search)',
    cmd('count', query),
    cmd('list', query),
  ];
  const max = opts.maxVersions ?? 8;
  if (s.versions.length) out.push(`# per version (${plural(s.versions.length, 'version')}; visibility GROUP BY works only on ExecutionStatus, so one count each):`);
  for (const v of s.versions.slice(0, max)) out.push(cmd('count', versionQuery(v.value)));
  if (s.versions.length > max) out.push(`# ... and ${s.versions.length - max} more`);
  const first = s.matrix.rows.find((r) => r.version !== NONE);
  const col = s.matrix.columns.find((c) => c !== NONE && (first?.counts[c] ?? 0) > 0);
  if (first && col) {
    out.push(`# one cell of the version x ${s.matrix.by} matrix:`);
    out.push(cmd('count', andEquals(versionQuery(first.version), DIMENSION_ATTRIBUTE[s.matrix.by], col)));
  }
  return out.join('\n');
}
