import { SearchAttributeType, TypedSearchAttributes, defineSearchAttributeKey } from '@temporalio/common';
import { andEquals, andMissing, fleetVisibilityQuery, shellWord, visibilityLiteral } from '../../../shared/fleet/fleetQuery';
import {
  compareVersionsDescending,
  fleetRowFromSearchAttributes,
  NONE,
  parseFleetDimension,
  summarizeFleet,
  type FleetRow,
} from '../../../shared/fleet/fleetSummary';
import { clusterStartSearchAttributes } from '../../../shared/searchAttributeValues';
import type { DesiredCluster } from '../../../shared/model/desired';

const row = (name: string, version: string | undefined, extra: Partial<FleetRow> = {}): FleetRow => ({
  namespace: 'default',
  name,
  ...(version ? { version } : {}),
  phase: 'Provisioned',
  provider: 'sim',
  ...extra,
});

describe('summarizeFleet', () => {
  const fleet: FleetRow[] = [
    row('a', 'v1.31.4', { env: 'prod', region: 'seoul', wave: '2' }),
    row('b', 'v1.32.3', { env: 'prod', region: 'seoul', wave: '2' }),
    row('c', 'v1.32.3', { env: 'dev', region: 'local', wave: '1' }),
    row('d', 'v1.31.10', { env: 'dev', region: 'local', wave: '10', phase: 'Provisioning' }),
    row('e', 'v1.32.3', { region: 'local', phase: 'Pending' }),
    row('f', undefined, { env: 'dev', phase: 'Failed', provider: 'docker' }),
  ];

  it('counts by version, newest first by semver (v1.31.10 above v1.31.4), with shares', () => {
    const s = summarizeFleet(fleet);
    expect(s.total).toBe(6);
    expect(s.versions).toEqual([
      { value: 'v1.32.3', count: 3, percent: 50 },
      { value: 'v1.31.10', count: 1, percent: 16.7 },
      { value: 'v1.31.4', count: 1, percent: 16.7 },
      { value: NONE, count: 1, percent: 16.7 },
    ]);
  });

  it('breaks down by every dimension in its own order; a missing attribute counts as <none>', () => {
    const b = summarizeFleet(fleet).breakdowns;
    expect(b.env.map((c) => [c.value, c.count])).toEqual([['dev', 3], ['prod', 2], [NONE, 1]]);
    expect(b.region.map((c) => [c.value, c.count])).toEqual([['local', 3], ['seoul', 2], [NONE, 1]]);
    // waves are numbers: 10 after 2
    expect(b.wave.map((c) => c.value)).toEqual(['1', '2', '10', NONE]);
    // phases in lifecycle order, not by name
    expect(b.phase.map((c) => [c.value, c.count])).toEqual([['Pending', 1], ['Provisioning', 1], ['Provisioned', 3], ['Failed', 1]]);
    expect(b.provider.map((c) => [c.value, c.count])).toEqual([['docker', 1], ['sim', 5]]);
  });

  it('builds the version × env matrix with every cell, row totals and column totals', () => {
    const m = summarizeFleet(fleet).matrix;
    expect(m.by).toBe('env');
    expect(m.columns).toEqual(['dev', 'prod', NONE]);
    expect(m.rows).toEqual([
      { version: 'v1.32.3', counts: { dev: 1, prod: 1, [NONE]: 1 }, total: 3 },
      { version: 'v1.31.10', counts: { dev: 1, prod: 0, [NONE]: 0 }, total: 1 },
      { version: 'v1.31.4', counts: { dev: 0, prod: 1, [NONE]: 0 }, total: 1 },
      { version: NONE, counts: { dev: 1, prod: 0, [NONE]: 0 }, total: 1 },
    ]);
    expect(m.totals).toEqual({ dev: 3, prod: 2, [NONE]: 1 });
  });

  it('takes the matrix by another dimension; every row sums to its version count', () => {
    const s = summarizeFleet(fleet, { by: 'wave' });
    expect(s.matrix.columns).toEqual(['1', '2', '10', NONE]);
    for (const r of s.matrix.rows) expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(r.total);
    expect(Object.values(s.matrix.totals).reduce((a, b) => a + b, 0)).toBe(s.total);
  });

  it('counts a cluster listed twice once (a page boundary moving under a concurrent change)', () => {
    expect(summarizeFleet([...fleet, { ...fleet[0]! }]).total).toBe(6);
  });

  it('an empty fleet is all zeros', () => {
    const s = summarizeFleet([]);
    expect(s).toMatchObject({ total: 0, versions: [], matrix: { columns: [], rows: [], totals: {} } });
  });

  it('is cheap for thousands of clusters', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      row(`c${i}`, `v1.${29 + (i % 4)}.${i % 7}`, { env: ['dev', 'staging', 'prod'][i % 3]!, region: `r${i % 5}`, wave: String(i % 3) }),
    );
    const t0 = Date.now();
    const s = summarizeFleet(many);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(s.total).toBe(5000);
    expect(s.versions[0]!.value).toBe('v1.32.6');
    expect(s.versions.reduce((n, v) => n + v.count, 0)).toBe(5000);
  });

  it('orders versions: semver descending (a pre-release below its release), then non-versions by name, then <none>', () => {
    expect(['v1.30.0', NONE, 'weird', 'v1.31.0-rc.1', 'v1.31.0', 'v1.9.9', 'abc'].sort(compareVersionsDescending)).toEqual([
      'v1.31.0',
      'v1.31.0-rc.1',
      'v1.30.0',
      'v1.9.9',
      'abc',
      'weird',
      NONE,
    ]);
  });

  it('refuses an unknown --by dimension', () => {
    expect(parseFleetDimension(undefined)).toBe('env');
    expect(parseFleetDimension('region')).toBe('region');
    expect(() => parseFleetDimension('zone')).toThrow(/--by zone: unknown dimension \(use env\|region\|wave\|phase\|provider\)/);
  });
});

