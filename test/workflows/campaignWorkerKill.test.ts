/**
 * The real worker process (`workers/main.ts`) SIGKILLed in the middle of a campaign's wave, while
 * two clusters roll out and two wait for a slot. The campaign replays on the restarted worker, its
 * stranded watch is retried, it requests the remaining clusters, and every cluster is upgraded
 * exactly once: one generation step each, never a second rollout.
 *
 * The kill lands after the upgrade requests were accepted. A kill while a cluster workflow takes
 * in its `upgrade` Update used to leave that cluster's history unreplayable; that is fixed in the
 * cluster workflow (workflows/common/updateBarrier.ts) and proven by updateReplay.test.ts, where
 * every task is taken by a worker without a cache, as after a restart. The campaign's own retry
 * (same Update ID, an unchanged version is a no-op) is covered by
 * test/unit/activities/campaign.test.ts.
 */
import type { ChildProcess } from 'node:child_process';
import { CampaignClient } from '../../scripts/client/CampaignClient';
import { compileManifestText } from '../../shared/model';
import type { CampaignStatusView } from '../../shared/planners/campaign';
import { dumpHistories } from './crashChaos';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';
import { kill, spawnWorker } from './workerProcess';

const TO = 'v1.32.0';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a campaign whose worker is killed mid-wave', () => {
  let h: Harness;
  const procs: ChildProcess[] = [];
  beforeAll(async () => {
    h = await startHarness({ startWorkers: false, latencies: { clusterInfraMs: 50, provisionMs: 600, bootMs: 200, deleteMs: 50 } });
  });
  afterAll(async () => {
    await Promise.all(procs.map(kill));
    await h.stop();
  });

  it('resumes after SIGKILLs without upgrading any cluster twice', async () => {
    const suite = uniqueName('kill');
    const names = ['a', 'b', 'c', 'd'].map((x) => `${suite}-${x}`);
    const desired = names.map((name) =>
      compileManifestText(simClusterYaml({ name, cpReplicas: 1, workers: 1, labels: { 'upgrade-wave': '1', 'campaign-suite': suite } }), `${name}.yaml`).clusters[0]!,
    );
    procs.push(spawnWorker(h));
    await Promise.all(desired.map((d) => h.capstan.apply(d)));
    await Promise.all(desired.map((d) => h.capstan.waitForReady(d, { timeoutMs: 120_000 })));
    const before = await Promise.all(desired.map(async (d) => (await h.capstan.describe(d)).generation));
    await h.capstan.waitUntilListed({ labels: { 'campaign-suite': suite }, count: 4 });

    const campaigns = new CampaignClient(h.client, h.taskQueue);
    const handle = await campaigns.start(
      {
        name: suite,
        targetVersion: TO,
        clusters: { selector: { matchLabels: { 'campaign-suite': suite } } },
        waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 2 } } },
      },
      { pollIntervalMs: 100, watchMaxWaitMs: 10_000 },
    );
    const until = async (what: string, check: (s: CampaignStatusView) => boolean) => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const s = await campaigns.status(suite).catch(() => undefined); // no worker answers while it restarts
        if (s && check(s)) return s;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(25);
      }
    };

    // Kill 1: while two clusters roll out, their upgrade requests accepted.
    await until('two clusters rolling out', (s) => s.waves[0]!.clusters.filter((c) => c.phase === 'Upgrading' && /requested/.test(c.reason)).length === 2);
    await kill(procs[procs.length - 1]!);
    procs.push(spawnWorker(h));

    const final = await handle.result();
    expect(final.phase).toBe('Completed');
    expect(final.counts).toMatchObject({ total: 4, Succeeded: 4 });
    for (const [i, d] of desired.entries()) {
      const after = await h.capstan.describe(d).catch(async (err: unknown) => {
        if (process.env.CAPSTAN_CRASH_DUMP_DIR) await dumpHistories(h, d, process.env.CAPSTAN_CRASH_DUMP_DIR);
        throw err;
      });
      expect({ cluster: d.name, version: after.version, ready: after.ready, generation: after.generation }).toEqual({
        cluster: d.name,
        version: TO,
        ready: true,
        generation: before[i]! + 1,
      });
    }
  }, 240_000);
});
