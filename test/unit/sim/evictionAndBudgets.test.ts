/** The Eviction API against PodDisruptionBudgets, and budget status as the disruption controller computes it. */
import { PDB_VIOLATION_MESSAGE } from '../../../shared/planners/drain';
import { CLUSTER, L, NS, podNames, runningCluster, userPods } from './workloadFixtures';

const pdb = (world: ReturnType<typeof runningCluster>['world'], name = 'api') =>
  world.listPodDisruptionBudgets(NS, CLUSTER).find((b) => b.name === name)!;

function clusterWithApi(
  replicas: number,
  budget: { minAvailable?: number | string; maxUnavailable?: number | string },
) {
  const w = runningCluster({ workers: 3 });
  w.world.applyWorkload(NS, CLUSTER, { name: 'api', replicas, pdb: budget });
  w.clock.advance(L.rescheduleMs);
  return w;
}

describe('PodDisruptionBudget status', () => {
  it('minAvailable as an integer: expected = matching pods, desired = minAvailable', () => {
    const { world } = clusterWithApi(3, { minAvailable: 2 });
    expect(pdb(world)).toEqual({
      namespace: 'default',
      name: 'api',
      selector: { matchLabels: { app: 'api' } },
      minAvailable: 2,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      disruptionsAllowed: 1,
    });
  });

  it.each([
    [{ maxUnavailable: 1 }, 4, 3, 1],
    [{ maxUnavailable: '30%' }, 4, 2, 2], // ceil(30% of 4) = 2 unavailable
    [{ minAvailable: '50%' }, 4, 2, 2],
    [{ minAvailable: '60%' }, 4, 3, 1], // ceil(2.4)
    [{ maxUnavailable: 0 }, 4, 4, 0],
  ])('%j over 4 replicas: desiredHealthy from the ReplicaSet scale', (budget, expected, desired, allowed) => {
    const { world } = clusterWithApi(4, budget);
    expect(pdb(world)).toMatchObject({
      expectedPods: expected,
      desiredHealthy: desired,
      disruptionsAllowed: allowed,
    });
  });

  it('pods not yet running are expected but not healthy', () => {
    const { world, clock } = runningCluster();
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 3, pdb: { minAvailable: 1 } });
    expect(pdb(world)).toMatchObject({ currentHealthy: 0, expectedPods: 3, disruptionsAllowed: 0 });
    clock.advance(L.rescheduleMs);
    expect(pdb(world)).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 2 });
  });

  it('a percentage over pods without a scalable controller cannot be computed: no disruption allowed', () => {
    const { world, clock } = runningCluster();
    world.applyWorkload(NS, CLUSTER, {
      name: 'batch',
      replicas: 2,
      runForMs: 60_000,
      pdb: { maxUnavailable: '50%' },
    });
    clock.advance(L.rescheduleMs);
    expect(pdb(world, 'batch')).toMatchObject({
      disruptionsAllowed: 0,
      syncFailure: expect.stringMatching(/found no controllers/),
    });
  });
});