describe('fleetRowFromSearchAttributes', () => {
  it('reads back exactly what a cluster workflow upserts (clusterStartSearchAttributes)', () => {
    const desired = {
      name: 'c1',
      namespace: 'team-a',
      provider: 'sim',
      labels: { env: 'prod', region: 'seoul', 'upgrade-wave': '2', tier: 'gold' },
      controlPlane: { version: 'v1.31.4' },
    } as unknown as DesiredCluster;
    const attrs = new TypedSearchAttributes(clusterStartSearchAttributes(desired, 'Provisioned'));
    expect(fleetRowFromSearchAttributes('cluster/team-a/c1', attrs)).toEqual({
      namespace: 'team-a',
      name: 'c1',
      version: 'v1.31.4',
      phase: 'Provisioned',
      provider: 'sim',
      env: 'prod',
      region: 'seoul',
      wave: '2',
      labels: ['env=prod', 'region=seoul', 'tier=gold', 'upgrade-wave=2'],
    });
  });

  it('leaves out attributes the cluster has not set, and skips workflows that are not clusters', () => {
    const attrs = new TypedSearchAttributes([{ key: defineSearchAttributeKey('KubernetesVersion', SearchAttributeType.KEYWORD), value: 'v1.32.0' }]);
    expect(fleetRowFromSearchAttributes('cluster/default/x', attrs)).toEqual({ namespace: 'default', name: 'x', version: 'v1.32.0' });
    expect(fleetRowFromSearchAttributes('campaign/q3', attrs)).toBeUndefined();
    expect(fleetRowFromSearchAttributes('kcp/default/x-cp', attrs)).toBeUndefined();
  });
});

describe('fleet visibility query', () => {
  it('selects running cluster workflows, narrowed by namespace and one CapstanLabels clause per label', () => {
    expect(fleetVisibilityQuery()).toBe(`WorkflowType = 'clusterWorkflow' AND ExecutionStatus = 'Running'`);
    expect(fleetVisibilityQuery({ namespace: 'team-a', labels: { env: 'prod', region: 'seoul' } })).toBe(
      `WorkflowType = 'clusterWorkflow' AND ExecutionStatus = 'Running' AND CapstanNamespace = 'team-a' AND CapstanLabels = 'env=prod' AND CapstanLabels = 'region=seoul'`,
    );
  });

  it('escapes quotes and backslashes in values; adds equality and IS NULL clauses', () => {
    expect(visibilityLiteral(`it's\\`)).toBe(`'it\\'s\\\\'`);
    expect(andEquals('Q', 'Env', 'prod')).toBe(`Q AND Env = 'prod'`);
    expect(andMissing('Q', 'Env')).toBe('Q AND Env IS NULL');
  });

  it('shell-quotes a query so it pastes into a POSIX shell', () => {
    expect(shellWord('count')).toBe('count');
    expect(shellWord(`A = 'x' AND B = "$y"`)).toBe(`"A = 'x' AND B = \\"\\$y\\""`);
  });
});
