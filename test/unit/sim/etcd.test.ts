/** Stacked etcd through joins, removals and leader moves; quorum loss and the API server. */
import { CLUSTER, L, NS, refusal, runningCluster } from './workloadFixtures';
import { joinData, machineRequest } from './worldFixtures';

type World = ReturnType<typeof runningCluster>['world'];
const members = (world: World) => world.listEtcdMembers(NS, CLUSTER);
const leader = (world: World) => members(world).find((m) => m.isLeader)?.name;
const idOf = (world: World, name: string) => members(world).find((m) => m.name === name)!.id;

describe('etcd membership', () => {
  it('kubeadm init starts a one-member cluster that leads; each control-plane join adds a voting member', () => {
    const { world } = runningCluster({ controlPlanes: 3 });
    expect(
      members(world).map(({ name, isLearner, isLeader, healthy }) => ({
        name,
        isLearner,
        isLeader,
        healthy,
      })),
    ).toEqual([
      { name: 'cp1', isLearner: false, isLeader: true, healthy: true },
      { name: 'cp2', isLearner: false, isLeader: false, healthy: true },
      { name: 'cp3', isLearner: false, isLeader: false, healthy: true },
    ]);
    for (const m of members(world)) {
      expect(m.id).toMatch(/^[0-9a-f]{16}$/);
      expect(m.peerURLs).toEqual([expect.stringMatching(/^https:\/\/10\.\d+\.\d+\.\d+:2380$/)]);
    }
    // workers never join etcd
    expect(members(world)).toHaveLength(3);
  });

  it('member ids come from the seed: same seed, same ids; another seed, others', () => {
    const ids = (seed: number) => members(runningCluster({ controlPlanes: 3, seed }).world).map((m) => m.id);
    expect(ids(1)).toEqual(ids(1));
    expect(ids(1)).not.toEqual(ids(2));
  });

  it('a node that registers again keeps its member', () => {
    const { world, clock } = runningCluster({ controlPlanes: 3 });
    const before = members(world);
    world.deleteNode(NS, CLUSTER, 'cp2');
    clock.advance(L.bootMs);
    expect(world.listNodes(NS, CLUSTER).map((n) => n.name)).toContain('cp2');
    expect(members(world)).toEqual(before);
  });

  it('removing the leader hands leadership to another healthy voting member; removing twice is 404', () => {
    const { world } = runningCluster({ controlPlanes: 3 });
    const cp1 = idOf(world, 'cp1');
    expect(world.removeEtcdMember(NS, CLUSTER, cp1)).toEqual({ removed: true });
    expect(members(world).map((m) => m.name)).toEqual(['cp2', 'cp3']);
    expect(['cp2', 'cp3']).toContain(leader(world));
    expect(refusal(() => world.removeEtcdMember(NS, CLUSTER, cp1))).toMatchObject({
      httpStatus: 404,
      message: expect.stringMatching(/member not found/),
    });
  });

  it('moves leadership on request, to a healthy voting member only', () => {
    const { world } = runningCluster({ controlPlanes: 3 });
    world.moveEtcdLeader(NS, CLUSTER, { toMemberName: 'cp3' });
    expect(leader(world)).toBe('cp3');
    world.moveEtcdLeader(NS, CLUSTER, { toMemberId: idOf(world, 'cp2') });
    expect(leader(world)).toBe('cp2');
    const sick = world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp1', healthy: false });
    expect(refusal(() => world.moveEtcdLeader(NS, CLUSTER, { toMemberName: 'cp1' }))).toMatchObject({
      httpStatus: 409,
      message: expect.stringMatching(/leader transfer took too long/),
    });
    world.clearFault(NS, CLUSTER, sick.id); // with cp1 sick and cp3 a learner, 1 of 2 voters is no quorum
    world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp3', learner: true });
    expect(refusal(() => world.moveEtcdLeader(NS, CLUSTER, { toMemberName: 'cp3' })).message).toMatch(
      /bad leader transferee/,
    );
    expect(refusal(() => world.moveEtcdLeader(NS, CLUSTER, { toMemberName: 'cp9' })).httpStatus).toBe(404);
  });

  it('refuses a removal that would leave fewer started members than the new quorum (strict reconfig check)', () => {
    const { world } = runningCluster({ controlPlanes: 3 });
    world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp3', healthy: false });
    // removing cp1 leaves cp2 (healthy) and cp3 (not): 1 started of 2, quorum 2
    expect(refusal(() => world.removeEtcdMember(NS, CLUSTER, idOf(world, 'cp1')))).toMatchObject({
      httpStatus: 409,
      message: expect.stringMatching(/not enough started members/),
    });
    // removing the unhealthy one is fine: cp1 and cp2 are both started
    expect(world.removeEtcdMember(NS, CLUSTER, idOf(world, 'cp3'))).toEqual({ removed: true });
  });

  it('a deleted machine takes its member down (unhealthy, still listed) and the leader moves off it', () => {
    const { world } = runningCluster({ controlPlanes: 3 });
    world.moveEtcdLeader(NS, CLUSTER, { toMemberName: 'cp2' });
    world.deleteMachine(NS, CLUSTER, 'cp2');
    const cp2 = members(world).find((m) => m.name === 'cp2')!;
    expect(cp2).toMatchObject({ healthy: false, isLeader: false });
    expect(['cp1', 'cp3']).toContain(leader(world));
    // KCP removes such a member (reconcileEtcdMembers): allowed, cp1 and cp3 are started
    expect(world.removeEtcdMember(NS, CLUSTER, cp2.id).removed).toBe(true);
  });

  it('a learner (injected) does not vote; promote makes it vote again', () => {
    const { world } = runningCluster({ controlPlanes: 3 });
    world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp3', learner: true });
    expect(members(world).find((m) => m.name === 'cp3')!.isLearner).toBe(true);
    expect(
      world.controlPlaneHealth(NS, CLUSTER).find((h) => h.nodeName === 'cp3')!.conditions.EtcdMemberHealthy,
    ).toBe('False');
    expect(world.promoteEtcdMember(NS, CLUSTER, 'cp3')).toMatchObject({ name: 'cp3', isLearner: false });
    expect(refusal(() => world.promoteEtcdMember(NS, CLUSTER, 'cp3')).message).toMatch(
      /can only promote a learner/,
    );
  });

  it('a join cannot add a member without quorum (etcdctl member add needs a commit)', () => {
    // The API server is kept answering so the test can read what the failed join left behind.
    const { world, clock } = runningCluster({ controlPlanes: 1, settings: { quorumLossTakesApiServerDown: false } });
    world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp1', healthy: false });
    world.ensureMachine(
      NS,
      CLUSTER,
      'cp2',
      machineRequest({ role: 'control-plane', bootstrapData: joinData() }),
    );
    clock.advance(L.provisionMs + L.bootMs);
    expect(world.listNodes(NS, CLUSTER).map((n) => n.name)).toContain('cp2');
    expect(members(world).map((m) => m.name)).toEqual(['cp1']);
    expect(world.controlPlaneHealth(NS, CLUSTER).find((h) => h.nodeName === 'cp2')!.conditions).toMatchObject(
      {
        EtcdPodHealthy: 'False',
        EtcdMemberHealthy: 'Unknown',
      },
    );
  });
});

