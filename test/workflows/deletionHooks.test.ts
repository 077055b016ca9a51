import { SimClient } from '../../activities/providers/sim';
import { machineWorkflowId } from '../../shared/ids';
import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import type { ClusterDescription, MachineStatus } from '../../shared/status/types';
import type { DrainResult } from '../../workflows/drain/definitions';
import { removeHooksSignal } from '../../workflows/machine/definitions';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';
import { onePodPerWorker } from './onePodPerWorker';

const PRE_DRAIN_HOOK = 'pre-drain.delete.hook.machine.cluster.x-k8s.io/backup';
const PRE_TERMINATE_HOOK = 'pre-terminate.delete.hook.machine.cluster.x-k8s.io/volume-snapshot';

/** The workers' machine template with annotations (a hook) and extra documents (drain rules). */
function clusterYaml(
  name: string,
  opts: { annotations?: Record<string, string>; extraDocs?: string; nodeDeletionTimeout?: string } = {},
): DesiredCluster {
  let yaml = simClusterYaml({ name, workers: 2, nodeDrainTimeout: '60s', ...(opts.nodeDeletionTimeout ? { nodeDeletionTimeout: opts.nodeDeletionTimeout } : {}) });
  if (opts.annotations) {
    const lines = Object.entries(opts.annotations).map(([k, v]) => `        ${k}: "${v}"`).join('\n');
    yaml = yaml.replace(
      `  template:\n    spec:\n      clusterName: ${name}\n`,
      `  template:\n    metadata:\n      annotations:\n${lines}\n    spec:\n      clusterName: ${name}\n`,
    );
  }
  const { clusters, issues } = compileManifestText(yaml + (opts.extraDocs ?? ''), 'hooks.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

const SKIP_API_PODS_RULE = `---
apiVersion: cluster.x-k8s.io/v1beta2
kind: MachineDrainRule
metadata:
  name: skip-payments
  namespace: default
spec:
  drain:
    behavior: Skip
  pods:
  - selector:
      matchLabels:
        app: api
`;

const deleting = (d: ClusterDescription): MachineStatus | undefined => d.machineDeployments[0]!.machines.find((m) => m.deletionRequestedAt);
const deletingReason = (d: ClusterDescription) => deleting(d)?.conditions.find((c) => c.type === 'Deleting');

describe('deletion hooks and MachineDrainRules on a real drain', () => {
  let h: Harness;
  let sim: SimClient;
  beforeAll(async () => {
    h = await startHarness({ latencies: { clusterInfraMs: 50, provisionMs: 150, bootMs: 100, deleteMs: 50, podTerminationMs: 200, rescheduleMs: 200 } });
    sim = new SimClient(h.simUrl);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('a pre-drain hook holds the drain (describe says so) until its owner removes it', async () => {
    const name = uniqueName('hook');
    const desired = clusterYaml(name, { annotations: { [PRE_DRAIN_HOOK]: '' } });
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    const r = await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 1 });
    const held = await h.capstan.waitFor(desired, (d) => deletingReason(d)?.reason === 'WaitingForPreDrainHook', { timeoutMs: 30_000, intervalMs: 50 });
    const victim = deleting(held)!;
    expect(deletingReason(held)?.message).toContain(PRE_DRAIN_HOOK);
    // Held: the node is not even cordoned, and the machine still runs in the cloud.
    await new Promise((res) => setTimeout(res, 500));
    const node = (await sim.listNodes(desired))?.find((n) => n.name === victim.nodeName);
    expect(node?.unschedulable).toBe(false);
    expect((await h.world()).machines.some((m) => m.name === victim.name)).toBe(true);

    await h.client.workflow.getHandle(machineWorkflowId({ namespace: 'default', name: victim.name })).signal(removeHooksSignal, { hooks: [PRE_DRAIN_HOOK] });
    const done = await h.capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= r.generation, { timeoutMs: 60_000 });
    expect(done.machineDeployments[0]!.machines.map((m) => m.name)).not.toContain(victim.name);
    const drain = (await h.client.workflow.getHandle(`drain/default/${victim.name}`).result()) as DrainResult;
    expect(drain.outcome).toBe('drained');
  });

  it('a MachineDrainRule with behavior Skip lets the drain pass pods a PodDisruptionBudget would block', async () => {
    const name = uniqueName('rule');
    const desired = clusterYaml(name, { extraDocs: SKIP_API_PODS_RULE });
    expect(desired.machineDrainRules.map((r) => r.name)).toEqual(['skip-payments']);
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    // minAvailable = replicas: without the rule every eviction is refused until nodeDrainTimeout (60 s).
    await onePodPerWorker(h, sim, desired, { name: 'api', namespace: 'payments', pdb: { minAvailable: 2 } });
    const before = await h.capstan.describe(desired);
    const r = await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 1 });
    const done = await h.capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= r.generation, { timeoutMs: 45_000 });
    const left = done.machineDeployments[0]!.machines.map((m) => m.name);
    const victim = before.machineDeployments[0]!.machines.map((m) => m.name).find((n) => !left.includes(n))!;
    const drain = (await h.client.workflow.getHandle(`drain/default/${victim}`).result()) as DrainResult;
    expect(drain.outcome).toBe('drained');
    expect(drain.explanation).not.toMatch(/blocked by PodDisruptionBudget/);
  });

  it('a MachineDrainRule applied while a drain is stuck on a PodDisruptionBudget unblocks that drain (rules are read at drain time)', async () => {
    const name = uniqueName('rulelate');
    const desired = clusterYaml(name);
    expect(desired.machineDrainRules).toEqual([]);
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    await onePodPerWorker(h, sim, desired, { name: 'api', namespace: 'payments', pdb: { minAvailable: 2 } });
    const before = await h.capstan.describe(desired);
    const r = await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 1 });
    const stuck = await h.capstan.waitFor(desired, (d) => /blocked by PodDisruptionBudget payments\/api/.test(deletingReason(d)?.message ?? ''), { timeoutMs: 30_000, intervalMs: 50 });
    const victim = deleting(stuck)!.name;
    expect(before.machineDeployments[0]!.machines.map((m) => m.name)).toContain(victim);

    // The operator's way out of a stuck drain: a Skip rule for the blocked Pods, applied with the cluster.
    const appliedAt = Date.now();
    await h.capstan.apply(clusterYaml(name, { extraDocs: SKIP_API_PODS_RULE }));
    const drain = (await h.client.workflow.getHandle(`drain/default/${victim}`).result()) as DrainResult;
    // Drained, not timed out: the 60 s nodeDrainTimeout was never reached.
    expect(drain.outcome).toBe('drained');
    expect(Date.now() - appliedAt).toBeLessThan(45_000);
    const done = await h.capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= r.generation, { timeoutMs: 45_000 });
    expect(done.machineDeployments[0]!.machines.map((m) => m.name)).not.toContain(victim);
  });

  it('nodeDeletionTimeout: a Node that cannot be deleted (API server down) is left behind and the machine still finishes', async () => {
    const name = uniqueName('nodedel');
    // A pre-terminate hook holds the deleting machine after its drain and before its infrastructure
    // and Node are deleted: the API server goes down inside that gate, with no timing window to hit
    // (a 1.5 s slow deletion as the window was missed on a loaded CI machine).
    const desired = clusterYaml(name, { annotations: { [PRE_TERMINATE_HOOK]: '' }, nodeDeletionTimeout: '2s' });
    expect(desired.machineDeployments[0]!.template.nodeDeletionTimeoutSeconds).toBe(2);
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    const r = await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 1 });
    const held = await h.capstan.waitFor(desired, (d) => deletingReason(d)?.reason === 'WaitingForPreTerminateHook', { timeoutMs: 30_000, intervalMs: 50 });
    const victim = deleting(held)!;
    const drain = (await h.client.workflow.getHandle(`drain/default/${victim.name}`).result()) as DrainResult;
    expect(drain.outcome).toBe('drained');
    const outage = await sim.injectFault(desired, { kind: 'apiServerOutage', message: 'test outage' });
    try {
      const machine = h.client.workflow.getHandle(machineWorkflowId({ namespace: 'default', name: victim.name }));
      await machine.signal(removeHooksSignal, { hooks: [PRE_TERMINATE_HOOK] });
      // The machine workflow finishes although its Node could not be deleted.
      const result = (await machine.result()) as MachineStatus;
      expect(result.phase).toBe('Deleted');
      expect(result.conditions.find((c) => c.type === 'Deleting')?.reason).toBe('NodeDeletionTimedOut');
      expect((await h.world()).machines.some((m) => m.name === victim.name)).toBe(false);
    } finally {
      await sim.clearFault(desired, outage.id);
    }
    const done = await h.capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= r.generation, { timeoutMs: 60_000 });
    expect(done.machineDeployments[0]!.machines).toHaveLength(1);
  });

  it('a drain that cannot reach the API server says so and still honours nodeDrainTimeout', async () => {
    const name = uniqueName('drainout');
    const desired = compileManifestText(simClusterYaml({ name, workers: 2, nodeDrainTimeout: '3s' }), 'drainout.yaml').clusters[0]!;
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    const outage = await sim.injectFault(desired, { kind: 'apiServerOutage', message: 'test outage' });
    try {
      await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 1 });
      const stuck = await h.capstan.waitFor(desired, (d) => /cannot read node .* from the workload cluster/.test(deletingReason(d)?.message ?? ''), { timeoutMs: 30_000, intervalMs: 50 });
      const victim = deleting(stuck)!;
      const drain = (await h.client.workflow.getHandle(`drain/default/${victim.name}`).result()) as DrainResult;
      expect(drain.outcome).toBe('timedOut');
    } finally {
      await sim.clearFault(desired, outage.id);
    }
  });
});
