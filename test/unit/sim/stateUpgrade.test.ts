/** A state file written before the workload side existed still loads, with its etcd and pods. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../../scripts/sim/clock';
import { loadWorldState } from '../../../scripts/sim/persistence';
import { SimWorld } from '../../../scripts/sim/world/simWorld';
import { WORLD_STATE_VERSION } from '../../../scripts/sim/world/worldState';
import { CLUSTER, L, NS, runningCluster } from './workloadFixtures';

/** What version 1 wrote: no workload side, no settings, fewer counters. */
function asVersion1(state: unknown): unknown {
  const v1 = structuredClone(state) as Record<string, unknown> & {
    clusters: Record<string, Record<string, unknown>>;
    counters: Record<string, number>;
  };
  v1.version = 1;
  delete v1.settings;
  for (const c of Object.values(v1.clusters)) delete c.workload;
  for (const k of ['evictions', 'evictionsRefused', 'faultsInjected']) delete v1.counters[k];
  return v1;
}

describe('state upgrade', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-sim-upgrade-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('upgrades version 1: etcd members for the control-plane nodes (init first), system pods on every node', async () => {
    const { world, clock } = runningCluster({ controlPlanes: 3, workers: 1 });
    const file = join(dir, 'v1.json');
    await writeFile(file, JSON.stringify(asVersion1(world.currentState)));
    const loaded = await loadWorldState(file);
    expect(loaded).toMatchObject({
      version: WORLD_STATE_VERSION,
      settings: { quorumLossTakesApiServerDown: false },
      counters: { evictions: 0 },
    });
    const again = new SimWorld({ clock: new FakeClock(clock.now()), latencies: L, state: loaded! });
    const members = again.listEtcdMembers(NS, CLUSTER);
    expect(members.map((m) => [m.name, m.isLeader, m.healthy])).toEqual([
      ['cp1', true, true],
      ['cp2', false, true],
      ['cp3', false, true],
    ]);
    expect(again.listPods(NS, CLUSTER, { node: 'cp2' }).filter((p) => p.mirror)).toHaveLength(4);
    expect(
      again
        .controlPlaneHealth(NS, CLUSTER)
        .every((h) => Object.values(h.conditions).every((s) => s === 'True')),
    ).toBe(true);
  });

  it('a current state loads unchanged', async () => {
    const { world, clock } = runningCluster({ controlPlanes: 3 });
    const file = join(dir, 'v2.json');
    await writeFile(file, JSON.stringify(world.currentState));
    const again = new SimWorld({ clock, latencies: L, state: (await loadWorldState(file))! });
    expect(again.view()).toEqual(world.view());
  });
});
