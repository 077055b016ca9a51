/** Injected faults: what each does at once, how it recovers, and what it does to the rest of the world. */
import { CLUSTER, L, NS, refusal, runningCluster } from './workloadFixtures';
import { initData, machineRequest, provisionedCluster } from './worldFixtures';

type World = ReturnType<typeof runningCluster>['world'];
const ready = (world: World, node: string) =>
  world
    .listNodes(NS, CLUSTER)
    .find((n) => n.name === node)!
    .conditions.find((c) => c.type === 'Ready')!;
const iso = (ms: number) => new Date(ms).toISOString();

describe('node condition faults', () => {
  it('Ready=Unknown with the node controller wording, and back to True after forMs, each with its transition time', () => {
    const { world, clock } = runningCluster();
    const at = clock.now();
    const fault = world.injectFault(NS, CLUSTER, {
      kind: 'nodeCondition',
      node: 'w1',
      status: 'Unknown',
      forMs: 30_000,
    });
    expect(fault).toMatchObject({
      id: 'f1',
      kind: 'nodeCondition',
      until: iso(at + 30_000),
      description: 'node w1 Ready=Unknown',
    });
    expect(ready(world, 'w1')).toEqual({
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: iso(at),
    });
    clock.advance(29_999);
    expect(ready(world, 'w1').status).toBe('Unknown');
    clock.advance(1);
    expect(ready(world, 'w1')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      lastTransitionTime: iso(at + 30_000),
    });
    expect(world.listFaults(NS, CLUSTER)).toEqual([]);
  });

  it('any condition type (for MachineHealthCheck unhealthyConditions); clearing removes one that did not exist', () => {
    const { world } = runningCluster();
    const f = world.injectFault(NS, CLUSTER, {
      kind: 'nodeCondition',
      node: 'w1',
      type: 'MemoryPressure',
      status: 'True',
    });
    expect(world.getNode(NS, CLUSTER, 'w1').conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'Ready=True',
      'MemoryPressure=True',
    ]);
    world.clearFault(NS, CLUSTER, f.id);
    expect(world.getNode(NS, CLUSTER, 'w1').conditions.map((c) => c.type)).toEqual(['Ready']);
    expect(world.clearFault(NS, CLUSTER, f.id)).toEqual({ state: 'gone' });
  });

  it('a second fault on the same condition replaces the first and still restores the original', () => {
    const { world } = runningCluster();
    world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'w1', status: 'False' });
    const second = world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'w1', status: 'Unknown' });
    expect(world.listFaults(NS, CLUSTER).map((f) => f.id)).toEqual([second.id]);
    world.clearFault(NS, CLUSTER, second.id);
    expect(ready(world, 'w1').status).toBe('True');
  });

  it('a node whose machine is gone cannot be made Ready, and recovering a fault there leaves it Unknown', () => {
    const { world } = runningCluster();
    const f = world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'w1', status: 'False' });
    world.deleteMachine(NS, CLUSTER, 'w1');
    expect(
      refusal(() => world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'w1', status: 'True' }))
        .httpStatus,
    ).toBe(409);
    world.clearFault(NS, CLUSTER, f.id);
    expect(ready(world, 'w1').status).toBe('Unknown');
    expect(
      refusal(() => world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'nope', status: 'False' }))
        .httpStatus,
    ).toBe(404);
  });

  it('an unreachable control-plane node makes all its KCP conditions Unknown', () => {
    const { world } = runningCluster({ controlPlanes: 3 });
    world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'cp2', status: 'Unknown' });
    const cp2 = world.controlPlaneHealth(NS, CLUSTER).find((h) => h.nodeName === 'cp2')!;
    expect(Object.values(cp2.conditions)).toEqual(['Unknown', 'Unknown', 'Unknown', 'Unknown', 'Unknown']);
    expect(cp2.details.APIServerPodHealthy.message).toBe('Node is unreachable');
  });
});

