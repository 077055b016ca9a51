/** Where Pods run, how controllers replace them, and what NotReady nodes do to them. */
import { CLUSTER, L, NS, podNames, runningCluster, userPods } from './workloadFixtures';

const nodesOf = (pods: ReturnType<typeof userPods>) => pods.map((p) => p.nodeName ?? '-').sort();

describe('scheduling and rescheduling', () => {
  it('spreads a ReplicaSet over the Ready, schedulable workers; pods run rescheduleMs after creation', () => {
    const { world, clock } = runningCluster({ workers: 3 });
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 3 });
    expect(userPods(world).map((p) => p.phase)).toEqual(['Pending', 'Pending', 'Pending']);
    clock.advance(L.rescheduleMs - 1);
    expect(userPods(world).some((p) => p.phase === 'Running')).toBe(false);
    clock.advance(1);
    expect(nodesOf(userPods(world))).toEqual(['w1', 'w2', 'w3']);
    expect(
      userPods(world).every((p) => p.ready && p.ownerKind === 'ReplicaSet' && p.ownerName === 'api'),
    ).toBe(true);
  });

  it('an evicted pod is replaced on another schedulable node; the cordoned one gets nothing new', () => {
    const { world, clock } = runningCluster({ workers: 3 });
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 3 });
    clock.advance(L.rescheduleMs);
    world.setNodeUnschedulable(NS, CLUSTER, 'w1', true);
    const victim = userPods(world, 'w1')[0]!;
    world.evictPod(NS, CLUSTER, 'default', victim.name);
    const replacement = userPods(world).find((p) => p.phase === 'Pending')!;
    expect(replacement.nodeName).toBeUndefined();
    clock.advance(L.rescheduleMs);
    const placed = userPods(world).find((p) => p.name === replacement.name)!;
    expect(placed).toMatchObject({ phase: 'Running' });
    expect(['w2', 'w3']).toContain(placed.nodeName);
    clock.advance(L.podTerminationMs);
    expect(userPods(world, 'w1')).toEqual([]);
  });

  it('stays Pending, saying why, when no node fits; runs the moment one is uncordoned', () => {
    const { world, clock } = runningCluster({ workers: 1 });
    world.setNodeUnschedulable(NS, CLUSTER, 'w1', true);
    world.setNodeUnschedulable(NS, CLUSTER, 'cp1', true);
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 1 });
    clock.advance(L.rescheduleMs * 5);
    expect(userPods(world)[0]).toMatchObject({
      phase: 'Pending',
      pendingReason: '0/2 nodes are available: 2 node(s) were unschedulable.',
    });
    clock.advance(1234);
    world.setNodeUnschedulable(NS, CLUSTER, 'w1', false);
    expect(userPods(world)[0]).toMatchObject({
      phase: 'Running',
      nodeName: 'w1',
      startedAt: new Date(clock.now()).toISOString(),
    });
  });

  it('prefers workers, falling back to control-plane nodes only when no worker fits', () => {
    const { world, clock } = runningCluster({ workers: 0 });
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 2 });
    clock.advance(L.rescheduleMs);
    expect(nodesOf(userPods(world))).toEqual(['cp1', 'cp1']);
  });

  it('pods of a deleted node are garbage-collected and replaced elsewhere', () => {
    const { world, clock } = runningCluster({ workers: 2 });
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 2 });
    clock.advance(L.rescheduleMs);
    world.deleteMachine(NS, CLUSTER, 'w1');
    clock.advance(L.deleteMs);
    world.deleteNode(NS, CLUSTER, 'w1');
    expect(world.listPods(NS, CLUSTER, { node: 'w1' })).toEqual([]);
    clock.advance(L.rescheduleMs);
    expect(nodesOf(userPods(world))).toEqual(['w2', 'w2']);
  });

  it('scaling a ReplicaSet down terminates the newest pods first; up creates new ones', () => {
    const { world, clock } = runningCluster({ workers: 2 });
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 1 });
    clock.advance(L.rescheduleMs);
    const oldest = userPods(world)[0]!.name;
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 3 });
    clock.advance(L.rescheduleMs);
    expect(userPods(world)).toHaveLength(3);
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 1 });
    clock.advance(L.podTerminationMs);
    expect(podNames(userPods(world))).toEqual([oldest]);
  });

  it('a Job pod succeeds runForMs after it started and is not replaced; a deleted workload takes its pods', () => {
    const { world, clock } = runningCluster();
    world.applyWorkload(NS, CLUSTER, {
      name: 'batch',
      replicas: 2,
      runForMs: 5000,
      drainLabel: 'wait-completed',
    });
    clock.advance(L.rescheduleMs);
    expect(userPods(world).map((p) => [p.ownerKind, p.phase, p.labels['cluster.x-k8s.io/drain']])).toEqual([
      ['Job', 'Running', 'wait-completed'],
      ['Job', 'Running', 'wait-completed'],
    ]);
    clock.advance(5000);
    expect(userPods(world).map((p) => p.phase)).toEqual(['Succeeded', 'Succeeded']);
    expect(world.listWorkloads(NS, CLUSTER)[0]).toMatchObject({ kind: 'Job', succeeded: 2 });
    clock.advance(L.rescheduleMs * 3);
    expect(userPods(world)).toHaveLength(2);
    world.deleteWorkload(NS, CLUSTER, 'default', 'batch');
    expect(userPods(world)).toEqual([]); // finished pods have nothing to stop
    expect(world.listPodDisruptionBudgets(NS, CLUSTER)).toEqual([]);
  });

  it('refuses to change a workload template, and budgets with both or neither field', () => {
    const { world } = runningCluster();
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 1 });
    expect(() => world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 1, drainLabel: 'skip' })).toThrow(
      /another Pod template/,
    );
    expect(() => world.applyWorkload(NS, CLUSTER, { name: 'x', replicas: 1, pdb: {} })).toThrow(
      /exactly one/,
    );
    expect(() =>
      world.applyWorkload(NS, CLUSTER, { name: 'x', replicas: 1, pdb: { minAvailable: '1.5' } }),
    ).toThrow(/percentage/);
  });
});

