/** What kubeadm and the kubelet put on every node: static Pods (mirrors) and the kube-proxy DaemonSet. */
import { CLUSTER, L, NS, refusal, runningCluster } from './workloadFixtures';
import { initData, machineRequest, provisionedCluster } from './worldFixtures';

const systemPods = (world: ReturnType<typeof runningCluster>['world'], node: string) =>
  world.listPods(NS, CLUSTER, { namespace: 'kube-system', node });

describe('static pods and DaemonSet pods', () => {
  it('a control-plane node runs mirror pods of the four static pods from the instant it registers', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(
      NS,
      CLUSTER,
      'cp1',
      machineRequest({ role: 'control-plane', bootstrapData: initData() }),
    );
    clock.advance(L.provisionMs + L.bootMs);
    const pods = systemPods(world, 'cp1');
    const statics = pods.filter((p) => p.mirror);
    expect(statics.map((p) => p.name)).toEqual([
      'etcd-cp1',
      'kube-apiserver-cp1',
      'kube-controller-manager-cp1',
      'kube-scheduler-cp1',
    ]);
    for (const p of statics) {
      expect(p).toMatchObject({
        ownerKind: 'Node',
        ownerName: 'cp1',
        phase: 'Running',
        ready: true,
        labels: { tier: 'control-plane' },
      });
      expect(p.annotations['kubernetes.io/config.mirror']).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('kube-proxy comes up on every node rescheduleMs after it registered, workers included', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(
      NS,
      CLUSTER,
      'cp1',
      machineRequest({ role: 'control-plane', bootstrapData: initData() }),
    );
    world.ensureMachine(NS, CLUSTER, 'w1', machineRequest());
    clock.advance(L.provisionMs + L.bootMs);
    const pending = world
      .listPods(NS, CLUSTER, { namespace: 'kube-system' })
      .filter((p) => p.ownerKind === 'DaemonSet');
    expect(pending.map((p) => [p.nodeName, p.phase])).toEqual(
      expect.arrayContaining([
        ['cp1', 'Pending'],
        ['w1', 'Pending'],
      ]),
    );
    expect(pending.every((p) => /^kube-proxy-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(p.name))).toBe(true);
    clock.advance(L.rescheduleMs);
    const running = world
      .listPods(NS, CLUSTER, { namespace: 'kube-system' })
      .filter((p) => p.ownerKind === 'DaemonSet');
    expect(running.map((p) => p.phase)).toEqual(['Running', 'Running']);
  });

  it('evicting a mirror pod is accepted, but the kubelet publishes it again at once (the static pod never stops)', () => {
    const { world, clock } = runningCluster();
    const before = systemPods(world, 'cp1').find((p) => p.name === 'kube-apiserver-cp1')!;
    expect(world.evictPod(NS, CLUSTER, 'kube-system', 'kube-apiserver-cp1')).toMatchObject({
      status: 201,
      body: { outcome: 'evicted' },
    });
    const after = systemPods(world, 'cp1').find((p) => p.name === 'kube-apiserver-cp1')!;
    expect(after).toMatchObject({ phase: 'Running', ready: true, mirror: true });
    expect(after.deletionTimestamp).toBeUndefined();
    // A new mirror object (created now), while the static pod itself kept running since registration.
    expect(after.createdAt).toBe(new Date(clock.now()).toISOString());
    expect(after.createdAt).not.toBe(before.createdAt);
    expect(world.controlPlaneHealth(NS, CLUSTER)[0]!.conditions.APIServerPodHealthy).toBe('True');
  });

  it('an evicted DaemonSet pod is replaced on the same node, even a cordoned one (DaemonSet pods tolerate it)', () => {
    const { world, clock } = runningCluster();
    world.setNodeUnschedulable(NS, CLUSTER, 'w1', true);
    const proxy = systemPods(world, 'w1').find((p) => p.ownerKind === 'DaemonSet')!;
    expect(world.evictPod(NS, CLUSTER, 'kube-system', proxy.name).status).toBe(201);
    const during = systemPods(world, 'w1').filter((p) => p.ownerKind === 'DaemonSet');
    expect(during).toHaveLength(2); // the old one terminating, its replacement Pending
    expect(during.find((p) => p.name === proxy.name)!.deletionTimestamp).toBe(
      new Date(clock.now() + L.podTerminationMs).toISOString(),
    );
    clock.advance(Math.max(L.rescheduleMs, L.podTerminationMs));
    const after = systemPods(world, 'w1').filter((p) => p.ownerKind === 'DaemonSet');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ nodeName: 'w1', phase: 'Running' });
    expect(after[0]!.name).not.toBe(proxy.name);
  });

  it('lists the namespaces kubeadm creates, labelled with their name', () => {
    const { world } = runningCluster();
    world.applyWorkload(NS, CLUSTER, { name: 'db', namespace: 'data', replicas: 1 });
    expect(world.listNamespaces(NS, CLUSTER)).toEqual(
      ['data', 'default', 'kube-node-lease', 'kube-public', 'kube-system'].map((name) => ({
        name,
        labels: { 'kubernetes.io/metadata.name': name },
      })),
    );
  });

  it('node reads: get, cordon and uncordon, 404 for a node that does not exist', () => {
    const { world } = runningCluster();
    expect(world.getNode(NS, CLUSTER, 'w1')).toMatchObject({ name: 'w1', unschedulable: false });
    expect(world.setNodeUnschedulable(NS, CLUSTER, 'w1', true).unschedulable).toBe(true);
    expect(world.setNodeUnschedulable(NS, CLUSTER, 'w1', true).unschedulable).toBe(true);
    expect(world.setNodeUnschedulable(NS, CLUSTER, 'w1', false).unschedulable).toBe(false);
    expect(refusal(() => world.getNode(NS, CLUSTER, 'nope')).httpStatus).toBe(404);
    expect(refusal(() => world.setNodeUnschedulable(NS, CLUSTER, 'nope', true)).httpStatus).toBe(404);
    expect(refusal(() => world.listPods(NS, 'no-such-cluster')).message).toMatch(/does not exist/);
  });
});
