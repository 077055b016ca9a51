/**
 * A machine that boots slower than its bootstrap token's TTL still joins, because the machine
 * workflow refreshes the token (a durable timer) until the node registered: the known Cluster API
 * pain point of slow bare metal. Tokens live 3 s here; workers take 6 s to provision and boot, so
 * without the refresh their joins fail in the sim exactly as kubeadm's would (proved in
 * test/unit/sim/bootstrapTokens.test.ts).
 */
import { compileManifestText } from '../../shared/model';
import { machinesOf, nodesOf, startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

describe('bootstrap token refresh', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ startWorkers: false, latencies: { clusterInfraMs: 50, provisionMs: 5000, bootMs: 1000, deleteMs: 50 } });
    h.workerConfig.bootstrapTokenTtlSeconds = 3;
    await h.startWorkers();
  });
  afterAll(async () => h.stop());

  it('keeps joining machines\' tokens valid until their nodes registered', async () => {
    const name = uniqueName('tok');
    const desired = compileManifestText(simClusterYaml({ name, cpReplicas: 1, workers: 2 }), 't.yaml').clusters[0]!;
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 90_000 });
    const world = await h.world();
    expect(machinesOf(world, name)).toHaveLength(3);
    expect(nodesOf(world, name)).toHaveLength(3);
    // the workers' machine workflows refreshed their tokens while they booted
    const d = await h.capstan.describe(desired);
    for (const m of d.machineDeployments[0]!.machines) {
      const history = await h.client.workflow.getHandle(`machine/default/${m.name}`).fetchHistory();
      const refreshes = history.events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'refreshBootstrapToken');
      expect(refreshes.length).toBeGreaterThanOrEqual(3);
    }
    await h.capstan.delete(desired, { wait: true });
  }, 120_000);
});
