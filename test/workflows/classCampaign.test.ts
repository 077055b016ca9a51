/**
 * A ClusterClass change rolled out through a campaign, end to end on the dev server: a fleet
 * repository (the seed layout) whose ClusterClass says `capstan.io/rollout-policy: Campaign`, three
 * real sim clusters in two waves. Editing the class's worker template and syncing stages the
 * change in every cluster (no machine replaced, syncing again stages nothing); a campaign with
 * `stagedChanges: true` then promotes it wave by wave, one cluster at a time — checked at every
 * observation — and each cluster's workers are replaced exactly once, the control plane never.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeFleetSync, loadFleetRepository, planRepositorySync } from '../../activities/gitops/fleetRepository';
import { runCli } from '../../scripts/cli/main';
import { CampaignClient } from '../../scripts/client/CampaignClient';
import { fleetClustersOf } from '../../scripts/client/fleetClusters';
import type { CampaignStatusView } from '../../shared/planners/campaign';
import type { ClusterDescription } from '../../shared/status/types';
import { captureOutput } from '../support/captureOutput';
import { readSimClassExample as read, simClassClusterYaml, withRolloutPolicy, withWorkerCommand } from '../support/simClassExample';
import { startHarness, uniqueName, type Harness } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the real CLI in-process against the dev server. */
async function cli(h: Harness, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = captureOutput({ stdout: true });
  try {
    const code = await runCli(['node', 'capstan', '--address', h.address, ...args]);
    return { code, out: c.out.join('\n'), err: c.err.join('\n') };
  } finally {
    c.restore();
  }
}

const workerNames = (d: ClusterDescription) => d.machineDeployments.flatMap((md) => md.machines.map((m) => m.name)).sort();
const cpNames = (d: ClusterDescription) => d.controlPlane!.machines.map((m) => m.name).sort();

