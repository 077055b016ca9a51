import type { SimClient } from '../../activities/providers/sim';
import type { SimWorkloadRequest } from '../../activities/providers/sim/simWorkloadApi';
import type { DesiredCluster } from '../../shared/model/desired';
import { eventually } from '../support/eventually';
import type { Harness } from './harness';

/**
 * Applies a workload with one replica per worker and waits until each worker runs one of its Pods.
 * The cluster is ready once every machine's Node registered, but the sim's scheduler spreads Pods
 * only over the Nodes Ready at that moment: a test that scales a worker away needs something on
 * it to evict, whichever worker is chosen.
 */
export async function onePodPerWorker(h: Harness, sim: SimClient, desired: DesiredCluster, workload: Omit<SimWorkloadRequest, 'replicas'>): Promise<void> {
  const workers = (await h.capstan.describe(desired)).machineDeployments[0]!.machines.length;
  await eventually('every worker Node Ready', async () => {
    const nodes = (await sim.listNodes(desired)) ?? [];
    const ready = nodes.filter((n) => !n.unschedulable && n.conditions.some((c) => c.type === 'Ready' && c.status === 'True'));
    return ready.length >= workers + 1 ? true : undefined; // + the control-plane node
  }, 30_000);
  await sim.applyWorkload(desired, { ...workload, replicas: workers });
  await eventually(`one ${workload.name} Pod Ready on each worker`, async () => {
    const pods = (await sim.listPods(desired, { namespace: workload.namespace }))?.items.filter((p) => p.ready) ?? [];
    return new Set(pods.map((p) => p.nodeName)).size === workers ? true : undefined;
  }, 30_000);
}
