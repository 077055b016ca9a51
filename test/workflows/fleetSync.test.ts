import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FleetSyncClient } from '../../scripts/client/FleetSyncClient';
import type { FleetSyncPass } from '../../workflows/fleetSync/definitions';
import { until } from '../support/eventually';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

/**
 * The continuous GitOps sync (`fleet-sync/<repoId>`) on a real server, over a real git checkout:
 * creates, updates from a new commit, refuses a commit that does not compile without touching
 * anything, prunes only once asked, runs on its interval, survives continue-as-new, stops.
 */

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, '-c', 'user.name=capstan-test', '-c', 'user.email=test@capstan.invalid', ...args], { encoding: 'utf8' }).trim();
}

function commit(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

const ok = (p: FleetSyncPass) => {
  if (!p.ok) throw new Error(`pass failed: ${p.error}`);
  return p.run;
};

describe('fleetSyncWorkflow: the continuous form of capstan sync', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'capstan-fleet-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await h?.stop();
  });

  it('applies each commit of the checkout, refuses a broken one, prunes when asked, and stops', async () => {
    const repoId = uniqueName('fleet');
    const name = uniqueName('gs');
    const stays = uniqueName('gs-stays');
    const clusterFile = join(dir, 'clusters', 'dev', `${name}.yaml`);
    const staysFile = join(dir, 'clusters', 'dev', `${stays}.yaml`);
    mkdirSync(join(dir, 'clusters', 'dev'), { recursive: true });
    writeFileSync(clusterFile, simClusterYaml({ name, cpReplicas: 1, workers: 1, version: 'v1.31.4' }));
    writeFileSync(staysFile, simClusterYaml({ name: stays, cpReplicas: 1, workers: 0, version: 'v1.31.4' }));
    writeFileSync(join(dir, 'README.md'), 'fleet\n');
    git(dir, 'init', '-q');
    const first = commit(dir, 'dev cluster');

    const syncs = new FleetSyncClient(h.client, h.taskQueue);
    await expect(syncs.start({ dir: 'relative/path', repoId, prune: false, intervalSeconds: 5 })).rejects.toThrow(/dir must be an absolute path/);
    await expect(syncs.start({ dir, repoId, prune: false, intervalSeconds: 1 })).rejects.toThrow(/intervalSeconds must be an integer of at least 5, got 1/);
    await syncs.start({ dir, repoId, prune: false, intervalSeconds: 5 }, { continueAsNewAfterEvents: 40 });
    await expect(syncs.start({ dir, repoId, prune: false, intervalSeconds: 5 })).rejects.toThrow(/already running/);

    // The first pass creates the cluster, stamped with the repository.
    const created = await until('first pass', () => syncs.status(repoId), (s) => s.passes >= 1);
    expect(ok(created.last!)).toMatchObject({ status: 'Synced', commit: first, counts: { created: 2, failed: 0 } });
    const key = { namespace: 'default', name };
    await h.capstan.waitForReady(key, { timeoutMs: 60_000 });
    expect((await h.capstan.describe(key)).labels['capstan.io/gitops-repo']).toBe(repoId);

    // A new commit is applied by the next pass.
    writeFileSync(clusterFile, simClusterYaml({ name, cpReplicas: 1, workers: 2, version: 'v1.31.4' }));
    const second = commit(dir, 'two workers');
    const scaled = ok(await syncs.syncNow(repoId));
    expect(scaled).toMatchObject({ status: 'Synced', commit: second, counts: { configured: 1 } });
    expect(scaled.changes).toEqual([expect.objectContaining({ key: `default/${name}`, action: 'configured' })]);
    const ready = await h.capstan.waitFor(key, (d) => d.ready && d.machineDeployments[0]?.readyReplicas === 2, { timeoutMs: 60_000 });

    // A commit that does not compile changes nothing and says why.
    writeFileSync(clusterFile, simClusterYaml({ name, cpReplicas: 1, workers: 2, version: 'v1.31.4' }).replace('replicas: 2', 'replicas: -2'));
    commit(dir, 'typo');
    const broken = ok(await syncs.syncNow(repoId));
    expect(broken.status).toBe('Invalid');
    expect(broken.issues.join('\n')).toMatch(/replicas/);
    expect((await h.capstan.describe(key)).generation).toBe(ready.generation);

    // Removed from the repository: kept until prune is switched on, then deleted.
    rmSync(clusterFile);
    commit(dir, 'retire the cluster');
    const kept = ok(await syncs.syncNow(repoId));
    expect(kept.counts).toMatchObject({ wouldPrune: 1, deleted: 0 });
    await syncs.configure(repoId, { prune: true });
    const pruned = await until('prune pass', () => syncs.status(repoId), (s) => s.last?.ok === true && s.last.run.counts.deleted === 1);
    expect(pruned.lastChange?.ok && pruned.lastChange.run.changes).toEqual([{ key: `default/${name}`, action: 'deleted' }]);
    expect(pruned.recent.map((r) => r.status)).toEqual(expect.arrayContaining(['Synced', 'Invalid']));

    // A checkout that declares no cluster any more never prunes the whole fleet.
    writeFileSync(staysFile, '# moved elsewhere\n');
    commit(dir, 'empty');
    const empty = ok(await syncs.syncNow(repoId));
    expect(empty.status).toBe('Invalid');
    expect(empty.issues[0]).toMatch(/declares no cluster: pruning would delete all 1 cluster\(s\) of repository .*refused/);
    expect((await h.capstan.describe({ namespace: 'default', name: stays })).phase).not.toBe('Deleting');

    // Passes also come on their own, every interval, across continue-as-new.
    const before = await syncs.status(repoId);
    const firstRun = (await syncs.handle(repoId).describe()).runId;
    const later = await until('interval passes', () => syncs.status(repoId), (s) => s.passes >= before.passes + 2, { timeoutMs: 30_000, intervalMs: 500 });
    expect(later.passes).toBeGreaterThanOrEqual(before.passes + 2);
    expect((await syncs.handle(repoId).describe()).runId).not.toBe(firstRun);

    const stopped = await syncs.stop(repoId);
    await h.capstan.delete({ namespace: 'default', name: stays }, { wait: true });
    expect(stopped.stopping).toBe(true);
    expect((await syncs.handle(repoId).describe()).status.name).toBe('COMPLETED');
  });
});
