import { SimClient } from '../../activities/providers/sim';
import { compileManifestText } from '../../shared/model';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MachineHealthCheck remediation (through the MachineSet, with the maxUnhealthy short-circuit)', () => {
  let h: Harness;
  let sim: SimClient;
  beforeAll(async () => {
    h = await startHarness();
    sim = new SimClient(h.simUrl);
  });
  afterAll(async () => {
    await h.stop();
  });

  async function healthyCluster(name: string, workers: number, maxUnhealthy: string) {
    const desired = compileManifestText(simClusterYaml({ name, workers, healthCheck: { maxUnhealthy, timeout: '2s' } }), 'mhc.yaml').clusters[0]!;
    await h.capstan.apply(desired, { healthCheckPollMs: 250 });
    const d = await h.capstan.waitFor(desired, (x) => x.ready && x.healthChecks[0]?.currentHealthy === workers, { timeoutMs: 60_000 });
    return { desired, workers: d.machineDeployments[0]!.machines.map((m) => m.name) };
  }

  it('a node NotReady past its timeout is replaced by its MachineSet', async () => {
    const name = uniqueName('mhc');
    const { desired, workers } = await healthyCluster(name, 3, '40%');
    const sick = workers[0]!;
    await sim.injectFault(desired, { kind: 'nodeCondition', node: sick, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    const replaced = await h.capstan.waitFor(
      desired,
      // the end state: the sick machine is gone, 3 workers run, and the check (next poll) sees them healthy
      (d) =>
        d.ready &&
        !d.machineDeployments[0]!.machines.some((m) => m.name === sick) &&
        d.machineDeployments[0]!.machines.length === 3 &&
        d.healthChecks[0]?.currentHealthy === 3,
      { timeoutMs: 60_000 },
    );
    expect(replaced.healthChecks[0]).toMatchObject({ currentHealthy: 3, expectedMachines: 3, remediationAllowed: true });
    expect((await h.world()).machines.filter((m) => m.cluster === name && m.name === sick)).toEqual([]);
  });

  it('every node NotReady (a CNI outage) trips the short-circuit: nothing is remediated and describe says why', async () => {
    const name = uniqueName('storm');
    const { desired, workers } = await healthyCluster(name, 3, '40%');
    for (const node of workers) {
      await sim.injectFault(desired, { kind: 'nodeCondition', node, status: 'False', reason: 'NetworkPluginNotReady', message: 'cni plugin not initialized' });
    }
    const tripped = await h.capstan.waitFor(desired, (d) => d.healthChecks[0]?.remediationAllowed === false, { timeoutMs: 30_000 });
    expect(tripped.healthChecks[0]!.message).toMatch(/3/);
    await settle(3000); // well past the 2 s condition timeout and many polls
    const after = await h.capstan.describe(desired);
    expect(after.machineDeployments[0]!.machines.map((m) => m.name).sort()).toEqual([...workers].sort());
    expect(after.machineDeployments[0]!.machines.some((m) => m.deletionRequestedAt)).toBe(false);
  });
});
