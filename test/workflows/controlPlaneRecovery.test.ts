/**
 * A control-plane machine handed to KCP for remediation that recovers before KCP acted (here KCP
 * cannot act: a single control-plane machine is never remediated) is handed back: the health
 * check forgets the hand-over and KCP drops its mark. Before, it stayed handed over for good, so
 * when the same machine failed again it was never handed over again.
 */
import { SimClient } from '../../activities/providers/sim';
import { compileManifestText } from '../../shared/model';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

describe('a recovered control-plane machine', () => {
  let h: Harness;
  let sim: SimClient;
  beforeAll(async () => {
    h = await startHarness({ latencies: { clusterInfraMs: 50, provisionMs: 200, bootMs: 100, deleteMs: 100 } });
    sim = new SimClient(h.simUrl);
  });
  afterAll(async () => h.stop());

  it('is handed back by the health check, and handed over again when it fails again', async () => {
    const name = uniqueName('cprec');
    const desired = compileManifestText(simClusterYaml({ name, cpReplicas: 1, workers: 0, cpHealthCheck: { timeout: '2s' } }), 'cprec.yaml').clusters[0]!;
    await h.capstan.apply(desired, { healthCheckPollMs: 250 });
    const start = await h.capstan.waitFor(desired, (d) => d.ready && d.healthChecks[0]?.currentHealthy === 1, { timeoutMs: 60_000 });
    const cp = start.controlPlane!.machines[0]!;
    const remediated = async () => (await h.capstan.describe(desired)).healthChecks[0]?.remediated ?? [];

    for (const round of [1, 2]) {
      const fault = await sim.injectFault(desired, { kind: 'nodeCondition', node: cp.nodeName!, status: 'False', reason: 'KubeletNotReady', message: `round ${round}` });
      await h.capstan.waitFor(desired, (d) => (d.healthChecks[0]?.remediated ?? []).includes(cp.name), { timeoutMs: 30_000 });
      await sim.clearFault(desired, fault.id);
      await h.capstan.waitFor(desired, (d) => d.healthChecks[0]?.currentHealthy === 1 && !(d.healthChecks[0]?.remediated ?? []).includes(cp.name), { timeoutMs: 30_000 });
      expect(await remediated()).toEqual([]);
    }
    // KCP never replaced it (one replica), and holds no mark for it any more
    const end = await h.capstan.describe(desired);
    expect(end.controlPlane!.machines.map((m) => m.name)).toEqual([cp.name]);
    await h.capstan.delete(desired, { wait: true });
  }, 120_000);
});
