/**
 * SimWorkloadCluster's lifecycle methods against a real sim server on loopback: the calls the
 * drain, health-check and control-plane workflows make, with the answers the planners read.
 */
import type { BootstrapMode } from '../../../activities/bootstrap/kubeadmCloudInit';
import { SimClient, SimInfrastructureProvider, SimWorkloadCluster } from '../../../activities/providers/sim';
import type { SimLatencies } from '../../../activities/providers/sim/simApi';
import type { MachineRole } from '../../../activities/providers/types';
import { PDB_VIOLATION_MESSAGE, type DrainPod } from '../../../shared/planners/drain';
import type { EtcdMember } from '../../../shared/planners/controlPlane';
import { startSimServer, type SimServer } from '../../../scripts/sim/server';
import { eventually, failureOf, simBootstrapData } from './helpers';

const LATENCIES: Partial<SimLatencies> = {
  clusterInfraMs: 20,
  provisionMs: 40,
  bootMs: 20,
  deleteMs: 50,
  rescheduleMs: 30,
  podTerminationMs: 150,
  volumeDetachMs: 100,
};
const cluster = { namespace: 'default', name: 'wl' };
const endpoint = { host: 'wl.default.sim.capstan.local', port: 6443 };

function bootstrap(name: string, mode: BootstrapMode): string {
  return simBootstrapData(cluster, endpoint, name, mode);
}


