import { SimClient } from '../../activities/providers/sim';
import { compileManifestText } from '../../shared/model';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

describe('control-plane remediation through KubeadmControlPlane (MachineHealthCheck → KCP rules)', () => {
  let h: Harness;
  let sim: SimClient;
  beforeAll(async () => {
    h = await startHarness({
      latencies: { clusterInfraMs: 50, provisionMs: 200, bootMs: 100, deleteMs: 100 },
      settings: { quorumLossTakesApiServerDown: true },
    });
    sim = new SimClient(h.simUrl);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('an unhealthy control-plane node is replaced one at a time with etcd quorum kept, and the remediation is recorded', async () => {
    const name = uniqueName('cprem');
    const desired = compileManifestText(
      simClusterYaml({ name, cpReplicas: 3, workers: 0, cpHealthCheck: { timeout: '2s' } }),
      'cprem.yaml',
    ).clusters[0]!;
    await h.capstan.apply(desired, { healthCheckPollMs: 250 });
    const start = await h.capstan.waitFor(desired, (d) => d.ready && d.healthChecks[0]?.currentHealthy === 3, { timeoutMs: 90_000 });
    const sick = start.controlPlane!.machines[0]!;
    await sim.injectFault(desired, { kind: 'nodeCondition', node: sick.nodeName!, status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' });

    let minQuorumMargin = Number.MAX_SAFE_INTEGER;
    let maxMachines = 0;
    const replaced = await h.capstan.waitFor(
      desired,
      (d) => {
        maxMachines = Math.max(maxMachines, d.controlPlane!.machines.length);
        return d.ready && !d.controlPlane!.machines.some((m) => m.name === sick.name) && d.healthChecks[0]?.currentHealthy === 3;
      },
      {
        timeoutMs: 90_000,
        intervalMs: 25,
        onProgress: () => {
          void sim.listEtcdMembers(desired).then((list) => {
            const voting = (list?.items ?? []).filter((m) => !m.isLearner);
            if (voting.length) minQuorumMargin = Math.min(minQuorumMargin, voting.filter((m) => m.healthy).length - (Math.floor(voting.length / 2) + 1));
          });
        },
      },
    );
    const cp = replaced.controlPlane!;
    expect(cp.machines).toHaveLength(3);
    expect(maxMachines).toBeLessThanOrEqual(4);
    expect(minQuorumMargin).toBeGreaterThanOrEqual(0);
    // KCP's Remediating condition keeps the last remediation (status.lastRemediation).
    expect(cp.conditions.find((c) => c.type === 'Remediating')?.message).toContain(`Last remediation: Machine ${sick.name}`);
    const members = (await sim.listEtcdMembers(desired))!.items.map((m) => m.name).sort();
    expect(members).toEqual(cp.machines.map((m) => m.nodeName).sort());
    expect((await h.world()).machines.filter((m) => m.cluster === name)).toHaveLength(3);
  });
});
