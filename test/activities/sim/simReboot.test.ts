/**
 * SimInfrastructureProvider.rebootMachine against a real sim server: the answers the Reboot
 * remediation acts on (under way, gone, refused) and the idempotency key over HTTP.
 */
import { SimClient, SimInfrastructureProvider, SimWorkloadCluster } from '../../../activities/providers/sim';
import type { SimLatencies } from '../../../activities/providers/sim/simApi';
import { startSimServer, type SimServer } from '../../../scripts/sim/server';
import { eventually, simBootstrapData } from './helpers';

// bootMs is long enough to observe the node NotReady between two requests.
const LATENCIES: Partial<SimLatencies> = { clusterInfraMs: 20, provisionMs: 40, bootMs: 400, deleteMs: 20 };
const cluster = { namespace: 'default', name: 'rb' };
const endpoint = { host: 'rb.default.sim.capstan.local', port: 6443 };
const template = (kind: string) => ({ apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1', kind, name: 't', spec: {} });

describe('sim provider rebootMachine', () => {
  let server: SimServer;
  let infra: SimInfrastructureProvider;
  let workload: SimWorkloadCluster;
  let client: SimClient;

  const ready = async (node: string) =>
    (await workload.getNode(cluster, node))?.conditions.find((c) => c.type === 'Ready')?.status;

  beforeAll(async () => {
    server = await startSimServer({ host: '127.0.0.1', port: 0, latencies: LATENCIES });
    client = new SimClient(server.url);
    infra = new SimInfrastructureProvider(server.url);
    workload = new SimWorkloadCluster(client);
    const infraReq = { cluster, infrastructure: template('SimClusterTemplate'), labels: {} };
    await infra.ensureClusterInfrastructure(infraReq);
    await eventually('infrastructure', async () => ((await infra.ensureClusterInfrastructure(infraReq)).provisioned ? true : undefined));
    for (const [machine, role, mode] of [
      ['rb-cp', 'control-plane', 'init'],
      ['rb-w', 'worker', 'join-worker'],
    ] as const) {
      await infra.ensureMachine({
        cluster,
        machine,
        role,
        version: 'v1.31.4',
        infrastructure: template('SimMachineTemplate'),
        bootstrapData: simBootstrapData(cluster, endpoint, machine, mode),
      });
    }
    await eventually('worker Ready', async () => ((await ready('rb-w')) === 'True' ? true : undefined));
  });
  afterAll(async () => {
    await server.close();
  });

  it('power-cycles a running machine: node NotReady, then Ready again; the same key starts no second cycle', async () => {
    const answer = await infra.rebootMachine(cluster, 'rb-w', 'req-1');
    expect(answer).toMatchObject({ outcome: 'rebooting', message: expect.stringContaining('power cycle 1 of rb-w') });
    expect(await ready('rb-w')).toBe('Unknown');
    expect((await infra.rebootMachine(cluster, 'rb-w', 'req-1')).outcome).toBe('rebooting');
    expect((await client.stats()).machineReboots).toBe(1);
    await eventually('Ready after the boot', async () => ((await ready('rb-w')) === 'True' ? true : undefined));
    expect((await client.stats()).machineCreates).toBe(2);
  });

  it('answers gone for a machine that does not exist and refused for one being deleted', async () => {
    expect(await infra.rebootMachine(cluster, 'nope', 'req-1')).toMatchObject({ outcome: 'gone' });
    await infra.deleteMachine(cluster, 'rb-w');
    const refused = await infra.rebootMachine(cluster, 'rb-w', 'req-2');
    if (refused.outcome === 'gone') return; // deleteMs is short: it may already be gone, which is fine too
    expect(refused).toMatchObject({ outcome: 'refused', message: expect.stringContaining('only a running machine') });
  });
});
