/**
 * The fleet proof at the issue's scale, end to end on the dev server: 100 real sim clusters
 * (cluster, control-plane and machine workflows; one control-plane machine each, one with a
 * worker) in three waves by `upgrade-wave` (10 / 30 / 60), at most 8 upgrading per wave, no
 * failure tolerated, v1.31.4 → v1.32.0, run by the real worker process.
 *
 * - wave 2: one cluster's new worker fails to provision: the failure budget pauses the campaign
 *   at that cluster; retry-failed (after its MachineHealthCheck replaced the machine) resumes it
 *   with the pinned version;
 * - wave 3: an operator pause holds every new start (in-flight clusters finish), a cluster is
 *   skipped while paused, resume continues, and the worker is SIGKILLed mid-wave and restarted;
 * - checked at every observation, by the campaign's status and by every cluster's own describe:
 *   never more than 8 upgrading, nothing of a wave moves before the previous wave is done;
 * - at the end: 99 clusters upgraded exactly once (one generation step each), the skipped one
 *   untouched.
 */
import type { ChildProcess } from 'node:child_process';
import { SimClient } from '../../activities/providers/sim';
import { CampaignClient } from '../../scripts/client/CampaignClient';
import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import type { CampaignStatusView } from '../../shared/planners/campaign';
import { expectCapHeld, observeCampaign } from './campaignObserver';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';
import { kill, spawnWorker } from './workerProcess';

const FROM = 'v1.31.4';
const TO = 'v1.32.0';
const MAX = 8;
const WAVES: Array<[wave: string, clusters: number]> = [['1', 10], ['2', 30], ['3', 60]];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