describe('API server outages', () => {
  it('every workload route answers 503 with a clear message until the outage ends; faults still answer', () => {
    const { world, clock } = runningCluster();
    const at = clock.now();
    world.injectFault(NS, CLUSTER, { kind: 'apiServerOutage', forMs: 10_000 });
    const err = refusal(() => world.listPods(NS, CLUSTER));
    expect(err).toMatchObject({ httpStatus: 503, type: 'ProviderUnavailable' });
    expect(err.message).toBe(
      `the API server of cluster default/c1 is unavailable: injected outage (fault f1 until ${iso(at + 10_000)})`,
    );
    expect(world.listFaults(NS, CLUSTER)).toHaveLength(1);
    clock.advance(10_000);
    expect(world.readyz(NS, CLUSTER)).toEqual({ ready: true });
  });

  it('joins cannot reach the API server during an outage; they register the instant it ends', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(
      NS,
      CLUSTER,
      'cp1',
      machineRequest({ role: 'control-plane', bootstrapData: initData() }),
    );
    clock.advance(L.provisionMs + L.bootMs);
    world.injectFault(NS, CLUSTER, { kind: 'apiServerOutage', forMs: 5000 });
    const end = clock.now() + 5000;
    world.ensureMachine(NS, CLUSTER, 'w1', machineRequest());
    clock.advance(L.provisionMs + L.bootMs + 5000);
    expect(world.listNodes(NS, CLUSTER).find((n) => n.name === 'w1')!.registeredAt).toBe(iso(end));
  });

  it('an outage without forMs lasts until cleared', () => {
    const { world, clock } = runningCluster();
    const f = world.injectFault(NS, CLUSTER, {
      kind: 'apiServerOutage',
      message: 'load balancer lost its backends',
    });
    clock.advance(3_600_000);
    expect(refusal(() => world.readyz(NS, CLUSTER)).message).toMatch(
      /load balancer lost its backends \(fault f1 until the fault is cleared\)/,
    );
    world.clearFault(NS, CLUSTER, f.id);
    expect(world.readyz(NS, CLUSTER)).toEqual({ ready: true });
  });
});

describe('provisioning faults', () => {
  it('the next N machines (matching a prefix) fail with the reason; others and later ones do not', () => {
    const { world, clock } = runningCluster();
    world.injectFault(NS, CLUSTER, { kind: 'failProvisioning', count: 2, namePrefix: 'md-' });
    world.ensureMachine(NS, CLUSTER, 'other', machineRequest());
    world.ensureMachine(NS, CLUSTER, 'md-a', machineRequest());
    world.ensureMachine(NS, CLUSTER, 'md-a', machineRequest()); // a repeated create consumes nothing
    expect(world.listFaults(NS, CLUSTER)[0]).toMatchObject({ remaining: 1 });
    world.ensureMachine(NS, CLUSTER, 'md-b', machineRequest());
    expect(world.listFaults(NS, CLUSTER)).toEqual([]);
    world.ensureMachine(NS, CLUSTER, 'md-c', machineRequest());
    clock.advance(L.provisionMs);
    const state = (name: string) => world.getMachine(NS, CLUSTER, name);
    expect(state('md-a')).toMatchObject({
      state: 'failed',
      failureReason: expect.stringMatching(/^InsufficientInstanceCapacity: .* \(injected fault f1\)$/),
    });
    expect(state('md-b').state).toBe('failed');
    expect(state('md-c').state).toBe('running');
    expect(state('other').state).toBe('running');
  });

  it('a slow boot delays the node, not the instance', () => {
    const { world, clock } = runningCluster();
    world.injectFault(NS, CLUSTER, { kind: 'slowBoot', extraMs: 20_000, count: 1 });
    world.ensureMachine(NS, CLUSTER, 'slow', machineRequest());
    world.ensureMachine(NS, CLUSTER, 'fast', machineRequest());
    clock.advance(L.provisionMs + L.bootMs);
    expect(world.getMachine(NS, CLUSTER, 'slow')).toMatchObject({ state: 'running' });
    expect(world.getMachine(NS, CLUSTER, 'slow').nodeName).toBeUndefined();
    expect(world.getMachine(NS, CLUSTER, 'fast').nodeName).toBe('fast');
    clock.advance(20_000);
    expect(world.getMachine(NS, CLUSTER, 'slow').nodeName).toBe('slow');
  });
});

