/**
 * The sim provider end to end: a real simulated-cloud server on loopback, driven through
 * SimInfrastructureProvider and SimWorkloadCluster exactly as the activities use them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BootstrapMode } from '../../../activities/bootstrap/kubeadmCloudInit';
import { SimClient, SimInfrastructureProvider, SimWorkloadCluster } from '../../../activities/providers/sim';
import type { MachineInfraRequest, MachineRole } from '../../../activities/providers/types';
import type { SimLatencies } from '../../../activities/providers/sim/simApi';
import { startSimServer, type SimServer } from '../../../scripts/sim/server';
import { eventually, failureOf, simBootstrapData } from './helpers';

// deleteMs leaves room to observe "deleting" between two requests; the rest keeps the file fast.
const LATENCIES: Partial<SimLatencies> = { clusterInfraMs: 30, provisionMs: 80, bootMs: 50, deleteMs: 300 };
const cluster = { namespace: 'default', name: 'c1' };
const endpoint = { host: 'c1.default.sim.capstan.local', port: 6443 };
const template = (kind: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'infrastructure.capstan.dev/v1alpha1',
  kind,
  name: 't',
  spec,
});

function machine(
  name: string,
  role: MachineRole,
  mode: BootstrapMode,
  extra: Partial<MachineInfraRequest> = {},
): MachineInfraRequest {
  return {
    cluster,
    machine: name,
    role,
    version: 'v1.31.4',
    infrastructure: template('SimMachineTemplate'),
    bootstrapData: simBootstrapData(cluster, endpoint, name, mode),
    ...extra,
  };
}


describe('sim provider against a real sim server', () => {
  let dir: string;
  let stateFile: string;
  let server: SimServer;
  let infra: SimInfrastructureProvider;
  let workload: SimWorkloadCluster;
  let client: SimClient;

  const start = async () => {
    server = await startSimServer({ host: '127.0.0.1', port: 0, stateFile, latencies: LATENCIES });
    client = new SimClient(server.url);
    infra = new SimInfrastructureProvider(server.url);
    workload = new SimWorkloadCluster(client);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-sim-act-'));
    stateFile = join(dir, 'sim-state.json');
    await start();
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('ensures cluster infrastructure until provisioned', async () => {
    const req = {
      cluster,
      infrastructure: template('SimClusterTemplate'),
      labels: { 'cluster.x-k8s.io/cluster-name': 'c1' },
    };
    const first = await infra.ensureClusterInfrastructure(req);
    expect(first).toEqual({
      provisioned: false,
      controlPlaneEndpoint: endpoint,
      failureDomains: ['sim-a', 'sim-b', 'sim-c'].map((name) => ({ name, controlPlane: true })),
    });
    await eventually('infrastructure', async () =>
      (await infra.ensureClusterInfrastructure(req)).provisioned ? true : undefined,
    );
  });

  it('creates a machine once: a repeated create finds it instead of making a twin', async () => {
    const req = machine('c1-cp-1', 'control-plane', 'init', { failureDomain: 'sim-b' });
    const first = await infra.ensureMachine(req);
    expect(first).toMatchObject({
      state: 'provisioning',
      providerID: 'sim:///default/c1/c1-cp-1',
      addresses: [],
      failureDomain: 'sim-b',
    });
    const again = await infra.ensureMachine(req);
    expect(again.providerID).toBe(first.providerID);
    const stats = await client.stats();
    expect(stats).toMatchObject({ machines: 1, machineCreates: 1, machineIdempotentHits: 1 });
  });

  it('describes the machine running and finds its node by providerID', async () => {
    const running = await eventually('running', async () => {
      const s = await infra.describeMachine(cluster, 'c1-cp-1');
      return s.state === 'running' ? s : undefined;
    });
    expect(running.addresses).toEqual([expect.stringMatching(/^10\./)]);
    const node = await eventually('node', () => workload.getNodeByProviderID(cluster, running.providerID!));
    expect(node).toMatchObject({
      name: 'c1-cp-1',
      kubeletVersion: 'v1.31.4',
      labels: { 'node-role.kubernetes.io/control-plane': '' },
    });
    expect(node).not.toHaveProperty('registeredAt');
    expect(await workload.listNodes(cluster)).toEqual([node]);
  });

  it('a worker joins with the bootstrap data Capstan renders', async () => {
    const w = await infra.ensureMachine(machine('c1-md-0-a', 'worker', 'join-worker'));
    const node = await eventually('worker node', () => workload.getNodeByProviderID(cluster, w.providerID!));
    expect(node.labels).not.toHaveProperty('node-role.kubernetes.io/control-plane');
  });

  it('keeps the world across a restart of the sim itself', async () => {
    const before = await client.world();
    await server.close();
    await expect(infra.describeMachine(cluster, 'c1-cp-1')).rejects.toMatchObject({
      type: 'ProviderUnavailable',
      nonRetryable: false,
    });
    await start(); // same state file, new port
    const after = await client.world();
    expect(after.machines).toEqual(before.machines);
    expect(after.nodes).toEqual(before.nodes);
    expect(after.stats).toEqual(before.stats);
    expect((await infra.describeMachine(cluster, 'c1-cp-1')).state).toBe('running');
  });

  it('refuses to delete infrastructure while machines exist, as a retryable Conflict', async () => {
    const failure = await failureOf(infra.deleteClusterInfrastructure(cluster));
    expect(failure).toMatchObject({ type: 'Conflict', nonRetryable: false });
    expect(failure.message).toMatch(/still has 2 machine/);
  });

  it('deletes a machine: false until gone, then true; already gone is success; the node stays NotReady', async () => {
    expect(await infra.deleteMachine(cluster, 'c1-md-0-a')).toBe(false);
    expect((await infra.describeMachine(cluster, 'c1-md-0-a')).state).toBe('deleting');
    await eventually('gone', async () =>
      (await infra.deleteMachine(cluster, 'c1-md-0-a')) ? true : undefined,
    );
    expect(await infra.describeMachine(cluster, 'c1-md-0-a')).toEqual({ state: 'gone', addresses: [] });
    expect(await infra.deleteMachine(cluster, 'c1-md-0-a')).toBe(true);
    expect(await infra.deleteMachine(cluster, 'never-was')).toBe(true);

    const node = (await workload.listNodes(cluster)).find((n) => n.name === 'c1-md-0-a');
    expect(node?.conditions.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
    await workload.deleteNode(cluster, 'c1-md-0-a');
    await workload.deleteNode(cluster, 'c1-md-0-a'); // already gone is success
    expect((await workload.listNodes(cluster)).map((n) => n.name)).toEqual(['c1-cp-1']);
  });

  it('surfaces bad input as a non-retryable InvalidSpec ApplicationFailure', async () => {
    const badVersion = await failureOf(
      infra.ensureMachine({ ...machine('c1-x', 'worker', 'join-worker'), version: 'latest' }),
    );
    expect(badVersion).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(badVersion.message).toMatch(/version: must be a Kubernetes version/);

    const badFd = await failureOf(
      infra.ensureMachine(machine('c1-y', 'worker', 'join-worker', { failureDomain: 'mars' })),
    );
    expect(badFd).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });

    const badName = await failureOf(infra.describeMachine(cluster, 'Not_A_Name'));
    expect(badName).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });

    const huge = await failureOf(
      infra.ensureMachine({
        ...machine('c1-z', 'worker', 'join-worker'),
        bootstrapData: 'x'.repeat(1024 * 1024 + 1),
      }),
    );
    expect(huge).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(huge.message).toMatch(/exceeds/);

    expect((await client.stats()).machineCreates).toBe(2);
  });

  it('a wrong URL or a sim that is not there is retryable ProviderUnavailable, never "gone"', async () => {
    const wrongPath = new SimInfrastructureProvider(`${server.url}/not-the-api`);
    await expect(wrongPath.describeMachine(cluster, 'c1-cp-1')).rejects.toMatchObject({
      type: 'ProviderUnavailable',
      nonRetryable: false,
    });
    const nobody = new SimInfrastructureProvider('http://127.0.0.1:9'); // discard port: nothing listens
    await expect(nobody.describeMachine(cluster, 'c1-cp-1')).rejects.toMatchObject({
      type: 'ProviderUnavailable',
      nonRetryable: false,
    });
  });

  it('tears down: last machine, then infrastructure; nodes of a missing cluster are simply absent', async () => {
    await eventually('cp gone', async () =>
      (await infra.deleteMachine(cluster, 'c1-cp-1')) ? true : undefined,
    );
    await eventually('infra gone', async () =>
      (await infra.deleteClusterInfrastructure(cluster)) ? true : undefined,
    );
    expect(await infra.deleteClusterInfrastructure(cluster)).toBe(true);
    expect(await workload.getNodeByProviderID(cluster, 'sim:///default/c1/c1-cp-1')).toBeUndefined();
    await expect(workload.listNodes(cluster)).rejects.toMatchObject({
      type: 'NotFound',
      nonRetryable: false,
    });
    await workload.deleteNode(cluster, 'c1-cp-1');
    const world = await client.world();
    expect(world).toMatchObject({ clusters: [], machines: [], nodes: [] });
  });
});