describe('SimWorkloadCluster lifecycle methods against a real sim server', () => {
  let server: SimServer;
  let client: SimClient;
  let workload: SimWorkloadCluster;

  beforeAll(async () => {
    server = await startSimServer({ port: 0, latencies: LATENCIES, seed: 3 });
    client = new SimClient(server.url);
    workload = new SimWorkloadCluster(client);
    const infra = new SimInfrastructureProvider(client);
    const template = (kind: string) => ({
      apiVersion: 'infrastructure.capstan.dev/v1alpha1',
      kind,
      name: 't',
      spec: {},
    });
    const req = { cluster, infrastructure: template('SimClusterTemplate'), labels: {} };
    await eventually('infrastructure', async () =>
      (await infra.ensureClusterInfrastructure(req)).provisioned ? true : undefined,
    );
    const machines: Array<[string, MachineRole, BootstrapMode]> = [
      ['cp1', 'control-plane', 'init'],
      ['cp2', 'control-plane', 'join-control-plane'],
      ['cp3', 'control-plane', 'join-control-plane'],
      ['w1', 'worker', 'join-worker'],
      ['w2', 'worker', 'join-worker'],
    ];
    for (const [name, role, mode] of machines) {
      await infra.ensureMachine({
        cluster,
        machine: name,
        role,
        version: 'v1.31.4',
        infrastructure: template('SimMachineTemplate'),
        bootstrapData: bootstrap(name, mode),
      });
    }
    await eventually('five nodes', async () =>
      (await workload.listNodes(cluster)).length === 5 ? true : undefined,
    );
    await client.applyWorkload(cluster, {
      name: 'api',
      replicas: 2,
      pdb: { minAvailable: 1 },
      volumes: { claims: ['data'] },
    });
    await eventually('api pods running', async () => {
      const pods = (await client.listPods(cluster, { namespace: 'default' }))!.items;
      return pods.length === 2 && pods.every((p) => p.ready) ? true : undefined;
    });
  });
  afterAll(() => server.close());

  it('getNode and cordonNode: the Node, or undefined when there is none', async () => {
    expect(await workload.getNode(cluster, 'w1')).toMatchObject({
      name: 'w1',
      unschedulable: false,
      providerID: 'sim:///default/wl/w1',
    });
    expect(await workload.getNode(cluster, 'nope')).toBeUndefined();
    expect(await workload.cordonNode(cluster, 'w1', true)).toMatchObject({ name: 'w1', unschedulable: true });
    expect(await workload.cordonNode(cluster, 'w1', true)).toMatchObject({ unschedulable: true });
    expect(await workload.cordonNode(cluster, 'nope', true)).toBeUndefined();
    expect((await workload.cordonNode(cluster, 'w1', false))!.unschedulable).toBe(false);
  });

  it('listPodsOnNode answers DrainPods: the user pod with its claim, kube-proxy, and on control-plane nodes the mirrors', async () => {
    const pods = await workload.listPodsOnNode(cluster, 'cp1');
    const asDrainPods: DrainPod[] = pods; // the planner's input type, no mapping needed
    expect(asDrainPods.find((p) => p.name === 'etcd-cp1')).toEqual({
      namespace: 'kube-system',
      name: 'etcd-cp1',
      ownerKind: 'Node',
      ownerName: 'cp1',
      mirror: true,
      phase: 'Running',
      ready: true,
      nodeName: 'cp1',
      labels: { component: 'etcd', tier: 'control-plane' },
      annotations: expect.objectContaining({ 'kubernetes.io/config.mirror': expect.any(String) }),
    });
    expect(pods.find((p) => p.ownerKind === 'DaemonSet')).toMatchObject({
      namespace: 'kube-system',
      ownerName: 'kube-proxy',
    });
    const onWorkers = [
      ...(await workload.listPodsOnNode(cluster, 'w1')),
      ...(await workload.listPodsOnNode(cluster, 'w2')),
    ];
    expect(onWorkers.filter((p) => p.ownerKind === 'ReplicaSet')).toEqual([
      expect.objectContaining({
        namespace: 'default',
        ownerName: 'api',
        claims: ['data'],
        labels: { app: 'api' },
      }),
      expect.objectContaining({ namespace: 'default', ownerName: 'api', claims: ['data'] }),
    ]);
    expect(await workload.listPodsOnNode(cluster, 'nope')).toEqual([]);
  });

  it('budgets, namespaces and volume attachments, as the drain and volume-detach planners read them', async () => {
    expect(await workload.listPodDisruptionBudgets(cluster)).toEqual([
      {
        namespace: 'default',
        name: 'api',
        selector: { matchLabels: { app: 'api' } },
        minAvailable: 1,
        currentHealthy: 2,
        desiredHealthy: 1,
        expectedPods: 2,
        disruptionsAllowed: 1,
      },
    ]);
    expect(await workload.listNamespaces(cluster)).toMatchObject({
      default: { 'kubernetes.io/metadata.name': 'default' },
      'kube-system': { 'kubernetes.io/metadata.name': 'kube-system' },
    });
    const node = (await workload.listPodsOnNode(cluster, 'w1')).some((p) => p.ownerName === 'api')
      ? 'w1'
      : 'w2';
    const attached = await workload.listVolumeAttachments(cluster, node);
    expect(attached.map((v) => v.source).sort()).toEqual(['nodeStatus', 'volumeAttachment']);
    expect(attached[0]!.claim).toEqual({ namespace: 'default', name: 'data' });
    expect(await workload.listVolumeAttachments(cluster, 'nope')).toEqual([]);
  });

  it('evictPod answers outcomes: evicted, refused by the budget (429, with the text CAPI records), notFound', async () => {
    const apiPods = (await client.listPods(cluster, { namespace: 'default' }))!.items;
    const [first, second] = apiPods;
    expect(await workload.evictPod(cluster, { namespace: 'default', name: first!.name })).toEqual({
      outcome: 'evicted',
      message: `pod default/${first!.name} evicted`,
    });
    const refused = await workload.evictPod(cluster, { namespace: 'default', name: second!.name });
    expect(refused).toEqual({
      outcome: 'refused',
      code: 429,
      message: PDB_VIOLATION_MESSAGE,
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget api needs 1 healthy pods and has 1 currently',
        },
      ],
      error: `${PDB_VIOLATION_MESSAGE} The disruption budget api needs 1 healthy pods and has 1 currently`,
    });
    expect(await workload.evictPod(cluster, { namespace: 'default', name: 'gone-already' })).toEqual({
      outcome: 'notFound',
      message: 'pods "gone-already" not found',
    });
    const terminating = (await workload.listPodsOnNode(cluster, first!.nodeName!)).find(
      (p) => p.name === first!.name,
    );
    expect(terminating?.deletionTimestamp).toEqual(expect.any(String));
    // the evicted pod goes, its replacement runs: the budget allows a disruption again
    await eventually('budget allows again', async () =>
      (await workload.listPodDisruptionBudgets(cluster))[0]!.disruptionsAllowed === 1 ? true : undefined,
    );
  });

  it('etcd: members as ControlPlaneState reads them, leader moves, member removal ("already gone" is removed: false)', async () => {
    const members: EtcdMember[] = await workload.listEtcdMembers(cluster);
    expect(members.map((m) => [m.name, m.isLeader, m.isLearner, m.healthy])).toEqual([
      ['cp1', true, false, true],
      ['cp2', false, false, true],
      ['cp3', false, false, true],
    ]);
    expect(Object.keys(members[0]!).sort()).toEqual(['healthy', 'id', 'isLeader', 'isLearner', 'name']);
    const moved = await workload.moveEtcdLeader(cluster, { name: 'cp2' });
    expect(moved.find((m) => m.isLeader)!.name).toBe('cp2');
    const cp1 = members.find((m) => m.name === 'cp1')!;
    expect((await workload.moveEtcdLeader(cluster, { id: cp1.id })).find((m) => m.isLeader)!.name).toBe(
      'cp1',
    );
    const missing = await failureOf(workload.moveEtcdLeader(cluster, { name: 'cp9' }));
    expect(missing).toMatchObject({ type: 'NotFound' });

    await client.injectFault(cluster, { kind: 'etcdMember', member: 'cp2', healthy: false });
    const refused = await failureOf(workload.removeEtcdMember(cluster, cp1.id));
    expect(refused).toMatchObject({
      type: 'Conflict',
      nonRetryable: false,
      message: expect.stringMatching(/not enough started members/),
    });
    const cp3 = members.find((m) => m.name === 'cp3')!;
    const faults = await client.listFaults(cluster);
    await client.clearFault(cluster, faults[0]!.id);
    expect(await workload.removeEtcdMember(cluster, cp3.id)).toEqual({ removed: true });
    expect(await workload.removeEtcdMember(cluster, cp3.id)).toEqual({ removed: false });
    expect((await workload.listEtcdMembers(cluster)).map((m) => m.name)).toEqual(['cp1', 'cp2']);
  });

  it('controlPlaneHealth: the five KCP conditions per control-plane node, with messages for the ones not True', async () => {
    const health = await workload.controlPlaneHealth(cluster);
    expect(health.map((h) => h.nodeName)).toEqual(['cp1', 'cp2', 'cp3']);
    expect(health[0]).toEqual({
      nodeName: 'cp1',
      conditions: {
        APIServerPodHealthy: 'True',
        ControllerManagerPodHealthy: 'True',
        SchedulerPodHealthy: 'True',
        EtcdPodHealthy: 'True',
        EtcdMemberHealthy: 'True',
      },
      messages: {},
    });
    // cp3's member was removed above: its etcd cannot run and its API server has no local etcd
    expect(health[2]).toMatchObject({
      conditions: { EtcdMemberHealthy: 'False', EtcdPodHealthy: 'False', APIServerPodHealthy: 'False' },
      messages: { EtcdMemberHealthy: "Etcd doesn't have an etcd member for Node cp3" },
    });
  });

  it('an outage: apiServerHealthy says why, every other call is a retryable ProviderUnavailable, and it ends', async () => {
    expect(await workload.apiServerHealthy(cluster)).toEqual({ healthy: true, message: 'ok' });
    await client.injectFault(cluster, { kind: 'apiServerOutage', forMs: 400, message: 'maintenance' });
    const health = await workload.apiServerHealthy(cluster);
    expect(health).toEqual({
      healthy: false,
      message: expect.stringMatching(/^the API server of cluster default\/wl is unavailable: maintenance/),
    });
    for (const call of [
      () => workload.listNodes(cluster),
      () => workload.listPodsOnNode(cluster, 'w1'),
      () => workload.evictPod(cluster, { namespace: 'default', name: 'x' }),
      () => workload.listEtcdMembers(cluster),
      () => workload.cordonNode(cluster, 'w1', true),
      () => workload.deleteNode(cluster, 'w1'),
    ]) {
      const failure = await failureOf(call());
      expect(failure).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
      expect(failure.message).toMatch(/maintenance/);
    }
    await eventually('outage over', async () =>
      (await workload.apiServerHealthy(cluster)).healthy ? true : undefined,
    );
    expect(await workload.listNodes(cluster)).toHaveLength(5);
  });

  it('a cluster that does not exist: not healthy, and reads are a retryable NotFound', async () => {
    const none = { namespace: 'default', name: 'none' };
    expect(await workload.apiServerHealthy(none)).toEqual({
      healthy: false,
      message: 'cluster default/none does not exist, so it has no API server',
    });
    expect(await failureOf(workload.listEtcdMembers(none))).toMatchObject({
      type: 'NotFound',
      nonRetryable: false,
    });
    expect(await workload.getNode(none, 'w1')).toBeUndefined();
  });

  it('reads long-poll on resourceVersion: the answer comes when the list changes', async () => {
    const before = (await client.listPods(cluster, { node: 'w2' }))!;
    const started = Date.now();
    const unchanged = (await client.listPods(
      cluster,
      { node: 'w2' },
      { waitMs: 150, resourceVersion: before.resourceVersion },
    ))!;
    expect(unchanged.resourceVersion).toBe(before.resourceVersion);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const waiting = client.listPods(
      cluster,
      { node: 'w2' },
      { waitMs: 5000, resourceVersion: before.resourceVersion },
    );
    await client.injectFault(cluster, { kind: 'nodeCondition', node: 'w2', status: 'False', forMs: 200 });
    const changed = (await waiting)!;
    expect(changed.resourceVersion).not.toBe(before.resourceVersion);
    expect(changed.items.every((p) => !p.ready)).toBe(true);
  });
});