describe('control-plane component faults', () => {
  it('a static pod that is not ready turns its condition False; an unhealthy local etcd makes the API server not ready', () => {
    const { world, clock } = runningCluster({ controlPlanes: 3 });
    world.injectFault(NS, CLUSTER, {
      kind: 'staticPod',
      node: 'cp2',
      component: 'kube-scheduler',
      ready: false,
      forMs: 1000,
    });
    world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp3', healthy: false });
    const health = Object.fromEntries(
      world.controlPlaneHealth(NS, CLUSTER).map((h) => [h.nodeName, h.conditions]),
    );
    expect(health).toEqual({
      cp1: {
        APIServerPodHealthy: 'True',
        ControllerManagerPodHealthy: 'True',
        SchedulerPodHealthy: 'True',
        EtcdPodHealthy: 'True',
        EtcdMemberHealthy: 'True',
      },
      cp2: {
        APIServerPodHealthy: 'True',
        ControllerManagerPodHealthy: 'True',
        SchedulerPodHealthy: 'False',
        EtcdPodHealthy: 'True',
        EtcdMemberHealthy: 'True',
      },
      cp3: {
        APIServerPodHealthy: 'False',
        ControllerManagerPodHealthy: 'True',
        SchedulerPodHealthy: 'True',
        EtcdPodHealthy: 'True',
        EtcdMemberHealthy: 'False',
      },
    });
    expect(
      world.listPods(NS, CLUSTER, { node: 'cp2' }).find((p) => p.name === 'kube-scheduler-cp2')!.ready,
    ).toBe(false);
    clock.advance(1000);
    expect(
      world.controlPlaneHealth(NS, CLUSTER).find((h) => h.nodeName === 'cp2')!.conditions.SchedulerPodHealthy,
    ).toBe('True');
  });

  it('removing a member stops its etcd pod (a removed member cannot rejoin)', () => {
    const { world } = runningCluster({ controlPlanes: 3 });
    const cp3 = world.listEtcdMembers(NS, CLUSTER).find((m) => m.name === 'cp3')!;
    world.removeEtcdMember(NS, CLUSTER, cp3.id);
    const health = world.controlPlaneHealth(NS, CLUSTER).find((h) => h.nodeName === 'cp3')!;
    expect(health.conditions).toMatchObject({
      EtcdPodHealthy: 'False',
      EtcdMemberHealthy: 'False',
      APIServerPodHealthy: 'False',
    });
    expect(health.details.EtcdMemberHealthy.message).toBe("Etcd doesn't have an etcd member for Node cp3");
  });
});

describe('volumes', () => {
  it('a claim attaches where its pod runs and detaches volumeDetachMs after the last pod using it there is gone', () => {
    const { world, clock } = runningCluster({ workers: 1 });
    world.applyWorkload(NS, CLUSTER, { name: 'db', replicas: 1, volumes: { claims: ['data'] } });
    clock.advance(L.rescheduleMs);
    const attached = world.listVolumeAttachments(NS, CLUSTER, 'w1');
    expect(attached).toHaveLength(2);
    expect(attached.map((v) => v.source).sort()).toEqual(['nodeStatus', 'volumeAttachment']);
    expect(attached[0]).toMatchObject({
      persistentVolume: expect.stringMatching(/^pvc-[0-9a-f-]{36}$/),
      claim: { namespace: 'default', name: 'data' },
    });
    world.setNodeUnschedulable(NS, CLUSTER, 'w1', true);
    world.evictPod(NS, CLUSTER, 'default', world.listPods(NS, CLUSTER, { namespace: 'default' })[0]!.name);
    clock.advance(L.podTerminationMs + L.volumeDetachMs - 1);
    expect(world.listVolumeAttachments(NS, CLUSTER, 'w1')).toHaveLength(2);
    clock.advance(1);
    expect(world.listVolumeAttachments(NS, CLUSTER, 'w1')).toEqual([]);
  });

  it('an injected volume without pods detaches after its own delay, then its fault is gone', () => {
    const { world, clock } = runningCluster({ workers: 1 });
    world.injectFault(NS, CLUSTER, { kind: 'volume', node: 'w1', detachAfterMs: 45_000 });
    expect(world.listVolumeAttachments(NS, CLUSTER, 'w1').map((v) => v.claim)).toEqual([
      undefined,
      undefined,
    ]);
    clock.advance(44_999);
    expect(world.listVolumeAttachments(NS, CLUSTER, 'w1')).toHaveLength(2);
    clock.advance(1);
    expect(world.listVolumeAttachments(NS, CLUSTER, 'w1')).toEqual([]);
    expect(world.listFaults(NS, CLUSTER)).toEqual([]);
  });
});
