import { SimClient } from '../../activities/providers/sim';
import { compileManifestText } from '../../shared/model';
import type { ClusterDescription, MachineStatus } from '../../shared/status/types';
import type { DrainResult } from '../../workflows/drain/definitions';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';
import { onePodPerWorker } from './onePodPerWorker';
import { eventually } from '../support/eventually';

const LATENCIES = { clusterInfraMs: 50, provisionMs: 150, bootMs: 100, deleteMs: 50, podTerminationMs: 300, rescheduleMs: 300 };

function deletingWorkers(d: ClusterDescription): MachineStatus[] {
  return d.machineDeployments[0]!.machines.filter((m) => m.deletionRequestedAt);
}

describe('drain before a machine is deleted (Eviction API, PodDisruptionBudgets)', () => {
  let h: Harness;
  let sim: SimClient;
  beforeAll(async () => {
    h = await startHarness({ latencies: LATENCIES });
    sim = new SimClient(h.simUrl);
  });
  afterAll(async () => {
    await h.stop();
  });

  async function clusterWithWorkload(name: string, pdb: { minAvailable: number }, nodeDrainTimeout?: string) {
    const desired = compileManifestText(simClusterYaml({ name, workers: 3, nodeDrainTimeout }), 'drain.yaml').clusters[0]!;
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    await onePodPerWorker(h, sim, desired, { name: 'api', namespace: 'payments', pdb });
    return desired;
  }

  it('a PDB that allows no disruption blocks the drain, describe names it, and nodeDrainTimeout releases it', async () => {
    const name = uniqueName('pdb');
    const desired = await clusterWithWorkload(name, { minAvailable: 3 }, '6s');
    const r = await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 2 });
    const blocked = await h.capstan.waitFor(desired, (d) => /PodDisruptionBudget payments\//.test(deletingWorkers(d)[0]?.conditions.find((c) => c.type === 'Deleting')?.message ?? ''), { timeoutMs: 30_000 });
    const victim = deletingWorkers(blocked)[0]!;
    expect(victim.conditions.find((c) => c.type === 'Deleting')?.message).toMatch(/blocked by PodDisruptionBudget payments\/.*minAvailable 3/);
    const done = await h.capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= r.generation, { timeoutMs: 60_000 });
    expect(done.machineDeployments[0]!.machines).toHaveLength(2);
    const result = (await h.client.workflow.getHandle(`drain/default/${victim.name}`).result()) as DrainResult;
    expect(result.outcome).toBe('timedOut');
  });

  it('a PDB with room lets the drain evict, the pods move to the remaining nodes, then the machine goes', async () => {
    const name = uniqueName('drain');
    const desired = await clusterWithWorkload(name, { minAvailable: 2 });
    const before = await h.capstan.describe(desired);
    const r = await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 2 });
    const done = await h.capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= r.generation, { timeoutMs: 60_000 });
    const remaining = done.machineDeployments[0]!.machines.map((m) => m.name);
    const victim = before.machineDeployments[0]!.machines.map((m) => m.name).find((n) => !remaining.includes(n))!;
    const result = (await h.client.workflow.getHandle(`drain/default/${victim}`).result()) as DrainResult;
    expect(result.outcome).toBe('drained');
    // every replica runs again (the evicted one after its reschedule), none on the deleted node
    const workload = await eventually('the api workload back at 3 ready replicas', async () => {
      const w = (await sim.listWorkloads(desired)).find((x) => x.name === 'api');
      return w?.readyReplicas === 3 ? w : undefined;
    }, 10_000);
    expect(workload.readyReplicas).toBe(3);
  });

  it('deleting the cluster abandons a drain that is stuck forever (no nodeDrainTimeout)', async () => {
    const name = uniqueName('stuck');
    const desired = await clusterWithWorkload(name, { minAvailable: 3 });
    await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 2 });
    const stuck = await h.capstan.waitFor(desired, (d) => /never completes/.test(deletingWorkers(d)[0]?.conditions.find((c) => c.type === 'Deleting')?.message ?? ''), { timeoutMs: 30_000 });
    expect(deletingWorkers(stuck)[0]!.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'Deleting' });
    const final = await h.capstan.delete(desired, { wait: true });
    expect(final?.phase).toBe('Deleted');
    expect((await h.world()).machines.filter((m) => m.cluster === name)).toEqual([]);
  });

  it('deleting the cluster skips the drain (nowhere left to move pods), as Cluster API does', async () => {
    const name = uniqueName('nodrain');
    const desired = await clusterWithWorkload(name, { minAvailable: 3 });
    const final = await h.capstan.delete(desired, { wait: true });
    expect(final?.phase).toBe('Deleted');
  });

  it('after the drain, deletion waits until the node\'s volumes are detached (a PVC used by an evicted pod)', async () => {
    const name = uniqueName('vol');
    const desired = compileManifestText(simClusterYaml({ name, workers: 2 }), 'drain.yaml').clusters[0]!;
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    await onePodPerWorker(h, sim, desired, { name: 'db', namespace: 'data', volumes: { claims: ['data'] } });
    const before = await h.capstan.describe(desired);
    const r = await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 1 });
    let sawVolumeWait = false;
    const done = await h.capstan.waitFor(
      desired,
      (d) => {
        const msg = d.machineDeployments[0]!.machines.find((m) => m.deletionRequestedAt)?.conditions.find((c) => c.type === 'Deleting')?.message ?? '';
        if (/volume\(s\) to detach from Node/.test(msg)) sawVolumeWait = true;
        return d.ready && d.observedGeneration >= r.generation;
      },
      { timeoutMs: 60_000, intervalMs: 25 },
    );
    const left = done.machineDeployments[0]!.machines.map((m) => m.name);
    const victim = before.machineDeployments[0]!.machines.map((m) => m.name).find((n) => !left.includes(n))!;
    const result = (await h.client.workflow.getHandle(`drain/default/${victim}`).result()) as DrainResult;
    expect(result.outcome).toBe('drained');
    expect(result.volumes).toBe('detached');
    expect(sawVolumeWait).toBe(true); // describe said what deletion was waiting for
  });
});