describe('the Eviction API', () => {
  it('evicts while the budget allows, then answers 429 with the Kubernetes message and a cause naming the budget', () => {
    const { world, clock } = clusterWithApi(3, { minAvailable: 2 });
    const [a, b] = podNames(userPods(world));
    expect(world.evictPod(NS, CLUSTER, 'default', a!)).toEqual({
      status: 201,
      body: { outcome: 'evicted', message: `pod default/${a} evicted` },
    });
    const evicted = userPods(world).find((p) => p.name === a)!;
    expect(evicted.deletionTimestamp).toBe(new Date(clock.now() + L.podTerminationMs).toISOString());
    expect(evicted.ready).toBe(false);
    const refused = world.evictPod(NS, CLUSTER, 'default', b!);
    expect(refused).toEqual({
      status: 429,
      body: {
        outcome: 'refused',
        code: 429,
        message: PDB_VIOLATION_MESSAGE,
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget api needs 2 healthy pods and has 2 currently',
          },
        ],
        error: `${PDB_VIOLATION_MESSAGE} The disruption budget api needs 2 healthy pods and has 2 currently`,
      },
    });
    expect(world.stats()).toMatchObject({ evictions: 1, evictionsRefused: 1 });
  });

  it('once the replacement runs elsewhere, the next eviction is allowed again', () => {
    const { world, clock } = clusterWithApi(3, { minAvailable: 2 });
    const [a, b] = podNames(userPods(world));
    world.evictPod(NS, CLUSTER, 'default', a!);
    expect(world.evictPod(NS, CLUSTER, 'default', b!).status).toBe(429);
    clock.advance(L.rescheduleMs);
    expect(pdb(world)).toMatchObject({ currentHealthy: 3, expectedPods: 4, disruptionsAllowed: 1 });
    expect(world.evictPod(NS, CLUSTER, 'default', b!).status).toBe(201);
  });

  it('minAvailable = replicas is the drain deadlock: every eviction is refused, forever', () => {
    const { world, clock } = clusterWithApi(3, { minAvailable: 3 });
    for (let round = 0; round < 3; round++) {
      for (const pod of userPods(world)) {
        expect(world.evictPod(NS, CLUSTER, 'default', pod.name)).toMatchObject({
          status: 429,
          body: {
            error: expect.stringContaining(
              'The disruption budget api needs 3 healthy pods and has 3 currently',
            ),
          },
        });
      }
      clock.advance(20_000);
    }
    expect(userPods(world).every((p) => p.deletionTimestamp === undefined)).toBe(true);
  });

  it('a pod that is gone is 404 notFound; Pending pods go without consulting the budget', () => {
    const { world } = runningCluster();
    expect(world.evictPod(NS, CLUSTER, 'default', 'nope')).toEqual({
      status: 404,
      body: { outcome: 'notFound', message: 'pods "nope" not found' },
    });
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 2, pdb: { minAvailable: 2 } });
    const pending = userPods(world)[0]!;
    expect(pending.phase).toBe('Pending');
    expect(world.evictPod(NS, CLUSTER, 'default', pending.name).status).toBe(201);
    expect(podNames(userPods(world))).not.toContain(pending.name); // never ran anywhere: gone at once
  });

  it('a pod that is not Ready may go while the budget is met without it (IfHealthyBudget)', () => {
    const { world } = clusterWithApi(3, { minAvailable: 2 });
    const onW1 = userPods(world, 'w1')[0]!;
    world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'w1', status: 'False' });
    expect(userPods(world, 'w1')[0]!.ready).toBe(false);
    expect(pdb(world)).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    expect(world.evictPod(NS, CLUSTER, 'default', onW1.name).status).toBe(201);
    const ready = userPods(world).find((p) => p.ready)!;
    expect(world.evictPod(NS, CLUSTER, 'default', ready.name).status).toBe(429);
  });

  it('more than one budget over a pod is a 500 the eviction subresource does not support', () => {
    const { world, clock } = runningCluster();
    world.applyWorkload(NS, CLUSTER, {
      name: 'a',
      replicas: 2,
      podLabels: { tier: 'web' },
      pdb: { maxUnavailable: 1 },
    });
    world.applyWorkload(NS, CLUSTER, {
      name: 'b',
      replicas: 2,
      podLabels: { tier: 'web' },
      pdb: { maxUnavailable: 1 },
    });
    clock.advance(L.rescheduleMs);
    expect(world.evictPod(NS, CLUSTER, 'default', userPods(world)[0]!.name)).toMatchObject({
      status: 500,
      body: {
        outcome: 'failed',
        message:
          'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      },
    });
  });

  it('honours gracePeriodSeconds: deletionTimestamp is when the grace period ends', () => {
    const { world, clock } = clusterWithApi(2, { maxUnavailable: 2 });
    const pod = userPods(world)[0]!;
    world.evictPod(NS, CLUSTER, 'default', pod.name, 1);
    expect(userPods(world).find((p) => p.name === pod.name)!.deletionTimestamp).toBe(
      new Date(clock.now() + 1000).toISOString(),
    );
    clock.advance(1000);
    expect(podNames(userPods(world))).not.toContain(pod.name);
  });

  it('a repeated eviction of a terminating pod is accepted and never lengthens the grace period', () => {
    const { world, clock } = clusterWithApi(2, { maxUnavailable: 1 });
    const pod = userPods(world)[0]!;
    world.evictPod(NS, CLUSTER, 'default', pod.name, 5);
    clock.advance(1000);
    expect(world.evictPod(NS, CLUSTER, 'default', pod.name, 60).status).toBe(201);
    clock.advance(4000);
    expect(podNames(userPods(world))).not.toContain(pod.name);
  });
});
