import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { snapshotCampaign, validateCampaignSpec, type CampaignSpec, type FleetCluster } from '../../../../shared/planners/campaign';

const base: CampaignSpec = { name: 'to-132', targetVersion: 'v1.32.3', waves: { byLabel: { label: 'upgrade-wave' } } };
const spec = (over: Record<string, unknown>): unknown => ({ ...base, ...over });
const byLabel = (over: Record<string, unknown>): unknown => spec({ waves: { byLabel: { label: 'upgrade-wave', ...over } } });
const stages = (s: unknown[]): unknown => spec({ waves: { stages: s } });

const paths = (raw: unknown) => validateCampaignSpec(raw).map((i) => `${i.path} [${i.rule}]`);

describe('validateCampaignSpec: bad input is refused naming the field', () => {
  it('accepts a minimal spec', () => {
    expect(validateCampaignSpec(base)).toEqual([]);
  });

  it.each([
    ['target not a semver', spec({ targetVersion: '1.32' }), 'targetVersion [version-format]'],
    ['target missing', { name: 'x', waves: base.waves }, 'targetVersion [required]'],
    ['name not DNS', spec({ name: 'To_132' }), 'name [dns1123-subdomain]'],
    ['maxConcurrency 0', byLabel({ defaults: { maxConcurrency: 0 } }), 'waves.byLabel.defaults.maxConcurrency [campaign-max-concurrency]'],
    ['maxConcurrency 0%', byLabel({ defaults: { maxConcurrency: '0%' } }), 'waves.byLabel.defaults.maxConcurrency [campaign-max-concurrency]'],
    ['bad percent', byLabel({ defaults: { maxConcurrency: '25 %' } }), 'waves.byLabel.defaults.maxConcurrency [campaign-max-concurrency]'],
    ['percent over 100', byLabel({ defaults: { maxAllowedFailures: '150%' } }), 'waves.byLabel.defaults.maxAllowedFailures [campaign-max-allowed-failures]'],
    ['fractional count', byLabel({ defaults: { maxConcurrency: 1.5 } }), 'waves.byLabel.defaults.maxConcurrency [campaign-max-concurrency]'],
    ['negative failures', byLabel({ defaults: { maxAllowedFailures: -1 } }), 'waves.byLabel.defaults.maxAllowedFailures [campaign-max-allowed-failures]'],
    ['soak over 30 days', byLabel({ overrides: { '1': { soak: '721h' } } }), 'waves.byLabel.overrides.1.soak [duration-range]'],
    ['soak not a duration', byLabel({ defaults: { soak: '3 days' } }), 'waves.byLabel.defaults.soak [duration-format]'],
    ['unknown wave in overrides', byLabel({ order: ['1', '2'], overrides: { '3': { soak: '1h' } } }), 'waves.byLabel.overrides.3 [campaign-unknown-wave]'],
    ['duplicate wave in order', byLabel({ order: ['1', '1'] }), 'waves.byLabel.order[1] [campaign-wave-duplicate]'],
    ['misspelt field', byLabel({ defaults: { maxConcurency: 2 } }), 'waves.byLabel.defaults.maxConcurency [unknown-field]'],
    ['bad wave label key', byLabel({ label: 'upgrade wave' }), 'waves.byLabel.label [label-key]'],
    ['both wave forms', spec({ waves: { byLabel: { label: 'w' }, stages: [] } }), 'waves [campaign-waves-one-of]'],
    ['no waves', { name: 'x', targetVersion: 'v1.32.3' }, 'waves [required]'],
    ['stage without selector', stages([{ name: 'a' }]), 'waves.stages[0].selector [required]'],
    ['duplicate stage', stages([{ name: 'a', selector: {} }, { name: 'a', selector: {} }]), 'waves.stages[1].name [campaign-stage-duplicate]'],
    ['groups and groupByLabel', stages([{ name: 'a', selector: {}, groupByLabel: 'region', groups: [{ name: 'g', selector: {} }] }]), 'waves.stages[0].groups [campaign-groups-one-of]'],
    ['group maxConcurrency 0', stages([{ name: 'a', selector: {}, groups: [{ name: 'g', selector: {}, maxConcurrency: 0 }] }]), 'waves.stages[0].groups[0].maxConcurrency [campaign-max-concurrency]'],
    ['selector operator', spec({ clusters: { selector: { matchExpressions: [{ key: 'env', operator: 'Equals', values: ['x'] }] } } }), 'clusters.selector.matchExpressions[0].operator [label-selector-operator]'],
    ['In without values', spec({ clusters: { selector: { matchExpressions: [{ key: 'env', operator: 'In' }] } } }), 'clusters.selector.matchExpressions[0].values [label-selector-values]'],
    ['intermediate above target', spec({ intermediateVersions: ['v1.33.0'] }), 'intermediateVersions[0] [campaign-intermediate-below-target]'],
    ['two intermediates of one minor', spec({ intermediateVersions: ['v1.31.1', 'v1.31.2'] }), 'intermediateVersions[1] [campaign-intermediate-one-per-minor]'],
    ['window clock', spec({ maintenanceWindows: [{ start: '25:00', duration: '2h' }] }), 'maintenanceWindows[0].start [clock-format]'],
    ['window too long', spec({ maintenanceWindows: [{ start: '02:00', duration: '25h' }] }), 'maintenanceWindows[0].duration [duration-range]'],
    ['window day', spec({ maintenanceWindows: [{ start: '02:00', duration: '2h', days: ['Saturday'] }] }), 'maintenanceWindows[0].days[0] [weekday]'],
    ['exclusion order', spec({ exclusionWindows: [{ start: '2025-03-02T00:00:00Z', end: '2025-03-01T00:00:00Z' }] }), 'exclusionWindows[0].end [campaign-window-order]'],
    ['exclusion time', spec({ exclusionWindows: [{ start: 'tomorrow', end: '2025-03-01T00:00:00Z' }] }), 'exclusionWindows[0].start [time-format]'],
    ['upgrade timeout over cap', spec({ upgradeTimeout: '800h' }), 'upgradeTimeout [duration-range]'],
  ])('%s', (_what, raw, expected) => {
    expect(paths(raw)).toContain(expected);
  });

  it.each(['to-v1.32.yaml', 'class-rollout.yaml'])('accepts the example campaign %s', (file) => {
    const example = parse(readFileSync(join(__dirname, '../../../../campaigns', file), 'utf8')) as unknown;
    expect(validateCampaignSpec(example)).toEqual([]);
  });

  it('accepts soak of exactly 30 days and percentages', () => {
    expect(validateCampaignSpec(byLabel({ defaults: { soak: '720h', maxConcurrency: '25%', maxAllowedFailures: '10%', requireApproval: true } }))).toEqual([]);
  });
});

