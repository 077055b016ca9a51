/**
 * An upgrade campaign over a small simulated fleet, end to end on the dev server: 6 real sim
 * clusters (cluster workflows, control-plane and MachineDeployment workflows, machines) in 3 waves
 * (1, 3, 2 clusters), maxConcurrency 2, no failure tolerated, v1.31.4 → v1.32.0. One cluster of
 * wave 2 gets a worker whose provisioning fails (the sim's failProvisioning fault): the campaign
 * pauses at that cluster with the rest of its wave unstarted (c, upgrading beside b, boots its new
 * worker late so it cannot free its slot first); retry-failed (after the cluster's
 * MachineHealthCheck replaced the failed machine) finishes the campaign. The workers are
 * restarted mid-wave. Checked at every status observation: the caps, by the campaign's own
 * account and by the clusters' (every cluster's describe); at the end: every cluster upgraded
 * exactly once (one generation step each).
 */
import { SimClient } from '../../activities/providers/sim';
import { CampaignActionRefusedError, CampaignClient } from '../../scripts/client/CampaignClient';
import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import type { CampaignSpec, CampaignStatusView } from '../../shared/planners/campaign';
import { expectCapHeld, observeCampaign } from './campaignObserver';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

const FROM = 'v1.31.4';
const TO = 'v1.32.0';
const MAX = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('upgrade campaign over 6 sim clusters in 3 waves', () => {
  let h: Harness;
  let sim: SimClient;
  let campaigns: CampaignClient;
  beforeAll(async () => {
    h = await startHarness();
    sim = new SimClient(h.simUrl);
    campaigns = new CampaignClient(h.client, h.taskQueue);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('keeps the caps, pauses at the failing cluster, retries it, survives a worker restart, upgrades each cluster once', async () => {
    const suite = uniqueName('fleet');
    const waves: Record<string, string> = { a: '1', b: '2', c: '2', d: '2', e: '3', f: '3' };
    const clusters: Record<string, DesiredCluster> = {};
    for (const [id, wave] of Object.entries(waves)) {
      const name = `${suite}-${id}`;
      const yaml = simClusterYaml({
        name,
        cpReplicas: 1,
        workers: 1,
        version: FROM,
        labels: { 'upgrade-wave': wave, 'campaign-suite': suite },
        // b's failed worker is replaced by its health check (no node within 30 s), so a retry can succeed
        ...(id === 'b' ? { healthCheck: { maxUnhealthy: '100%', timeout: '300s', nodeStartupTimeout: '30s' } } : {}),
      });
      clusters[id] = compileManifestText(yaml, `${name}.yaml`).clusters[0]!;
    }
    await Promise.all(Object.values(clusters).map((c) => h.capstan.apply(c, { healthCheckPollMs: 250 })));
    await Promise.all(Object.values(clusters).map((c) => h.capstan.waitForReady(c, { timeoutMs: 90_000 })));
    const generationBefore = Object.fromEntries(
      await Promise.all(Object.entries(clusters).map(async ([id, c]) => [id, (await h.capstan.describe(c)).generation] as const)),
    );
    // Visibility lags the clusters' search attributes: the campaign lists through it once, at start.
    await h.capstan.waitUntilListed({ labels: { 'campaign-suite': suite }, count: 6 });
    // b's next worker machine fails to provision: the upgrade's new worker.
    await sim.injectFault(clusters.b!, { kind: 'failProvisioning', count: 1, namePrefix: `${clusters.b!.name}-md-0`, reason: 'injected: instance quota exceeded' });
    // c (b's wave-mate, started beside it) boots its new worker 20 s late, so c cannot finish and
    // free its slot for d before b's failure is seen: without this, "d never starts" raced c.
    await sim.injectFault(clusters.c!, { kind: 'slowBoot', extraMs: 20_000, count: 1, namePrefix: `${clusters.c!.name}-md-0` });
    // Wave 3's new workers boot 15 s late too, so the wave is upgrading long enough to be seen,
    // and to restart the workers in, however slowly a loaded machine lets the observer look.
    for (const id of ['e', 'f']) {
      await sim.injectFault(clusters[id]!, { kind: 'slowBoot', extraMs: 15_000, count: 1, namePrefix: `${clusters[id]!.name}-md-0` });
    }

    const spec: CampaignSpec = {
      name: suite,
      targetVersion: TO,
      clusters: { selector: { matchLabels: { 'campaign-suite': suite } } },
      waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: MAX, maxAllowedFailures: 0 } } },
      upgradeTimeout: '10m',
    };
    const handle = await campaigns.start(spec, { pollIntervalMs: 100, watchMaxWaitMs: 10_000 });

    // The observer: every status, plus every cluster's own describe, checked against the caps and the wave order.
    const observer = observeCampaign({
      status: () => campaigns.status(suite),
      describeAll: () => Promise.all(Object.values(clusters).map((c) => h.capstan.describe(c).catch(() => undefined))),
      target: TO,
      maxConcurrency: MAX,
      waves: ['1', '2', '3'],
      waveOf: (d) => d.labels['upgrade-wave'],
      pauseMs: 100,
    });
    const until = (what: string, check: (s: CampaignStatusView) => boolean, timeoutMs = 90_000) => observer.until(what, check, timeoutMs);
    const cluster = (s: CampaignStatusView, id: string) => s.waves.flatMap((w) => w.clusters).find((c) => c.cluster === `default/${suite}-${id}`)!;

    try {
      // 1. The failure budget: b's failed worker pauses the campaign; d (same wave) never starts.
      const paused = await until('the failure-budget pause', (s) => s.phase === 'Paused');
      expect(paused.pausedBy?.failureBudget).toMatch(new RegExp(`wave 2: 1 cluster\\(s\\) failed, 0 allowed \\(default/${suite}-b\\)`));
      expect(cluster(paused, 'b')).toMatchObject({ phase: 'Failed', reason: expect.stringMatching(new RegExp(`^machine ${clusters.b!.name}-md-0-\\S+ failed: `)) });
      expect(cluster(paused, 'a').phase).toBe('Succeeded');
      expect(cluster(paused, 'd').phase).toBe('NotStarted');
      expect(paused.waves.find((w) => w.name === '2')!.phase).toBe('Halted');
      await expect(campaigns.resume(suite)).rejects.toThrow(CampaignActionRefusedError);
      await expect(campaigns.resume(suite)).rejects.toThrow(/failure budget is still exceeded/);
      // c was already upgrading: it finishes; d stays untouched while the campaign is paused
      const settled = await until('c to finish while paused', (s) => cluster(s, 'c').phase === 'Succeeded');
      expect(cluster(settled, 'd').phase).toBe('NotStarted');
      expect((await h.capstan.describe(clusters.d!)).version).toBe(FROM);

      // 2. retry-failed: the same pinned version, the campaign resumes by itself.
      const retried = await campaigns.retryFailed(suite);
      expect(retried.message).toBe(`retrying 1 failed cluster(s): default/${suite}-b`);

      // 3. A worker restart in the middle of wave 3.
      await until('wave 3 upgrading', (s) => s.waves.find((w) => w.name === '3')!.upgrading > 0, 120_000);
      await h.stopWorkers();
      await sleep(500);
      await h.startWorkers();

      const final = await handle.result();
      expect(final.phase).toBe('Completed');
      expect(final.counts).toMatchObject({ total: 6, Succeeded: 6, Failed: 0 });
      expect(cluster(final, 'b')).toMatchObject({ phase: 'Succeeded', attempts: 2, steps: [TO] });
    } finally {
      await observer.stop();
    }

    expectCapHeld(observer, MAX);
    for (const [id, c] of Object.entries(clusters)) {
      const d = await h.capstan.describe(c);
      const machines = [...d.controlPlane!.machines, ...d.machineDeployments.flatMap((md) => md.machines)];
      expect({ id, version: d.version, ready: d.ready, machines: machines.every((m) => m.version === TO) }).toEqual({ id, version: TO, ready: true, machines: true });
      // exactly one upgrade request took effect: one generation step, never a second upgrade
      expect({ id, generation: d.generation }).toEqual({ id, generation: generationBefore[id]! + 1 });
    }
  }, 240_000);

  it('refuses a bad campaign before anything starts, naming the field', async () => {
    const bad = { name: uniqueName('bad'), targetVersion: 'v1.32', waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 0 } } } } as CampaignSpec;
    const err = (await campaigns.start(bad).then(
      () => new Error('started'),
      (e: unknown) => e as Error,
    ));
    expect(err.message).toMatch(/targetVersion: "v1\.32" must be a Kubernetes version/);
    expect(err.message).toMatch(/waves\.byLabel\.defaults\.maxConcurrency: maxConcurrency 0 is below the minimum of 1/);
    await expect(campaigns.status(bad.name)).rejects.toThrow(/not found/);
  });
});