describe('a ClusterClass change through a campaign (rollout policy Campaign)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('sync stages it everywhere, then the campaign rolls it wave by wave, each cluster once', async () => {
    const suite = uniqueName('ccc');
    const waves: Record<string, string> = { a: '1', b: '2', c: '2' };
    const dir = mkdtempSync(join(tmpdir(), 'capstan-class-campaign-'));
    mkdirSync(join(dir, 'clusterclasses'));
    mkdirSync(join(dir, 'clusters', 'dev'), { recursive: true });
    writeFileSync(join(dir, 'clusterclasses', 'clusterclass.yaml'), withRolloutPolicy(read('clusterclass.yaml'), 'Campaign'));
    writeFileSync(join(dir, 'clusterclasses', 'templates.yaml'), read('templates.yaml'));
    const keys = Object.fromEntries(Object.keys(waves).map((id) => [id, { namespace: 'default', name: `${suite}-${id}` }]));
    for (const [id, wave] of Object.entries(waves)) {
      writeFileSync(join(dir, 'clusters', 'dev', `${id}.yaml`), simClassClusterYaml(keys[id]!.name, { 'upgrade-wave': wave, 'campaign-suite': suite }));
    }
    const fleet = fleetClustersOf(h.capstan);
    const sync = async () => {
      const repo = loadFleetRepository(dir, { repoId: suite });
      expect(repo.issues).toEqual([]);
      const plan = await planRepositorySync(fleet, repo, false);
      return { plan, outcomes: await executeFleetSync(fleet, plan) };
    };

    // 1. Create the fleet from the repository.
    const created = await sync();
    expect(created.outcomes.map((o) => o.action)).toEqual(['created', 'created', 'created']);
    const before = Object.fromEntries(await Promise.all(Object.entries(keys).map(async ([id, k]) => [id, await h.capstan.waitForReady(k, { timeoutMs: 90_000 })] as const)));

    // 2. The class's worker template changes: sync stages it (nothing replaced), and syncing again stages nothing.
    writeFileSync(join(dir, 'clusterclasses', 'templates.yaml'), withWorkerCommand(read('templates.yaml')));
    const staged = await sync();
    expect(staged.plan.updates.map((u) => [u.key, !!u.stage])).toEqual(Object.values(keys).map((k) => [`default/${k.name}`, true]));
    expect(staged.outcomes.map((o) => o.action)).toEqual(['staged', 'staged', 'staged']);
    const revisions: Record<string, string> = {};
    for (const [id, k] of Object.entries(keys)) {
      const d = await h.capstan.describe(k);
      expect(d.staged).toMatchObject({ clusterClass: 'standard-sim', rollouts: [expect.stringMatching(/^MachineDeployment\/\S+-md-0: 2 machine\(s\), KubeadmConfigTemplate standard-sim-worker-bootstrap → standard-sim-worker-bootstrap-\w{6}$/)] });
      expect(d.generation).toBe(before[id]!.generation); // staging changes nothing the cluster runs
      revisions[id] = d.staged!.revision;
    }
    // The CLI: describe shows what waits; promoting a revision that is not the staged one is refused, naming both.
    const shown = await cli(h, 'describe', 'cluster', keys.a!.name);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`staged: revision ${revisions.a} (ClusterClass standard-sim, rollout policy Campaign)`);
    const wrong = await cli(h, 'promote', 'cluster', keys.a!.name, 'zzzzzz');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain(`promote refused: the staged change is revision ${revisions.a}, not zzzzzz`);
    expect((await h.capstan.describe(keys.a!)).staged?.revision).toBe(revisions.a);

    const again = await sync();
    expect(again.plan.updates).toEqual([]);
    expect(again.plan.held.map((x) => x.revision)).toEqual(Object.values(revisions));
    await sleep(1500);
    for (const [id, k] of Object.entries(keys)) expect(workerNames(await h.capstan.describe(k))).toEqual(workerNames(before[id]!));

    // 3. The campaign: wave 1, then wave 2 one cluster at a time.
    await h.capstan.waitUntilListed({ labels: { 'campaign-suite': suite }, count: 3 });
    const campaigns = new CampaignClient(h.client, h.taskQueue);
    const handle = await campaigns.start(
      {
        name: suite,
        stagedChanges: true,
        clusters: { selector: { matchLabels: { 'campaign-suite': suite } } },
        waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 1, maxAllowedFailures: 0 } } },
        upgradeTimeout: '10m',
      },
      { pollIntervalMs: 100, watchMaxWaitMs: 10_000 },
    );
    // Every observation: at most one cluster promoted and not yet rolled out; no wave-2 cluster promoted before wave 1 is done.
    let done = false;
    let looks = 0;
    let midRollout = 0; // looks that caught a cluster promoted but not rolled out yet
    const rolledOut = (id: string, d: ClusterDescription) => d.promotedRevision === revisions[id] && d.ready && !workerNames(d).some((w) => workerNames(before[id]!).includes(w));
    const observer = (async () => {
      while (!done) {
        const ds = Object.fromEntries(await Promise.all(Object.entries(keys).map(async ([id, k]) => [id, await h.capstan.describe(k)] as const)));
        const inFlight = Object.keys(keys).filter((id) => ds[id]!.promotedRevision !== undefined && !rolledOut(id, ds[id]!));
        expect({ inFlight: inFlight.length <= 1, ids: inFlight }).toEqual({ inFlight: true, ids: inFlight });
        if (inFlight.length > 0) midRollout++;
        if (!rolledOut('a', ds.a!)) expect({ b: ds.b!.promotedRevision, c: ds.c!.promotedRevision }).toEqual({ b: undefined, c: undefined });
        looks++;
        await sleep(50);
      }
    })();
    let final: CampaignStatusView;
    try {
      final = await handle.result();
    } finally {
      done = true;
      await observer;
    }
    // the checks above ran while clusters were rolling, not only before and after
    expect({ looks, midRollout: midRollout > 0 }).toEqual({ looks, midRollout: true });
    expect(final).toMatchObject({ kind: 'staged', targetVersion: 'staged changes', phase: 'Completed', counts: { total: 3, Succeeded: 3, Failed: 0 } });
    for (const [id, k] of Object.entries(keys)) {
      const d = await h.capstan.describe(k);
      expect(d.staged).toBeUndefined();
      expect(d.promotedRevision).toBe(revisions[id]);
      expect(cpNames(d)).toEqual(cpNames(before[id]!)); // the control plane's templates did not change
      expect(workerNames(d).filter((w) => workerNames(before[id]!).includes(w))).toEqual([]);
      expect(d.generation).toBe(before[id]!.generation + 1); // one promotion, nothing else
      const desired = (await h.capstan.desired(k))!.desired;
      expect(desired.machineDeployments[0]!.template.bootstrap.name).toMatch(/^standard-sim-worker-bootstrap-\w{6}$/);
    }
    // 4. The repository and the fleet agree again: nothing to apply, nothing held.
    const settled = await sync();
    expect({ updates: settled.plan.updates, held: settled.plan.held }).toEqual({ updates: [], held: [] });
  }, 300_000);
});
