/** Seeded chaos schedules, and the promise behind the seed: same seed and script, same world. */
import { SimError } from '../../../scripts/sim/world/simError';
import { CLUSTER, L, NS, runningCluster, userPods } from './workloadFixtures';

/** A client during chaos: a 503 means "try again at the next step". */
function unlessUnavailable(call: () => void): void {
  try {
    call();
  } catch (err) {
    if (!(err instanceof SimError) || err.httpStatus !== 503) throw err;
  }
}

function script(seed: number) {
  const { world, clock } = runningCluster({ controlPlanes: 3, workers: 3, seed, latencies: { jitter: 0.3 } });
  world.applyWorkload(NS, CLUSTER, {
    name: 'api',
    replicas: 4,
    pdb: { maxUnavailable: 1 },
    volumes: { claims: ['data'] },
  });
  world.applyWorkload(NS, CLUSTER, { name: 'batch', namespace: 'jobs', replicas: 2, runForMs: 4000 });
  clock.advance(L.rescheduleMs * 2);
  world.scheduleChaos({
    cluster: { namespace: NS, name: CLUSTER },
    seed: 99,
    scenario: 'mixed',
    durationMs: 60_000,
    events: 8,
  });
  for (let step = 0; step < 12; step++) {
    unlessUnavailable(() => {
      const pods = userPods(world);
      if (pods.length > 0) world.evictPod(NS, CLUSTER, 'default', pods[step % pods.length]!.name);
    });
    if (step === 3)
      world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'w2', status: 'Unknown', forMs: 9000 });
    if (step === 6) world.deleteMachine(NS, CLUSTER, 'w3');
    clock.advance(7_000);
  }
  return world.view();
}

describe('determinism', () => {
  it('the same seed and the same requests give the same world, down to pod names and etcd ids', () => {
    const a = script(11);
    expect(script(11)).toEqual(a);
    expect(a.workloadClusters[0]!.chaos.every((c) => c.fired)).toBe(true);
    expect(a.stats.evictions).toBeGreaterThan(0);
  });

  it('another seed gives another world', () => {
    const a = script(11).workloadClusters[0]!;
    const b = script(12).workloadClusters[0]!;
    expect(b.pods.map((p) => p.name)).not.toEqual(a.pods.map((p) => p.name));
    expect(b.etcd.members.map((m) => m.id)).not.toEqual(a.etcd.members.map((m) => m.id));
  });
});

describe('chaos', () => {
  const request = {
    cluster: { namespace: NS, name: CLUSTER },
    seed: 5,
    scenario: 'node-blips' as const,
    durationMs: 60_000,
    events: 4,
  };

  it('the same request gives the same schedule (relative to now), sorted, within the duration', () => {
    const first = runningCluster();
    const second = runningCluster({ seed: 777 });
    second.clock.advance(12_345);
    const s1 = first.world.scheduleChaos(request).scheduled;
    const s2 = second.world.scheduleChaos(request).scheduled;
    const relative = (s: typeof s1, from: number) => s.map((e) => ({ ...e, at: Date.parse(e.at) - from }));
    expect(relative(s2, second.clock.now())).toEqual(relative(s1, first.clock.now()));
    const offsets = relative(s1, first.clock.now()).map((e) => e.at);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    expect(offsets.every((o) => o >= 0 && o < 60_000)).toBe(true);
    expect(
      s1.every((e) => e.kind === 'nodeCondition' && e.forMs >= 5000 && e.forMs <= 30_000 && !e.fired),
    ).toBe(true);
  });

  it('node blips take a node NotReady (Unknown) when due and bring it back after their length', () => {
    const { world, clock } = runningCluster();
    const [first] = world.scheduleChaos({
      ...request,
      events: 1,
      minDownMs: 2000,
      maxDownMs: 2000,
    }).scheduled;
    clock.set(Date.parse(first!.at));
    const fired = world.view().workloadClusters[0]!.chaos[0]!;
    expect(fired).toMatchObject({ fired: true, target: expect.stringMatching(/^(cp1|w1|w2)$/) });
    const down = world.listNodes(NS, CLUSTER).find((n) => n.name === fired.target)!;
    expect(down.conditions[0]).toMatchObject({ status: 'Unknown', lastTransitionTime: first!.at });
    clock.advance(2000);
    expect(world.listNodes(NS, CLUSTER).every((n) => n.conditions[0]!.status === 'True')).toBe(true);
  });

  it('api blips are outages; etcd blips make a healthy member unhealthy for a while', () => {
    const { world, clock } = runningCluster({ controlPlanes: 3 });
    const [outage] = world.scheduleChaos({
      ...request,
      scenario: 'api-blips',
      events: 1,
      minDownMs: 1000,
      maxDownMs: 1000,
    }).scheduled;
    clock.set(Date.parse(outage!.at));
    expect(() => world.readyz(NS, CLUSTER)).toThrow(/chaos api-blips \(seed 5\)/);
    clock.advance(1000);
    expect(world.readyz(NS, CLUSTER)).toEqual({ ready: true });
    const [blip] = world.scheduleChaos({
      ...request,
      scenario: 'etcd-blips',
      events: 1,
      minDownMs: 1000,
      maxDownMs: 1000,
    }).scheduled;
    clock.set(Date.parse(blip!.at));
    expect(world.listEtcdMembers(NS, CLUSTER).filter((m) => !m.healthy)).toHaveLength(1);
    clock.advance(1000);
    expect(world.listEtcdMembers(NS, CLUSTER).every((m) => m.healthy)).toBe(true);
  });
});
