import { SimClient } from '../../activities/providers/sim';
import { externalRemediationWorkflowId } from '../../shared/ids';
import { compileManifestText, type DesiredCluster } from '../../shared/model';
import type { RemediationRequestStatus } from '../../shared/status/types';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';
import { eventually } from '../support/eventually';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

const INFRA = 'infrastructure.cluster.x-k8s.io/v1beta1';

/** A RebootRemediationTemplate document, as a user would add it next to the MachineHealthCheck. */
const rebootTemplateYaml = (name: string, retryLimit: number, timeout: string) => `---
apiVersion: ${INFRA}
kind: RebootRemediationTemplate
metadata:
  name: ${name}
  namespace: default
spec:
  template:
    spec:
      strategy:
        type: Reboot
        retryLimit: ${retryLimit}
        timeout: ${timeout}
`;

describe('MachineHealthCheck external remediation (remediationTemplate)', () => {
  let h: Harness;
  let sim: SimClient;
  beforeAll(async () => {
    h = await startHarness();
    sim = new SimClient(h.simUrl);
  });
  afterAll(async () => {
    await h.stop();
  });

  /** Two workers under a health check that remediates through `template` (Ready not True for 2 s = unhealthy). */
  async function healthyCluster(
    name: string,
    template: { kind: string; name: string },
    extraYaml = '',
    opts: { continueAsNewAfterEvents?: number } = {},
  ) {
    const yaml =
      simClusterYaml({
        name,
        workers: 2,
        healthCheck: { maxUnhealthy: '100%', timeout: '2s', remediationTemplate: { apiVersion: INFRA, ...template } },
      }) + extraYaml;
    const desired = compileManifestText(yaml, 'remediation.yaml').clusters[0]!;
    await h.capstan.apply(desired, { healthCheckPollMs: 250, ...opts });
    const d = await h.capstan.waitFor(desired, (x) => x.ready && x.healthChecks[0]?.currentHealthy === 2, { timeoutMs: 60_000 });
    return { desired, workers: d.machineDeployments[0]!.machines.map((m) => m.name).sort() };
  }

  const requests = async (desired: DesiredCluster): Promise<RemediationRequestStatus[]> =>
    (await h.capstan.describe(desired)).healthChecks[0]?.remediationRequests ?? [];
  const machinesOf = async (desired: DesiredCluster) =>
    (await h.capstan.describe(desired)).machineDeployments[0]!.machines.map((m) => m.name).sort();
  const simMachine = async (cluster: string, name: string) =>
    (await sim.world()).machines.find((m) => m.cluster === cluster && m.name === name);

  it('Reboot: a NotReady worker is power-cycled, not replaced, and its request goes away once it is healthy', async () => {
    const name = uniqueName('reboot');
    const { desired, workers } = await healthyCluster(
      name,
      { kind: 'RebootRemediationTemplate', name: `${name}-reboot` },
      rebootTemplateYaml(`${name}-reboot`, 2, '30s'),
    );
    const sick = workers[0]!;
    const before = await sim.stats();
    // Not persistent: the power cycle restarts the kubelet and clears it.
    await sim.injectFault(desired, { kind: 'nodeCondition', node: sick, status: 'False', reason: 'NetworkPluginNotReady' });

    // The request may come and go between two describes: the reboot is what proves it acted.
    await eventually('the power cycle', async () => ((await sim.stats()).machineReboots > before.machineReboots ? true : undefined), { timeoutMs: 60_000, intervalMs: 100 });
    await h.capstan.waitFor(
      desired,
      (d) => d.healthChecks[0]!.currentHealthy === 2 && (d.healthChecks[0]!.remediationRequests ?? []).length === 0,
      { timeoutMs: 60_000 },
    );
    const done = await h.client.workflow.getHandle(externalRemediationWorkflowId({ namespace: 'default', name: sick })).result();
    expect(done).toMatchObject({
      machine: sick,
      phase: 'Completed',
      attempts: 1,
      retryLimit: 2,
      message: expect.stringMatching(/^completed by MachineHealthCheck .*: the machine is healthy again$/),
    });
    expect(await simMachine(name, sick)).toMatchObject({ state: 'running', reboots: 1 });

    await settle(2000); // several health-check passes: nothing else happens to the machine
    expect(await machinesOf(desired)).toEqual(workers);
    const after = await sim.stats();
    expect(after.machineCreates).toBe(before.machineCreates);
    expect(after.machineReboots).toBe(before.machineReboots + 1);
    const hc = (await h.capstan.describe(desired)).healthChecks[0]!;
    expect(hc).toMatchObject({ currentHealthy: 2, remediated: [], remediationRequests: [] });
  });

  it('Reboot: a fault that survives reboots is power-cycled retryLimit times, then its owner replaces the machine', async () => {
    const name = uniqueName('reboot-fail');
    const { desired, workers } = await healthyCluster(
      name,
      { kind: 'RebootRemediationTemplate', name: `${name}-reboot` },
      rebootTemplateYaml(`${name}-reboot`, 2, '3s'),
      // The health check continues-as-new many times meanwhile: its requests must survive that.
      { continueAsNewAfterEvents: 40 },
    );
    const sick = workers[0]!;
    const before = await sim.stats();
    await sim.injectFault(desired, { kind: 'nodeCondition', node: sick, status: 'False', reason: 'DiskFailure', persistent: true });

    // The second cycle is visible in describe while the health check has its 3 s.
    const second = await h.capstan.waitFor(
      desired,
      (d) => (d.healthChecks[0]!.remediationRequests ?? []).some((r) => r.machine === sick && r.attempts === 2 && r.phase === 'WaitingForHealthy'),
      { timeoutMs: 60_000 },
    );
    expect(second.healthChecks[0]!.remediationRequests!.find((r) => r.machine === sick)).toMatchObject({
      template: { kind: 'RebootRemediationTemplate', name: `${name}-reboot` },
      retryLimit: 2,
      message: expect.stringContaining('power cycle 2 of 2 done'),
    });
    expect(await machinesOf(desired)).toEqual(workers);

    const replaced = await h.capstan.waitFor(
      desired,
      (d) =>
        d.ready &&
        d.machineDeployments[0]!.machines.length === 2 &&
        !d.machineDeployments[0]!.machines.some((m) => m.name === sick) &&
        d.healthChecks[0]!.currentHealthy === 2 &&
        (d.healthChecks[0]!.remediationRequests ?? []).length === 0,
      { timeoutMs: 90_000 },
    );
    expect(replaced.healthChecks[0]!.remediationRequests).toEqual([]);
    const result = await h.client.workflow.getHandle(externalRemediationWorkflowId({ namespace: 'default', name: sick })).result();
    expect(result).toMatchObject({ attempts: 2, phase: 'Completed', message: expect.stringContaining('the machine no longer exists') });
    const after = await sim.stats();
    expect(after.machineReboots).toBe(before.machineReboots + 2);
    expect(after.machineCreates).toBe(before.machineCreates + 1);
    expect(await simMachine(name, sick)).toBeUndefined();
  });

  it('a kind Capstan does not run: the request waits, visible, nothing is rebooted or deleted; the complete signal ends it', async () => {
    const name = uniqueName('external');
    const { desired, workers } = await healthyCluster(name, { kind: 'Metal3RemediationTemplate', name: 'bmc' });
    const sick = workers[0]!;
    const before = await sim.stats();
    const fault = await sim.injectFault(desired, { kind: 'nodeCondition', node: sick, status: 'False', reason: 'KubeletNotReady' });

    const waiting = await h.capstan.waitFor(
      desired,
      (d) => (d.healthChecks[0]!.remediationRequests ?? []).some((r) => r.machine === sick && r.phase === 'WaitingForExternalController'),
      { timeoutMs: 60_000 },
    );
    const workflowId = externalRemediationWorkflowId({ namespace: 'default', name: sick });
    expect(waiting.healthChecks[0]!.remediationRequests).toEqual([
      expect.objectContaining({
        machine: sick,
        template: { kind: 'Metal3RemediationTemplate', name: 'bmc' },
        message: expect.stringContaining(`temporal workflow signal --workflow-id ${workflowId} --name complete`),
      }),
    ]);
    await settle(3000); // well past the 2 s condition timeout: the owner is never asked, nothing is rebooted
    expect(await machinesOf(desired)).toEqual(workers);
    expect((await h.capstan.describe(desired)).machineDeployments[0]!.machines.some((m) => m.deletionRequestedAt)).toBe(false);
    expect((await simMachine(name, sick))?.reboots).toBeUndefined();
    expect((await h.capstan.describe(desired)).healthChecks[0]!.remediated).toEqual([]);

    // The external controller is done: it completes the request (as the CLI command in the message would).
    const firstRun = (await h.client.workflow.getHandle(workflowId).describe()).runId;
    await h.client.workflow.getHandle(workflowId).signal('complete', { by: 'test-controller', reason: 'host power-cycled by its BMC' });
    expect(await h.client.workflow.getHandle(workflowId, firstRun).result()).toMatchObject({
      phase: 'Completed',
      message: 'completed by test-controller: host power-cycled by its BMC',
    });
    // Still unhealthy, so the check makes a new request, as CAPI would; once healthy it deletes it.
    const firstCreatedAt = waiting.healthChecks[0]!.remediationRequests![0]!.createdAt;
    await h.capstan.waitFor(
      desired,
      (d) => (d.healthChecks[0]!.remediationRequests ?? []).some((r) => r.machine === sick && r.createdAt !== firstCreatedAt),
      { timeoutMs: 30_000 },
    );
    const secondRun = (await h.client.workflow.getHandle(workflowId).describe()).runId;
    expect(secondRun).not.toBe(firstRun);
    await sim.clearFault(desired, fault.id);
    await h.capstan.waitFor(desired, (d) => (d.healthChecks[0]!.remediationRequests ?? []).length === 0 && d.healthChecks[0]!.currentHealthy === 2, {
      timeoutMs: 30_000,
    });
    expect(await h.client.workflow.getHandle(workflowId, secondRun).result()).toMatchObject({
      phase: 'Completed',
      message: expect.stringContaining('the machine is healthy again'),
    });
    expect(await machinesOf(desired)).toEqual(workers);
    const after = await sim.stats();
    expect(after.machineCreates).toBe(before.machineCreates);
    expect(after.machineReboots).toBe(before.machineReboots);
    expect(await requests(desired)).toEqual([]);
  });
});
