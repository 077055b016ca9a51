/**
 * The campaign's activities against a fake fleet of cluster workflows (no server): what they read,
 * and that an upgrade request is sent once however often the activity runs (a worker killed after
 * the Update but before reporting retries the activity with the same Update ID).
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createCampaignActivities, UPGRADE_REFUSED } from '../../../activities/campaign';
import { observationFingerprint, upgradeRequestId } from '../../../shared/planners/campaign';
import { FakeFleet } from '../../timeskip/fakeFleet';

const fleetOf = () =>
  new FakeFleet([
    { name: 'a', labels: { 'upgrade-wave': '1', env: 'prod' }, version: 'v1.31.4', readsToUpgrade: 2 },
    { name: 'b', labels: { 'upgrade-wave': '2' }, version: 'v1.31.4' },
  ]);

function activities(fleet: FakeFleet) {
  const mock = new MockActivityEnvironment();
  const acts = createCampaignActivities({ client: () => fleet.client() });
  const env = { run: <A, R>(fn: (a: A) => Promise<R>, a: A): Promise<R> => mock.run(fn, a) as Promise<R> };
  return { env, acts };
}

describe('campaign activities', () => {
  it('resolve lists the clusters and reads each through its own workflow (labels, version, a first observation)', async () => {
    const fleet = fleetOf();
    const { env, acts } = activities(fleet);
    const found = await env.run(acts.resolveCampaignClusters, { at: 1000, seq: 1 });
    expect(found.map((c) => [c.namespace, c.name, c.version, c.labels['upgrade-wave']])).toEqual([
      ['default', 'a', 'v1.31.4', '1'],
      ['default', 'b', 'v1.31.4', '2'],
    ]);
    expect(found[0]!.observation).toMatchObject({ key: 'default/a', seq: 1, at: 1000, found: true, reachable: true, ready: true, desiredVersion: 'v1.31.4' });
  });

  it('sends the upgrade once: a retried activity (same Update ID) and a later call for the same version change nothing', async () => {
    const fleet = fleetOf();
    const { env, acts } = activities(fleet);
    const req = { campaign: 'c', key: 'default/a', version: 'v1.32.0', attempt: 1 };
    expect(await env.run(acts.requestClusterUpgrade, req)).toEqual({ changed: true, alreadyRequested: false, generation: 2 });
    expect(await env.run(acts.requestClusterUpgrade, req)).toEqual({ changed: false, alreadyRequested: true, generation: 2 });
    expect(await env.run(acts.requestClusterUpgrade, { ...req, attempt: 2 })).toMatchObject({ changed: false, alreadyRequested: true });
    expect(fleet.upgradesOf('a')).toEqual(['v1.32.0']);
    expect(fleet.clusters.get('cluster/default/a')!.updateIds).toEqual([upgradeRequestId('c', 'default/a', 'v1.32.0', 1)]);
  });

  it('a cluster refusing the Update fails the request for good (not retried), naming the cluster', async () => {
    const fleet = fleetOf();
    fleet.refuse('b', 'Cluster/b: the control-plane version may go up at most one minor version per change');
    const { env, acts } = activities(fleet);
    const err = await env.run(acts.requestClusterUpgrade, { campaign: 'c', key: 'default/b', version: 'v1.33.0', attempt: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: UPGRADE_REFUSED, nonRetryable: true });
    expect((err as Error).message).toMatch(/^cluster default\/b refused the upgrade to v1\.33\.0: .*one minor version per change/);
  });

  it('a cluster that does not exist is not found; one that does not answer is unreachable', async () => {
    const fleet = fleetOf();
    fleet.silence('b');
    const { env, acts } = activities(fleet);
    const obs = await env.run(acts.observeCampaignClusters, { keys: ['default/a', 'default/b', 'default/zz'], seq: 3, at: 5 });
    expect(obs.map((o) => [o.key, o.found, o.reachable])).toEqual([
      ['default/a', true, true],
      ['default/b', true, false],
      ['default/zz', false, true],
    ]);
    expect(obs[1]!.error).toMatch(/did not answer/);
  });

  it('watch returns only the clusters that changed, and nothing after its longest wait', async () => {
    const fleet = fleetOf();
    const { env, acts } = activities(fleet);
    const [a, b] = await env.run(acts.observeCampaignClusters, { keys: ['default/a', 'default/b'], seq: 1, at: 0 });
    const watchOf = () => [
      { key: 'default/a', version: 'v1.32.0', fingerprint: observationFingerprint(a, 'v1.32.0') },
      { key: 'default/b', version: 'v1.32.0', fingerprint: observationFingerprint(b, 'v1.32.0') },
    ];
    const started = Date.now();
    expect(await env.run(acts.watchCampaignClusters, { clusters: watchOf(), seq: 2, at: 0, pollIntervalMs: 10, maxWaitMs: 200 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await env.run(acts.requestClusterUpgrade, { campaign: 'c', key: 'default/a', version: 'v1.32.0', attempt: 1 });
    const changed = await env.run(acts.watchCampaignClusters, { clusters: watchOf(), seq: 3, at: 0, pollIntervalMs: 10, maxWaitMs: 5_000 });
    expect(changed.map((o) => [o.key, o.desiredVersion, o.ready])).toEqual([['default/a', 'v1.32.0', false]]);
  });
});