describe('quorum loss', () => {
  it('with quorumLossTakesApiServerDown, losing a majority takes the API server down (503); healing brings it back', () => {
    const { world } = runningCluster({ controlPlanes: 3, settings: { quorumLossTakesApiServerDown: true } });
    world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp2', healthy: false });
    expect(world.readyz(NS, CLUSTER)).toEqual({ ready: true }); // 2 of 3: still a majority
    const f = world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp3', healthy: false });
    const down = refusal(() => world.listNodes(NS, CLUSTER));
    expect(down).toMatchObject({ httpStatus: 503, type: 'ProviderUnavailable' });
    expect(down.message).toBe(
      'the API server of cluster default/c1 is unavailable: etcd has lost quorum: 1 of 3 voting member(s) healthy, 2 needed',
    );
    for (const call of [
      () => world.listPods(NS, CLUSTER),
      () => world.listEtcdMembers(NS, CLUSTER),
      () => world.evictPod(NS, CLUSTER, 'default', 'x'),
      () => world.deleteNode(NS, CLUSTER, 'w1'),
      () => world.controlPlaneHealth(NS, CLUSTER),
    ]) {
      expect(refusal(call).httpStatus).toBe(503);
    }
    expect(world.view().workloadClusters[0]).toMatchObject({
      apiServer: { available: false },
      etcd: { quorum: false },
    });
    expect(world.view().workloadClusters[0]!.etcd.members.some((m) => m.isLeader)).toBe(false);
    world.clearFault(NS, CLUSTER, f.id);
    expect(world.readyz(NS, CLUSTER)).toEqual({ ready: true });
    expect(leader(world)).toBeDefined();
  });

  it('by default, deleting the machines of a majority without removing their members loses quorum and the API server, as in a real kubeadm cluster', () => {
    const { world, clock } = runningCluster({ controlPlanes: 3 });
    world.deleteMachine(NS, CLUSTER, 'cp2');
    expect(world.readyz(NS, CLUSTER)).toEqual({ ready: true });
    world.deleteMachine(NS, CLUSTER, 'cp3');
    clock.advance(L.deleteMs);
    expect(refusal(() => world.readyz(NS, CLUSTER)).httpStatus).toBe(503);
  });

  it('with the setting off the API server keeps answering through quorum loss, and says why it should not', () => {
    const { world } = runningCluster({ controlPlanes: 3, settings: { quorumLossTakesApiServerDown: false } });
    world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp2', healthy: false });
    world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp3', healthy: false });
    expect(world.listNodes(NS, CLUSTER)).toHaveLength(5);
    expect(world.view().workloadClusters[0]!.apiServer).toEqual({
      available: true,
      message: expect.stringMatching(/although etcd has lost quorum.*quorumLossTakesApiServerDown is off/),
    });
    // etcd itself still needs quorum for changes
    expect(refusal(() => world.removeEtcdMember(NS, CLUSTER, idOf(world, 'cp3'))).httpStatus).toBe(503);
    world.setSettings({ quorumLossTakesApiServerDown: true });
    expect(refusal(() => world.listNodes(NS, CLUSTER)).httpStatus).toBe(503);
  });
});
