import {
  CLUSTER,
  NS,
  TEST_LATENCIES as L,
  initData,
  joinData,
  machineRequest,
  provisionedCluster,
} from './worldFixtures';

const cp = (bootstrapData = initData()) => machineRequest({ role: 'control-plane', bootstrapData });
const BOOTED = L.provisionMs + L.bootMs;

describe('workload cluster nodes', () => {
  it('the init node registers bootMs after its machine runs, Ready with control-plane label and the machine version', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'cp1', cp());
    clock.advance(BOOTED - 1);
    expect(world.listNodes(NS, CLUSTER)).toEqual([]);
    clock.advance(1);
    const [node] = world.listNodes(NS, CLUSTER);
    expect(node).toMatchObject({
      name: 'cp1',
      providerID: 'sim:///default/c1/cp1',
      kubeletVersion: 'v1.31.4',
      unschedulable: false,
      labels: { 'node-role.kubernetes.io/control-plane': '' },
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: new Date(clock.now()).toISOString() },
      ],
    });
    expect(world.getClusterInfrastructure(NS, CLUSTER).initializedBy).toBe('cp1');
    expect(world.getMachine(NS, CLUSTER, 'cp1').nodeName).toBe('cp1');
    expect(world.listNodes(NS, CLUSTER, 'sim:///default/c1/cp1')).toHaveLength(1);
    expect(world.listNodes(NS, CLUSTER, 'sim:///default/c1/other')).toEqual([]);
  });

  it('a join waits for the init node, then registers at the very instant it does', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'w1', machineRequest());
    clock.advance(BOOTED + 5000);
    expect(world.listNodes(NS, CLUSTER)).toEqual([]);
    expect(world.getMachine(NS, CLUSTER, 'w1').state).toBe('running');

    const initStart = clock.now();
    world.ensureMachine(NS, CLUSTER, 'cp1', cp());
    // one big jump: the world is evaluated lazily, and still in time order
    clock.advance(BOOTED + 1234);
    const nodes = world.listNodes(NS, CLUSTER);
    expect(nodes.map((n) => n.name)).toEqual(['cp1', 'w1']);
    const at = new Date(initStart + BOOTED).toISOString();
    expect(nodes.map((n) => n.registeredAt)).toEqual([at, at]);
    expect(nodes.find((n) => n.name === 'w1')!.labels).not.toHaveProperty(
      'node-role.kubernetes.io/control-plane',
    );
  });

  it('a join that boots after the init node registers on its own schedule', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'cp1', cp());
    clock.advance(BOOTED);
    const start = clock.now();
    world.ensureMachine(NS, CLUSTER, 'cp2', cp(joinData()));
    clock.advance(BOOTED);
    expect(world.listNodes(NS, CLUSTER).find((n) => n.name === 'cp2')).toMatchObject({
      registeredAt: new Date(start + BOOTED).toISOString(),
      labels: { 'node-role.kubernetes.io/control-plane': '' },
    });
  });

  it.each([
    ['not cloud-config', 'kubeadm join x'],
    ['no kubeadm at all', '#cloud-config\nruncmd:\n  - echo hello\n'],
    ['a join to another cluster', joinData('other.default.sim.capstan.local:6443')],
  ])('never registers a node for invalid bootstrap data (%s)', (_why, data) => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'cp1', cp());
    world.ensureMachine(NS, CLUSTER, 'w1', machineRequest({ bootstrapData: data }));
    clock.advance(BOOTED * 10);
    expect(world.listNodes(NS, CLUSTER).map((n) => n.name)).toEqual(['cp1']);
    const w1 = world.getMachine(NS, CLUSTER, 'w1');
    expect(w1.state).toBe('running');
    expect(w1.bootstrap.kind).toBe('invalid');
    expect(w1.bootstrap.problem).toBeTruthy();
  });

  it('a worker running kubeadm init never joins this cluster', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'w1', machineRequest({ bootstrapData: initData() }));
    clock.advance(BOOTED);
    expect(world.listNodes(NS, CLUSTER)).toEqual([]);
    expect(world.getMachine(NS, CLUSTER, 'w1').bootstrap.problem).toMatch(/cluster of its own/);
  });

  it('a second kubeadm init (a broken init lock) forms a separate cluster: only the first registers', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'cp1', cp());
    clock.advance(1);
    world.ensureMachine(NS, CLUSTER, 'cp2', cp());
    clock.advance(BOOTED * 2);
    expect(world.listNodes(NS, CLUSTER).map((n) => n.name)).toEqual(['cp1']);
    expect(world.getMachine(NS, CLUSTER, 'cp2').bootstrap).toMatchObject({
      kind: 'invalid',
      problem: expect.stringMatching(/separate cluster/),
    });
  });

  it('a deleted machine leaves its node NotReady (Unknown) until the node is deleted through the API', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'cp1', cp());
    world.ensureMachine(NS, CLUSTER, 'w1', machineRequest());
    clock.advance(BOOTED);
    world.deleteMachine(NS, CLUSTER, 'w1');
    const deletedAt = new Date(clock.now()).toISOString();
    clock.advance(L.deleteMs * 5);
    const w1 = world.listNodes(NS, CLUSTER).find((n) => n.name === 'w1');
    expect(w1?.conditions).toEqual([
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: deletedAt,
      },
    ]);
    expect(world.deleteNode(NS, CLUSTER, 'w1')).toEqual({ state: 'gone' });
    expect(world.deleteNode(NS, CLUSTER, 'w1')).toEqual({ state: 'gone' });
    expect(world.listNodes(NS, CLUSTER).map((n) => n.name)).toEqual(['cp1']);
  });

  it('a node deleted while its machine runs is registered again by the kubelet a boot later', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'cp1', cp());
    clock.advance(BOOTED);
    world.deleteNode(NS, CLUSTER, 'cp1');
    expect(world.listNodes(NS, CLUSTER)).toEqual([]);
    clock.advance(L.bootMs);
    expect(world.listNodes(NS, CLUSTER).map((n) => n.name)).toEqual(['cp1']);
  });

  it('joins wait again when no control-plane node is Ready (the API server is down)', () => {
    const { world, clock } = provisionedCluster();
    // The API server is kept answering through quorum loss so the node list can be read.
    world.setSettings({ quorumLossTakesApiServerDown: false });
    world.ensureMachine(NS, CLUSTER, 'cp1', cp());
    clock.advance(BOOTED);
    world.deleteMachine(NS, CLUSTER, 'cp1');
    world.ensureMachine(NS, CLUSTER, 'w1', machineRequest());
    clock.advance(BOOTED * 3);
    expect(world.listNodes(NS, CLUSTER).map((n) => n.name)).toEqual(['cp1']);
  });

  it('nodes go with the cluster infrastructure; deleting a node of a missing cluster is fine', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'cp1', cp());
    clock.advance(BOOTED);
    world.deleteMachine(NS, CLUSTER, 'cp1');
    clock.advance(L.deleteMs);
    world.deleteClusterInfrastructure(NS, CLUSTER);
    clock.advance(L.deleteMs);
    expect(() => world.listNodes(NS, CLUSTER)).toThrow(/does not exist/);
    expect(world.deleteNode(NS, CLUSTER, 'cp1')).toEqual({ state: 'gone' });
    expect(world.view().nodes).toEqual([]);
  });

  it('reset wipes the world', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'cp1', cp());
    clock.advance(BOOTED);
    world.reset();
    const view = world.view();
    expect(view).toMatchObject({ clusters: [], machines: [], nodes: [] });
    expect(view.stats.machineCreates).toBe(0);
  });
});
