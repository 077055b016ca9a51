import { WorkflowFailedError } from '@temporalio/client';
import { compileManifestText } from '../../shared/model';
import { clusterWorkflowId } from '../../shared/ids';
import type { DesiredCluster } from '../../shared/model/desired';
import { ApplyRefusedError } from '../../scripts/client/CapstanClient';
import { machinesOf, nodesOf, startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

function compileOne(yaml: string): DesiredCluster {
  const { clusters, issues } = compileManifestText(yaml, 'test.yaml');
  expect(issues).toEqual([]);
  expect(clusters).toHaveLength(1);
  return clusters[0]!;
}

describe('cluster lifecycle on the simulated provider (real Temporal dev server)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('apply → every machine Running, nodes registered, describe tells the whole tree', async () => {
    const name = uniqueName('apply');
    const desired = compileOne(simClusterYaml({ name, cpReplicas: 1, workers: 2 }));
    const r = await h.capstan.apply(desired);
    expect(r.generation).toBe(1);
    const d = await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    expect(d.phase).toBe('Provisioned');
    expect(d.controlPlane).toMatchObject({ readyReplicas: 1, desiredReplicas: 1, initialized: true });
    expect(d.machineDeployments[0]).toMatchObject({ name: `${name}-md-0`, readyReplicas: 2, desiredReplicas: 2, phase: 'Running' });
    const all = [...d.controlPlane!.machines, ...d.machineDeployments[0]!.machines];
    expect(all.every((m) => m.phase === 'Running' && m.nodeName && m.providerID)).toBe(true);
    expect(d.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    const world = await h.world();
    expect(machinesOf(world, name)).toHaveLength(3);
    expect(nodesOf(world, name)).toHaveLength(3);
    // applying the same thing again is a no-op
    expect(await h.capstan.apply(desired)).toEqual({ generation: 1, changed: false });
  });

  it('scales a MachineDeployment 2 → 5 → 1 and the simulated cloud follows', async () => {
    const name = uniqueName('scale');
    const desired = compileOne(simClusterYaml({ name, workers: 2 }));
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    for (const replicas of [5, 1]) {
      const r = await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas });
      const d = await h.capstan.waitFor(desired, (x) => x.ready && x.observedGeneration >= r.generation, { timeoutMs: 60_000 });
      expect(d.machineDeployments[0]!.machines).toHaveLength(replicas);
      // the machine workflows finish their deletions after the MD reports ready: wait for the cloud
      await waitUntil(async () => machinesOf(await h.world(), name).length === replicas + 1);
    }
  });

  it('scales the control plane 1 → 3 → 1 one machine at a time, and refuses even counts', async () => {
    const name = uniqueName('kcp');
    const desired = compileOne(simClusterYaml({ name, cpReplicas: 1, workers: 0 }));
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    await expect(h.capstan.scale(desired, { kind: 'KubeadmControlPlane', name: `${name}-cp`, replicas: 2 })).rejects.toThrow(
      /even.*\[kcp-replicas-odd\]/,
    );
    const r3 = await h.capstan.scale(desired, { kind: 'KubeadmControlPlane', name: `${name}-cp`, replicas: 3 });
    const d3 = await h.capstan.waitFor(desired, (x) => x.ready && x.observedGeneration >= r3.generation, { timeoutMs: 60_000 });
    expect(d3.controlPlane!.machines).toHaveLength(3);
    // spread over the simulated failure domains
    expect(new Set(d3.controlPlane!.machines.map((m) => m.failureDomain)).size).toBe(3);
    const r1 = await h.capstan.scale(desired, { kind: 'KubeadmControlPlane', name: `${name}-cp`, replicas: 1 });
    const d1 = await h.capstan.waitFor(desired, (x) => x.ready && x.observedGeneration >= r1.generation && x.controlPlane!.machines.length === 1, { timeoutMs: 60_000 });
    expect(d1.controlPlane!.readyReplicas).toBe(1);
  });

  it('delete tears down workers, control plane and infrastructure, leaving nothing in the simulated cloud', async () => {
    const name = uniqueName('delete');
    const desired = compileOne(simClusterYaml({ name, cpReplicas: 3, workers: 2 }));
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 90_000 });
    const final = await h.capstan.delete(desired, { wait: true });
    expect(final?.phase).toBe('Deleted');
    const world = await h.world();
    expect(machinesOf(world, name)).toEqual([]);
    expect(nodesOf(world, name)).toEqual([]);
    expect(world.clusters.filter((c) => c.name === name)).toEqual([]);
    // the KCP, MD and machine workflows all finished (each completes right after its last report,
    // so one may still be finishing when the cluster's own run returns)
    let running: string[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      running = [];
      for await (const wf of h.client.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue = '${h.taskQueue}'` })) {
        if (wf.workflowId.includes(name)) running.push(wf.workflowId);
      }
      if (running.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(running).toEqual([]);
  });

  it('a bad change is refused by the update validator and changes nothing', async () => {
    const name = uniqueName('refuse');
    const desired = compileOne(simClusterYaml({ name, workers: 1 }));
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    const before = await h.capstan.describe(desired);
    // +2 minors on the control plane
    const skipping = compileOne(simClusterYaml({ name, workers: 1, version: 'v1.33.0' }));
    await expect(h.capstan.apply(skipping)).rejects.toBeInstanceOf(ApplyRefusedError);
    await expect(h.capstan.scale(desired, { kind: 'MachineDeployment', name: 'no-such-md', replicas: 3 })).rejects.toThrow(
      /MachineDeployment\/no-such-md is not part of cluster/,
    );
    const after = await h.capstan.describe(desired);
    expect(after.generation).toBe(before.generation);
    expect(after.version).toBe('v1.31.4');
    expect(machinesOf(await h.world(), name)).toHaveLength(2);
  });

  it('a workflow started with invalid manifests fails with InvalidSpec before creating anything', async () => {
    const name = uniqueName('invalid');
    const yaml = simClusterYaml({ name, cpReplicas: 2 }); // even control-plane count
    const handle = await h.client.workflow.start('clusterWorkflow', {
      workflowId: clusterWorkflowId({ namespace: 'default', name }),
      taskQueue: h.taskQueue,
      args: [{ manifests: yaml }],
    });
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause as { type?: string; message?: string };
    expect(cause.type).toBe('InvalidSpec');
    expect(cause.message).toMatch(/KubeadmControlPlane\/.*spec\.replicas/);
    expect(machinesOf(await h.world(), name)).toEqual([]);
    expect((await h.world()).clusters.filter((c) => c.name === name)).toEqual([]);
  });

  it('continues as new with a low threshold and keeps converging', async () => {
    const name = uniqueName('can');
    const desired = compileOne(simClusterYaml({ name, workers: 2 }));
    await h.capstan.apply(desired, { continueAsNewAfterEvents: 25 });
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    const r = await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 4 });
    await h.capstan.waitFor(desired, (x) => x.ready && x.observedGeneration >= r.generation, { timeoutMs: 60_000 });
    for (const id of [clusterWorkflowId(desired), `kcp/default/${name}-cp`, `md/default/${name}-md-0`]) {
      const info = await h.client.workflow.getHandle(id).describe();
      expect(info.runId).not.toBe(info.raw.workflowExecutionInfo?.firstRunId);
    }
    const world = await h.world();
    expect(machinesOf(world, name)).toHaveLength(5);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
