import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runCli } from '../../scripts/cli/main';
import { temporalCliPath } from '../../scripts/temporal/paths';
import { listFleetRows } from '../../scripts/cli/commands/fleet';
import { fleetVisibilityQuery } from '../../shared/fleet/fleetQuery';
import type { FleetSummary } from '../../shared/fleet/fleetSummary';
import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import {
  CapstanLabelsKey,
  CapstanNamespaceKey,
  ClusterPhaseKey,
  EnvKey,
  KubernetesVersionKey,
  ProviderKey,
  UpgradeWaveKey,
} from '../../shared/searchAttributes';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';
import { until } from '../support/eventually';

const run = promisify(execFile);

type FleetJson = FleetSummary & { query: string };

/** Runs the real CLI in-process against the dev server; returns exit code and stdout. */
async function capstan(h: Harness, ...args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    chunks.push(String(s));
    return true;
  });
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void chunks.push(`${a.join(' ')}\n`));
  try {
    const code = await runCli(['node', 'capstan', '--address', h.address, ...args]);
    return { code, out: chunks.join('') };
  } finally {
    write.mockRestore();
    log.mockRestore();
  }
}

async function fleetJson(h: Harness, ...args: string[]): Promise<FleetJson> {
  const { code, out } = await capstan(h, 'fleet', 'versions', '-o', 'json', ...args);
  expect(code).toBe(0);
  return JSON.parse(out) as FleetJson;
}


const counts = (c: Array<{ value: string; count: number }>) => Object.fromEntries(c.map((x) => [x.value, x.count]));