const cluster = (name: string, labels: Record<string, string>, version = 'v1.31.4'): FleetCluster => ({ namespace: 'default', name, labels, version });
const T = Date.parse('2025-03-05T00:00:00Z');
const issuesOf = (s: CampaignSpec, fleet: FleetCluster[]) => {
  const r = snapshotCampaign(s, fleet, T);
  return r.ok ? [] : r.issues.map((i) => `${i.path} [${i.rule}] ${i.message}`);
};

describe('snapshotCampaign: problems that need the fleet are refused before anything starts', () => {
  it('refuses a downgrade, naming targetVersion and the cluster', () => {
    const issues = issuesOf(base, [cluster('a', { 'upgrade-wave': '1' }, 'v1.32.5')]);
    expect(issues).toEqual([expect.stringMatching(/^targetVersion \[campaign-no-downgrade\] .*default\/a's v1\.32\.5/)]);
  });

  it('refuses a skipped minor without intermediateVersions, naming the field', () => {
    const issues = issuesOf(base, [cluster('a', { 'upgrade-wave': '1' }, 'v1.30.2')]);
    expect(issues).toEqual([expect.stringMatching(/^intermediateVersions \[campaign-intermediate-version-missing\] .*v1\.31/)]);
  });

  it('refuses clusters without the wave label, and wave values missing from order', () => {
    const s: CampaignSpec = { ...base, waves: { byLabel: { label: 'upgrade-wave', order: ['1', '2'] } } };
    const issues = issuesOf(s, [cluster('a', { 'upgrade-wave': '1' }), cluster('b', {}), cluster('c', { 'upgrade-wave': '7' })]);
    expect(issues).toEqual([
      expect.stringMatching(/^waves\.byLabel\.label \[campaign-cluster-without-wave\] .*default\/b/),
      expect.stringMatching(/^waves\.byLabel\.order \[campaign-unknown-wave\] .*default\/c \(upgrade-wave=7\)/),
    ]);
  });

  it('refuses an override for a wave no selected cluster has', () => {
    const s: CampaignSpec = { ...base, waves: { byLabel: { label: 'upgrade-wave', overrides: { '4': { soak: '1h' } } } } };
    expect(issuesOf(s, [cluster('a', { 'upgrade-wave': '1' })])).toEqual([expect.stringMatching(/^waves\.byLabel\.overrides\.4 \[campaign-unknown-wave\]/)]);
  });

  it('refuses an empty selection and clusters in no stage', () => {
    expect(issuesOf({ ...base, clusters: { selector: { matchLabels: { env: 'nope' } } } }, [cluster('a', { env: 'prod' })])).toEqual([
      expect.stringMatching(/^clusters \[campaign-no-clusters\]/),
    ]);
    const staged: CampaignSpec = { ...base, waves: { stages: [{ name: 'canary', selector: { matchLabels: { tier: 'canary' } } }] } };
    expect(issuesOf(staged, [cluster('a', { tier: 'canary' }), cluster('b', {})])).toEqual([expect.stringMatching(/^waves\.stages \[campaign-cluster-without-wave\] .*default\/b/)]);
  });

  it('orders label waves numerically, resolves percentages (concurrency down, at least 1; failures up)', () => {
    const s: CampaignSpec = { ...base, waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: '25%', maxAllowedFailures: '10%' } } } };
    const fleet = [cluster('x', { 'upgrade-wave': '10' }), cluster('y', { 'upgrade-wave': '2' }), ...Array.from({ length: 7 }, (_, i) => cluster(`z${i}`, { 'upgrade-wave': '9' }))];
    const r = snapshotCampaign(s, fleet, T);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.snapshot.waves.map((w) => [w.name, w.gate.maxConcurrency, w.gate.maxAllowedFailures])).toEqual([
      ['2', 1, 1],
      ['9', 1, 1], // floor(25% of 7) = 1; ceil(10% of 7) = 1
      ['10', 1, 1],
    ]);
  });

  it('pins each cluster its steps and the maintenance windows its labels match', () => {
    const s: CampaignSpec = {
      ...base,
      intermediateVersions: ['1.31.8'],
      maintenanceWindows: [{ name: 'prod-nights', selector: { matchLabels: { env: 'prod' } }, days: ['Sat', 'Sun'], start: '02:00', duration: '4h' }],
    };
    const r = snapshotCampaign(s, [cluster('old', { 'upgrade-wave': '1', env: 'prod' }, 'v1.30.1'), cluster('new', { 'upgrade-wave': '1' }, 'v1.32.3')], T);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.snapshot.clusters['default/old']).toMatchObject({ steps: ['v1.31.8', 'v1.32.3'], windows: [0] });
    expect(r.snapshot.clusters['default/new']).toMatchObject({ steps: [], windows: [] });
    expect(r.snapshot.maintenanceWindows[0]).toEqual({ name: 'prod-nights', days: [0, 6], startMinute: 120, durationSeconds: 14400 });
  });

  it('a stage with an empty selector takes every remaining cluster; explicit groups split it', () => {
    const s: CampaignSpec = {
      ...base,
      waves: {
        stages: [
          { name: 'canary', selector: { matchLabels: { tier: 'canary' } } },
          { name: 'rest', selector: {}, maxConcurrency: 4, groups: [{ name: 'eu', selector: { matchLabels: { region: 'eu' } }, maxConcurrency: '50%' }, { name: 'other', selector: {} }] },
        ],
      },
    };
    const r = snapshotCampaign(s, [cluster('c', { tier: 'canary', region: 'eu' }), cluster('e1', { region: 'eu' }), cluster('e2', { region: 'eu' }), cluster('u', { region: 'us' })], T);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.snapshot.waves.map((w) => w.groups.map((g) => [g.name, g.clusters, g.gate.maxConcurrency]))).toEqual([
      [['all', ['default/c'], null]],
      [
        ['eu', ['default/e1', 'default/e2'], 1],
        ['other', ['default/u'], null],
      ],
    ]);
  });
});