describe('an upgrade campaign over 100 sim clusters in 3 waves', () => {
  let h: Harness;
  let sim: SimClient;
  const procs: ChildProcess[] = [];
  beforeAll(async () => {
    h = await startHarness({ startWorkers: false });
    sim = new SimClient(h.simUrl);
    procs.push(spawnWorker(h));
  });
  afterAll(async () => {
    await Promise.all(procs.map(kill));
    await h.stop();
  });

  it('keeps the caps and the wave order at every step; failure budget, retry, pause, skip and a killed worker; each cluster upgraded once', async () => {
    const suite = uniqueName('fleet100');
    const ids: Array<{ id: string; wave: string }> = WAVES.flatMap(([wave, n]) => Array.from({ length: n }, (_, i) => ({ id: `w${wave}-${String(i).padStart(2, '0')}`, wave })));
    const failing = 'w2-05';
    const clusters = new Map<string, DesiredCluster>();
    for (const { id, wave } of ids) {
      const name = `${suite}-${id}`;
      const yaml = simClusterYaml({
        name,
        cpReplicas: 1,
        // the failing cluster has a worker whose replacement fails; its health check replaces it
        workers: id === failing ? 1 : 0,
        version: FROM,
        labels: { 'upgrade-wave': wave, 'campaign-suite': suite },
        ...(id === failing ? { healthCheck: { maxUnhealthy: '100%', timeout: '300s', nodeStartupTimeout: '30s' } } : {}),
      });
      const { clusters: compiled, issues } = compileManifestText(yaml, `${name}.yaml`);
      expect(issues).toEqual([]);
      clusters.set(id, compiled[0]!);
    }
    const all = [...clusters.values()];
    await mapLimit(all, 10, (c) => h.capstan.apply(c, { healthCheckPollMs: 250 }));
    await mapLimit(all, 10, (c) => h.capstan.waitForReady(c, { timeoutMs: 180_000 }));
    const generationBefore = new Map(await mapLimit(all, 16, async (c) => [c.name, (await h.capstan.describe(c)).generation] as const));
    for (let i = 0; ; i++) {
      const { count } = await h.client.workflow.count(`WorkflowType = 'clusterWorkflow' AND CapstanLabels = 'campaign-suite=${suite}'`);
      if (count === 100) break;
      if (i > 300) throw new Error(`visibility lists ${count} of the 100 clusters`);
      await sleep(100);
    }
    const failingCluster = clusters.get(failing)!;
    await sim.injectFault(failingCluster, { kind: 'failProvisioning', count: 1, namePrefix: `${failingCluster.name}-md-0`, reason: 'injected: instance quota exceeded' });

    const campaigns = new CampaignClient(h.client, h.taskQueue);
    const handle = await campaigns.start(
      {
        name: suite,
        targetVersion: TO,
        clusters: { selector: { matchLabels: { 'campaign-suite': suite } } },
        waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: MAX, maxAllowedFailures: 0 } } },
        upgradeTimeout: '10m',
      },
      { pollIntervalMs: 100, watchMaxWaitMs: 10_000 },
    );

    // The observer: every status, and every cluster's own describe, against the caps and the wave order.
    const observer = observeCampaign({
      status: () => campaigns.status(suite),
      describeAll: () => mapLimit(all, 16, (c) => h.capstan.describe(c).catch(() => undefined)),
      target: TO,
      maxConcurrency: MAX,
      waves: WAVES.map(([wave]) => wave),
      waveOf: (d) => d.labels['upgrade-wave'],
      pauseMs: 200, // 100 describes per look: leave the worker room to work
    });
    const until = (what: string, check: (s: CampaignStatusView) => boolean, timeoutMs = 180_000) => observer.until(what, check, timeoutMs);
    const cluster = (s: CampaignStatusView, id: string) => s.waves.flatMap((w) => w.clusters).find((c) => c.cluster === `default/${suite}-${id}`)!;
    const wave = (s: CampaignStatusView, name: string) => s.waves.find((w) => w.name === name)!;

    try {
      // 1. Wave 2: the failure budget stops the wave at the failing cluster.
      const paused = await until('the failure-budget pause', (s) => s.phase === 'Paused');
      expect(paused.pausedBy?.failureBudget).toMatch(new RegExp(`wave 2: 1 cluster\\(s\\) failed, 0 allowed \\(default/${suite}-${failing}\\)`));
      expect(cluster(paused, failing).phase).toBe('Failed');
      expect(wave(paused, '1').phase).toBe('Completed');
      expect(wave(paused, '2').phase).toBe('Halted');
      const unstarted2 = wave(paused, '2').clusters.filter((c) => c.phase === 'NotStarted').length;
      expect(unstarted2).toBeGreaterThan(0); // the rest of the wave waits
      expect(wave(paused, '3').clusters.every((c) => c.phase === 'NotStarted')).toBe(true);

      // 2. retry-failed with the pinned version: the campaign resumes by itself.
      expect((await campaigns.retryFailed(suite)).message).toBe(`retrying 1 failed cluster(s): default/${suite}-${failing}`);

      // 3. Wave 3: an operator pause mid-wave holds every new start.
      await until('wave 3 part done', (s) => wave(s, '3').clusters.filter((c) => c.phase === 'Succeeded').length >= 12);
      await campaigns.pause(suite, { reason: 'change freeze' });
      const held = await until('in-flight clusters settled under the pause', (s) => s.phase === 'Paused' && wave(s, '3').upgrading === 0, 120_000);
      const startedWhilePaused = wave(held, '3').clusters.filter((c) => c.phase !== 'NotStarted').length;
      await sleep(1_500);
      expect(wave(observer.latest()!, '3').clusters.filter((c) => c.phase !== 'NotStarted').length).toBe(startedWhilePaused);
      const skipped = wave(held, '3').clusters.find((c) => c.phase === 'NotStarted')!.cluster;
      await campaigns.skipCluster(suite, { cluster: skipped, reason: 'customer demo tomorrow' });
      await campaigns.resume(suite);

      // 4. The worker SIGKILLed while wave 3 upgrades, then restarted.
      await until('wave 3 upgrading again', (s) => s.phase === 'Running' && wave(s, '3').upgrading > 0);
      await kill(procs[procs.length - 1]!);
      procs.push(spawnWorker(h));

      const final = await handle.result();
      expect(final.phase).toBe('Completed');
      expect(final.counts).toMatchObject({ total: 100, Succeeded: 99, Skipped: 1, Failed: 0 });
      expect(cluster(final, failing)).toMatchObject({ phase: 'Succeeded', attempts: 2, steps: [TO] });
      await observer.stop();

      expectCapHeld(observer, MAX);
      const after = await mapLimit(all, 16, (c) => h.capstan.describe(c));
      for (const d of after) {
        const key = `default/${d.name}`;
        const machines = [...d.controlPlane!.machines, ...d.machineDeployments.flatMap((md) => md.machines)];
        if (key === skipped) {
          expect({ key, version: d.version, generation: d.generation }).toEqual({ key, version: FROM, generation: generationBefore.get(d.name) });
          continue;
        }
        // exactly one upgrade took effect: one generation step, never a second rollout
        expect({ key, version: d.version, ready: d.ready, atTarget: machines.every((m) => m.version === TO), generation: d.generation }).toEqual({
          key, version: TO, ready: true, atTarget: true, generation: generationBefore.get(d.name)! + 1,
        });
      }
    } finally {
      await observer.stop();
    }
  }, 600_000);
});