describe('capstan fleet versions against Temporal visibility (real dev server)', () => {
  let h: Harness;
  // a label only this run's clusters carry: the shared server may hold clusters of other files and runs
  const run_ = uniqueName('fleet');
  const spec = [
    { suffix: 'a', version: 'v1.31.4', env: 'dev', region: 'local', wave: '1', workers: 0 },
    { suffix: 'b', version: 'v1.31.4', env: 'prod', region: 'seoul', wave: '2', workers: 0 },
    { suffix: 'c', version: 'v1.32.3', env: 'dev', region: 'local', wave: '1', workers: 1 },
    { suffix: 'd', version: 'v1.32.3', env: 'prod', region: 'seoul', wave: '2', workers: 0 },
  ];
  let clusters: DesiredCluster[] = [];

  beforeAll(async () => {
    h = await startHarness();
    clusters = spec.map((s) => {
      const { clusters: [c], issues } = compileManifestText(
        simClusterYaml({
          name: `${run_}-${s.suffix}`,
          cpReplicas: 1,
          workers: s.workers,
          version: s.version,
          labels: { env: s.env, region: s.region, 'upgrade-wave': s.wave, fleet: run_ },
        }),
        'fleet.yaml',
      );
      expect(issues).toEqual([]);
      return c!;
    });
    for (const c of clusters) await h.capstan.apply(c);
    await Promise.all(clusters.map((c) => h.capstan.waitForReady(c, { timeoutMs: 90_000 })));
  });

  afterAll(async () => {
    await Promise.all(clusters.map((c) => h.capstan.delete(c, { wait: true }).catch(() => undefined)));
    await h.stop();
  });

  it('counts the fleet by version, env, region, wave and phase from the search attributes alone', async () => {
    // visibility is eventually consistent
    const f = await until(
      'the 4 clusters Provisioned in visibility',
      () => fleetJson(h, '-l', `fleet=${run_}`),
      (x) => x.total === 4 && counts(x.breakdowns.phase)['Provisioned'] === 4,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(f.query).toBe(`WorkflowType = 'clusterWorkflow' AND ExecutionStatus = 'Running' AND CapstanLabels = 'fleet=${run_}'`);
    expect(f.total).toBe(4);
    expect(f.versions).toEqual([
      { value: 'v1.32.3', count: 2, percent: 50 },
      { value: 'v1.31.4', count: 2, percent: 50 },
    ]);
    expect(counts(f.breakdowns.phase)).toEqual({ Provisioned: 4 });
    expect(counts(f.breakdowns.env)).toEqual({ dev: 2, prod: 2 });
    expect(counts(f.breakdowns.region)).toEqual({ local: 2, seoul: 2 });
    expect(counts(f.breakdowns.wave)).toEqual({ '1': 2, '2': 2 });
    expect(counts(f.breakdowns.provider)).toEqual({ sim: 4 });
    expect(f.matrix).toEqual({
      by: 'env',
      columns: ['dev', 'prod'],
      rows: [
        { version: 'v1.32.3', counts: { dev: 1, prod: 1 }, total: 2 },
        { version: 'v1.31.4', counts: { dev: 1, prod: 1 }, total: 2 },
      ],
      totals: { dev: 2, prod: 2 },
    });
  });

  it('-l narrows by labels, --by changes the matrix, -n narrows by namespace', async () => {
    const prod = await fleetJson(h, '-l', `fleet=${run_},env=prod`, '--by', 'region');
    expect(prod.total).toBe(2);
    expect(counts(prod.breakdowns.env)).toEqual({ prod: 2 });
    expect(counts(prod.versions)).toEqual({ 'v1.32.3': 1, 'v1.31.4': 1 });
    expect(prod.matrix.by).toBe('region');
    expect(prod.matrix.columns).toEqual(['seoul']);
    const newDev = await fleetJson(h, '-l', `fleet=${run_},env=dev,upgrade-wave=1`);
    expect(newDev.total).toBe(2);
    expect((await fleetJson(h, '-l', `fleet=${run_},env=prod,region=local`)).total).toBe(0);
    expect((await fleetJson(h, '-n', 'default', '-l', `fleet=${run_}`)).total).toBe(4);
    expect((await fleetJson(h, '-n', 'no-such-namespace', '-l', `fleet=${run_}`)).total).toBe(0);
  });

  it('the table shows the distribution and matrix; the printed Temporal CLI queries give the same counts', async () => {
    const { code, out } = await capstan(h, 'fleet', 'versions', '-l', `fleet=${run_}`, '--show-query');
    expect(code).toBe(0);
    expect(out).toMatch(/^4 clusters on 2 versions/);
    expect(out).toMatch(/\nv1\.32\.3\s+2\s+50\.0%\s+█{30}\n/);
    expect(out).toMatch(/\nVERSION \\ ENV\s+dev\s+prod\s+TOTAL\nv1\.32\.3\s+1\s+1\s+2\nv1\.31\.4\s+1\s+1\s+2\nTOTAL\s+2\s+2\s+4\n/);
    expect(out).toMatch(/\nProvisioned\s+4\s+100\.0%\n/);
    expect(out).toContain(`temporal workflow count --address ${h.address} --query "${fleetVisibilityQuery({ labels: { fleet: run_ } })}"`);
    // the documented equivalents, through the real Temporal CLI
    const count = async (query: string) => (await run(temporalCliPath(), ['workflow', 'count', '--address', h.address, '--query', query])).stdout.trim();
    const q = fleetVisibilityQuery({ labels: { fleet: run_ } });
    expect(await count(q)).toBe('Total: 4');
    expect(await count(`${q} AND KubernetesVersion = 'v1.32.3' AND Env = 'prod'`)).toBe('Total: 1');
    expect(await count(`${q} AND Region = 'seoul' AND UpgradeWave = '2'`)).toBe('Total: 2');
  });
});

/**
 * Thousands of clusters: visibility rows of clusterWorkflow executions started with a fleet's
 * search attributes on a task queue no worker polls (nothing runs, so the 2-core runner only pays
 * for the starts), listed across pages by the CLI's own lister, then terminated. No worker also
 * means any per-cluster query would hang: the CLI finishing proves it reads visibility only.
 */
describe('fleet versions at fleet scale (visibility only)', () => {
  const N = 1500;
  let h: Harness;
  const run_ = uniqueName('fleet-scale');
  const ids = Array.from({ length: N }, (_, i) => `cluster/fleet-scale/${run_}-${i}`);

  beforeAll(async () => {
    h = await startHarness({ startWorkers: false });
    await mapLimit(ids, 24, async (id, i) => {
      const env = ['dev', 'staging', 'prod'][i % 3]!;
      const wave = String(1 + (i % 3));
      await h.client.workflow.start('clusterWorkflow', {
        workflowId: id,
        taskQueue: `${run_}-nobody`,
        args: [],
        typedSearchAttributes: [
          { key: CapstanNamespaceKey, value: 'fleet-scale' },
          { key: KubernetesVersionKey, value: i % 10 === 0 ? 'v1.30.8' : i % 2 ? 'v1.31.4' : 'v1.32.3' },
          { key: ClusterPhaseKey, value: 'Provisioned' },
          { key: ProviderKey, value: 'sim' },
          { key: EnvKey, value: env },
          { key: UpgradeWaveKey, value: wave },
          { key: CapstanLabelsKey, value: [`env=${env}`, `fleet=${run_}`, `upgrade-wave=${wave}`] },
        ],
      });
    });
  }, 300_000);

  afterAll(async () => {
    await mapLimit(ids, 24, async (id) => {
      await h.client.workflow.getHandle(id).terminate('fleet scale test done').catch(() => undefined);
    });
    await h.stop();
  }, 300_000);

  it(`summarizes ${N} clusters listed across pages, with no per-cluster calls`, async () => {
    const q = fleetVisibilityQuery({ labels: { fleet: run_ } });
    const rows = await until(`${N} rows in visibility`, () => listFleetRows(h.client, q), (r) => r.length === N, { timeoutMs: 60_000, intervalMs: 250 });
    expect(rows).toHaveLength(N); // > the CLI's page size of 1000: two pages
    expect(new Set(rows.map((r) => r.name)).size).toBe(N);
    const f = await fleetJson(h, '-l', `fleet=${run_}`);
    expect(f.total).toBe(N);
    expect(f.versions).toEqual([
      { value: 'v1.32.3', count: 600, percent: 40 },
      { value: 'v1.31.4', count: 750, percent: 50 },
      { value: 'v1.30.8', count: 150, percent: 10 },
    ]);
    expect(counts(f.breakdowns.env)).toEqual({ dev: 500, prod: 500, staging: 500 });
    expect(counts(f.breakdowns.region)).toEqual({ '<none>': N });
    // a small page size pages many times and gives the same rows
    const small = await listFleetRows(h.client, `${q} AND Env = 'prod'`, { pageSize: 97 });
    expect(small).toHaveLength(500);
    expect(new Set(small.map((r) => r.name)).size).toBe(500);
  });
});

async function mapLimit<T>(items: T[], limit: number, fn: (t: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}