describe('NotReady nodes', () => {
  it('pods on a NotReady node are not Ready, and the taint manager deletes them after notReadyEvictionMs (not DaemonSet or static pods)', () => {
    const { world, clock } = runningCluster({ workers: 2 });
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 2, pdb: { minAvailable: 2 } });
    clock.advance(L.rescheduleMs);
    world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'w1', status: 'False' });
    const onW1 = userPods(world, 'w1')[0]!;
    expect(onW1.ready).toBe(false);
    clock.advance(L.notReadyEvictionMs - 1);
    expect(userPods(world, 'w1')[0]!.deletionTimestamp).toBeUndefined();
    clock.advance(1);
    // The taint manager deletes, it does not evict: the budget (minAvailable 2) does not hold it back.
    expect(userPods(world, 'w1')[0]!.deletionTimestamp).toBeDefined();
    clock.advance(L.podTerminationMs); // Ready=False: the kubelet still runs and confirms the kill
    expect(userPods(world, 'w1')).toEqual([]);
    expect(world.listPods(NS, CLUSTER, { node: 'w1' }).map((p) => p.ownerKind)).toEqual(['DaemonSet']);
    expect(nodesOf(userPods(world))).toEqual(['w2', 'w2']);
  });

  it('on an unreachable node (Ready=Unknown) a terminating pod stays Terminating until the kubelet is back', () => {
    const { world, clock } = runningCluster({ workers: 2 });
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 2 });
    clock.advance(L.rescheduleMs);
    const pod = userPods(world, 'w1')[0]!;
    const fault = world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'w1', status: 'Unknown' });
    world.evictPod(NS, CLUSTER, 'default', pod.name, 1);
    clock.advance(60_000);
    expect(userPods(world, 'w1')[0]).toMatchObject({ name: pod.name, deletionTimestamp: expect.any(String) });
    world.clearFault(NS, CLUSTER, fault.id);
    expect(userPods(world, 'w1')).toEqual([]);
  });

  it('a deleted machine leaves its pods Terminating after the taint manager ran, until the Node is deleted', () => {
    const { world, clock } = runningCluster({ workers: 2 });
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 2 });
    clock.advance(L.rescheduleMs);
    world.deleteMachine(NS, CLUSTER, 'w1');
    clock.advance(L.notReadyEvictionMs + L.podTerminationMs * 10);
    expect(userPods(world, 'w1')).toHaveLength(1);
    expect(userPods(world, 'w1')[0]!.deletionTimestamp).toBeDefined();
    expect(userPods(world).filter((p) => p.nodeName === 'w2' && p.ready)).toHaveLength(2);
    world.deleteNode(NS, CLUSTER, 'w1');
    expect(userPods(world, 'w1')).toEqual([]);
  });
});
