import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../../scripts/sim/clock';
import { loadWorldState, StatePersistence } from '../../../scripts/sim/persistence';
import { SimWorld } from '../../../scripts/sim/world/simWorld';
import { CLUSTER, NS, TEST_LATENCIES as L, infraTemplate, initData, machineRequest } from './worldFixtures';

describe('sim state persistence', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-sim-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips the world through the state file; pending transitions continue after loading', async () => {
    const file = join(dir, 'nested', 'sim-state.json');
    const clock = new FakeClock();
    const world = new SimWorld({ clock, latencies: L });
    const persistence = new StatePersistence(file, world);
    world.ensureClusterInfrastructure(NS, CLUSTER, { infrastructure: infraTemplate() });
    clock.advance(L.clusterInfraMs);
    world.ensureMachine(
      NS,
      CLUSTER,
      'cp1',
      machineRequest({ role: 'control-plane', bootstrapData: initData() }),
    );
    world.ensureMachine(
      NS,
      CLUSTER,
      'cp1',
      machineRequest({ role: 'control-plane', bootstrapData: initData() }),
    );
    await persistence.commit();
    const before = world.view();

    const loaded = await loadWorldState(file);
    expect(loaded).toBeDefined();
    const again = new SimWorld({ clock, latencies: L, state: loaded! });
    expect(again.view()).toEqual(before);
    expect(JSON.stringify(loaded)).not.toContain('kubeadm init'); // bootstrap data is never stored

    clock.advance(L.provisionMs + L.bootMs);
    expect(again.listNodes(NS, CLUSTER).map((n) => n.name)).toEqual(['cp1']);
    expect(again.stats()).toMatchObject({ machineCreates: 1, machineIdempotentHits: 1 });
    await persistence.close();
  });

  it('acknowledges a change once it is on disk, and lets concurrent changes share a write', async () => {
    const file = join(dir, 'state.json');
    const world = new SimWorld({ clock: new FakeClock(), latencies: L });
    const persistence = new StatePersistence(file, world);
    const savedClusters = async () =>
      Object.keys(
        (JSON.parse(await readFile(file, 'utf8')) as { clusters: Record<string, unknown> }).clusters,
      ).sort();

    world.ensureClusterInfrastructure(NS, 'a', { infrastructure: infraTemplate() });
    await persistence.commit();
    expect(await savedClusters()).toEqual(['default/a']);

    const commits: Promise<void>[] = [];
    for (const name of ['b', 'c', 'd']) {
      world.ensureClusterInfrastructure(NS, name, { infrastructure: infraTemplate() });
      commits.push(persistence.commit());
    }
    await Promise.all(commits);
    expect(await savedClusters()).toEqual(['default/a', 'default/b', 'default/c', 'default/d']);
    expect((await loadWorldState(file))?.revision).toBe(world.revision);
    expect(await persistence.commit()).toBeUndefined(); // nothing new: answered at once
    expect(await readdir(dir)).toEqual(['state.json']); // no temp files left behind
    await persistence.close();
  });

  it('writes changes nobody waits on within the debounce window', async () => {
    const file = join(dir, 'state.json');
    const world = new SimWorld({ clock: new FakeClock(), latencies: L });
    const persistence = new StatePersistence(file, world, { debounceMs: 20 });
    world.ensureClusterInfrastructure(NS, 'a', { infrastructure: infraTemplate() });
    persistence.markDirty();
    await new Promise((r) => setTimeout(r, 200));
    expect((await loadWorldState(file))?.revision).toBe(world.revision);
    await persistence.close();
  });

  it('flushes on close what nobody waited for', async () => {
    const file = join(dir, 'state.json');
    const world = new SimWorld({ clock: new FakeClock(), latencies: L });
    const persistence = new StatePersistence(file, world, { debounceMs: 10_000 });
    world.ensureClusterInfrastructure(NS, 'a', { infrastructure: infraTemplate() });
    persistence.markDirty();
    await persistence.close();
    expect((await loadWorldState(file))?.revision).toBe(world.revision);
  });

  it('a missing file is a new world; a foreign or corrupt one is refused, never wiped', async () => {
    expect(await loadWorldState(join(dir, 'absent.json'))).toBeUndefined();
    const corrupt = join(dir, 'corrupt.json');
    await writeFile(corrupt, '{"version":1,');
    await expect(loadWorldState(corrupt)).rejects.toThrow(/not valid JSON/);
    const foreign = join(dir, 'foreign.json');
    await writeFile(foreign, '{"version":99}');
    await expect(loadWorldState(foreign)).rejects.toThrow(/version 99 is not supported/);
    expect(await readFile(corrupt, 'utf8')).toBe('{"version":1,');
  });
});
