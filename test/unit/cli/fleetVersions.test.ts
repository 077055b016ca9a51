import { runCli } from '../../../scripts/cli/main';
import { formatFleetVersions, formatTemporalCliQueries } from '../../../scripts/cli/render/fleetVersions';
import { fleetVisibilityQuery } from '../../../shared/fleet/fleetQuery';
import { summarizeFleet, type FleetRow } from '../../../shared/fleet/fleetSummary';

const FLEET: FleetRow[] = [
  { namespace: 'default', name: 'a', version: 'v1.31.4', phase: 'Provisioned', provider: 'sim', env: 'prod', region: 'seoul', wave: '2' },
  { namespace: 'default', name: 'b', version: 'v1.32.3', phase: 'Provisioned', provider: 'sim', env: 'prod', region: 'seoul', wave: '2' },
  { namespace: 'default', name: 'c', version: 'v1.32.3', phase: 'Provisioned', provider: 'sim', env: 'dev', region: 'local', wave: '1' },
  { namespace: 'team-a', name: 'd', version: 'v1.31.10', phase: 'Provisioning', provider: 'sim', env: 'dev', region: 'local', wave: '1' },
  { namespace: 'team-a', name: 'e', version: 'v1.32.3', phase: 'Pending', provider: 'sim', region: 'local' },
  { namespace: 'team-a', name: 'f', phase: 'Failed', provider: 'docker', env: 'staging' },
];

describe('capstan fleet versions rendering (golden)', () => {
  it('prints the version distribution, the version × env matrix, phases and the other dimensions on one screen', () => {
    expect(formatFleetVersions(summarizeFleet(FLEET))).toBe(
      [
        '6 clusters on 4 versions (running clusterWorkflow executions, from Temporal visibility)',
        '',
        'VERSION   CLUSTERS  SHARE',
        'v1.32.3   3         50.0%  ██████████████████████████████',
        'v1.31.10  1         16.7%  ██████████',
        'v1.31.4   1         16.7%  ██████████',
        '<none>    1         16.7%  ██████████',
        '',
        'VERSION \\ ENV  dev  prod  staging  <none>  TOTAL',
        'v1.32.3        1    1     -        1       3',
        'v1.31.10       1    -     -        -       1',
        'v1.31.4        -    1     -        -       1',
        '<none>         -    -     1        -       1',
        'TOTAL          2    2     1        1       6',
        '',
        'PHASE         CLUSTERS  SHARE',
        'Pending       1         16.7%',
        'Provisioning  1         16.7%',
        'Provisioned   3         50.0%',
        'Failed        1         16.7%',
        '',
        'env:      dev (2) · prod (2) · staging (1) · <none> (1)',
        'region:   local (3) · seoul (2) · <none> (1)',
        'wave:     1 (2) · 2 (2) · <none> (2)',
        'provider: docker (1) · sim (5)',
      ].join('\n'),
    );
  });

  it('--by wave puts waves (numerically) in the matrix columns', () => {
    const text = formatFleetVersions(summarizeFleet(FLEET, { by: 'wave' }));
    expect(text).toContain(['VERSION \\ WAVE  1  2  <none>  TOTAL', 'v1.32.3         1  1  1       3'].join('\n'));
  });

  it('says so when nothing matches', () => {
    expect(formatFleetVersions(summarizeFleet([]))).toBe('No clusters found.');
  });

  it('--show-query prints the Temporal CLI equivalents, shell-quoted, with IS NULL for <none>', () => {
    const s = summarizeFleet(FLEET);
    const q = fleetVisibilityQuery({ labels: { tier: 'gold' } });
    const base = `WorkflowType = 'clusterWorkflow' AND ExecutionStatus = 'Running' AND CapstanLabels = 'tier=gold'`;
    expect(formatTemporalCliQueries(s, q, { address: '10.0.0.5:7233', temporalNamespace: 'fleet' }).split('\n')).toEqual([
      '# the same from the Temporal CLI (the --query text also works in the Web UI workflow search)',
      `temporal workflow count --address 10.0.0.5:7233 --namespace fleet --query "${base}"`,
      `temporal workflow list --address 10.0.0.5:7233 --namespace fleet --query "${base}"`,
      '# per version (4 versions; visibility GROUP BY works only on ExecutionStatus, so one count each):',
      `temporal workflow count --address 10.0.0.5:7233 --namespace fleet --query "${base} AND KubernetesVersion = 'v1.32.3'"`,
      `temporal workflow count --address 10.0.0.5:7233 --namespace fleet --query "${base} AND KubernetesVersion = 'v1.31.10'"`,
      `temporal workflow count --address 10.0.0.5:7233 --namespace fleet --query "${base} AND KubernetesVersion = 'v1.31.4'"`,
      `temporal workflow count --address 10.0.0.5:7233 --namespace fleet --query "${base} AND KubernetesVersion IS NULL"`,
      '# one cell of the version x env matrix:',
      `temporal workflow count --address 10.0.0.5:7233 --namespace fleet --query "${base} AND KubernetesVersion = 'v1.32.3' AND Env = 'dev'"`,
    ]);
    // default address and namespace are left out; long version lists are cut
    const short = formatTemporalCliQueries(s, q, { address: '127.0.0.1:7233', temporalNamespace: 'default', maxVersions: 2 });
    expect(short).toContain(`temporal workflow count --query "${base}"`);
    expect(short).toContain('# ... and 2 more');
  });
});

describe('capstan fleet versions input checks (no server needed)', () => {
  let err: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    err = [];
    spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  });
  afterEach(() => spy.mockRestore());

  it.each([
    [['--by', 'zone'], /--by zone: unknown dimension/],
    [['-o', 'xml'], /-o xml: unknown output format/],
    [['-l', 'env!=prod'], /only equality selectors/],
  ])('%j exits 2 before connecting', async (args, message) => {
    const code = await runCli(['node', 'capstan', '--address', '127.0.0.1:1', 'fleet', 'versions', ...args]);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });
});
