/**
 * A running sim workload cluster built straight through the provider API (no Capstan workflows):
 * the workflows under test here are started on their own, so nothing else may hold the test
 * server's clock (a cluster workflow's long-polls would).
 */
import { renderKubeadmCloudInit, type BootstrapMode } from '../../activities/bootstrap/kubeadmCloudInit';
import { SimInfrastructureProvider, type SimClient } from '../../activities/providers/sim';
import type { MachineRole } from '../../activities/providers/types';
import type { ResourceKey } from '../../shared/ids';
import { eventually } from '../support/eventually';

const template = (kind: string) => ({ apiVersion: 'infrastructure.capstan.dev/v1alpha1', kind, name: 't', spec: {} });

/** Real-time polling for the few hundred milliseconds the sim needs to boot machines. */
const SIM_WAIT_MS = 10_000;

/** One kubeadm-init control plane and `workers` joined workers, all nodes registered. */
export async function runningSimCluster(sim: SimClient, cluster: ResourceKey, workers: number): Promise<{ endpoint: { host: string; port: number } }> {
  const infra = new SimInfrastructureProvider(sim);
  const req = { cluster, infrastructure: template('SimClusterTemplate'), labels: {} };
  const provisioned = await eventually('cluster infrastructure', async () => {
    const r = await infra.ensureClusterInfrastructure(req);
    return r.provisioned ? r : undefined;
  }, SIM_WAIT_MS);
  const endpoint = provisioned.controlPlaneEndpoint!;
  const machines: Array<[string, MachineRole, BootstrapMode]> = [['cp1', 'control-plane', 'init']];
  for (let i = 1; i <= workers; i++) machines.push([`w${i}`, 'worker', 'join-worker']);
  for (const [name, role, mode] of machines) {
    await infra.ensureMachine({
      cluster,
      machine: name,
      role,
      version: 'v1.31.4',
      infrastructure: template('SimMachineTemplate'),
      bootstrapData: renderKubeadmCloudInit({
        mode,
        clusterName: cluster.name,
        namespace: cluster.namespace,
        version: 'v1.31.4',
        controlPlaneEndpoint: endpoint,
        kubeadmConfigSpec: {},
        podCIDRs: [],
        serviceCIDRs: [],
        serviceDomain: 'cluster.local',
        token: 'abcdef.0123456789abcdef',
        nodeName: name,
      }),
    });
  }
  await eventually('every node registered', async () => ((await sim.listNodes(cluster))?.length === machines.length ? true : undefined), SIM_WAIT_MS);
  return { endpoint };
}

/** A ReplicaSet with a budget that allows no disruption at all: any eviction is refused, forever. */
export async function unevictableWorkload(sim: SimClient, cluster: ResourceKey, replicas: number): Promise<{ namespace: string; name: string }> {
  const workload = { namespace: 'payments', name: 'api' };
  await sim.applyWorkload(cluster, { ...workload, replicas, pdb: { minAvailable: replicas } });
  await eventually('workload pods running', async () => {
    const pods = (await sim.listPods(cluster, { namespace: workload.namespace }))?.items ?? [];
    return pods.length === replicas && pods.every((p) => p.ready) ? true : undefined;
  }, SIM_WAIT_MS);
  return workload;
}
