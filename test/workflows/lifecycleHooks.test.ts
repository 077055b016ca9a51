import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import type { ClusterDescription } from '../../shared/status/types';
import { ApplyRefusedError } from '../../scripts/client/CapstanClient';
import { startRuntimeExtension, type HookAnswer, type ReceivedHookRequest, type TestExtension } from '../support/runtimeExtension';
import { until } from '../support/eventually';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

/**
 * Runtime SDK lifecycle hooks on a live sim cluster, against a real extension on loopback:
 * BeforeClusterUpgrade holds the whole upgrade, AfterControlPlaneUpgrade holds the workers,
 * AfterClusterUpgrade keeps the cluster from counting as done and refuses the next version,
 * BeforeClusterDelete holds the teardown; each says so in `describe` and goes on once the
 * extension answers without retryAfterSeconds.
 */

type Gate = 'BeforeClusterUpgrade' | 'AfterControlPlaneUpgrade' | 'AfterClusterUpgrade' | 'BeforeClusterDelete';
const HOOKS: Gate[] = ['BeforeClusterUpgrade', 'AfterControlPlaneUpgrade', 'AfterClusterUpgrade', 'BeforeClusterDelete'];
const handlerName = (hook: string) => hook.replace(/[A-Z]/g, (c, i: number) => `${i ? '-' : ''}${c.toLowerCase()}`);

function clusterWithExtension(name: string, url: string): DesiredCluster {
  const yaml = `${simClusterYaml({ name, cpReplicas: 1, workers: 2, version: 'v1.30.5' })}---
apiVersion: runtime.cluster.x-k8s.io/v1alpha1
kind: ExtensionConfig
metadata:
  name: ${name}-hooks
spec:
  clientConfig:
    url: ${url}
  settings:
    backupBucket: etcd-backups
`;
  const { clusters, issues } = compileManifestText(yaml, 'hooks.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

const versions = (d: ClusterDescription) => ({
  controlPlane: d.controlPlane?.machines.map((m) => m.version) ?? [],
  workers: d.machineDeployments.flatMap((md) => md.machines.map((m) => m.version)),
});
const hookCondition = (d: ClusterDescription) => d.conditions.find((c) => c.type === 'LifecycleHooks');

describe('lifecycle hooks (Runtime SDK) on a live cluster', () => {
  let h: Harness;
  let ext: TestExtension;
  /** hooks that answer "wait" (retryAfterSeconds 1) until the test releases them */
  const blocked = new Set<Gate>();
  const received = (hook: Gate): ReceivedHookRequest[] => ext.requests.filter((r) => r.handler === handlerName(hook));

  beforeAll(async () => {
    h = await startHarness({ latencies: { clusterInfraMs: 50, provisionMs: 150, bootMs: 100, deleteMs: 50 } });
    ext = await startRuntimeExtension({
      handlers: HOOKS.map((hook) => ({ name: handlerName(hook), hook })),
      respond: (r): HookAnswer => {
        const hook = HOOKS.find((x) => handlerName(x) === r.handler)!;
        return blocked.has(hook)
          ? { status: 'Success', retryAfterSeconds: 1, message: `${hook} held by the test` }
          : { status: 'Success', message: 'go ahead' };
      },
    });
  });
  afterAll(async () => {
    await ext?.close();
    await h?.stop();
  });

  it('holds the upgrade, the workers, the completion and the deletion while the extension says wait', async () => {
    const name = uniqueName('hooks');
    const cluster = clusterWithExtension(name, ext.url);
    await h.capstan.apply(cluster);
    await h.capstan.waitForReady(cluster, { timeoutMs: 90_000 });
    expect(ext.requests).toEqual([]); // creation calls none of these four hooks

    // 1. BeforeClusterUpgrade blocks: nothing changes, describe says why.
    blocked.add('BeforeClusterUpgrade').add('AfterControlPlaneUpgrade').add('AfterClusterUpgrade');
    const upgrade = await h.capstan.upgrade(cluster, { version: 'v1.31.4' });
    const holding = await h.capstan.waitFor(cluster, () => received('BeforeClusterUpgrade').length >= 3, { timeoutMs: 30_000, intervalMs: 100 });
    expect(holding.waitingFor).toMatch(/^LifecycleHooks: hook "BeforeClusterUpgrade" is blocking: .*-hooks\/before-cluster-upgrade: BeforeClusterUpgrade held by the test \(since .*; called again at .*\)$/);
    expect(holding.ready).toBe(false);
    expect(versions(holding)).toEqual({ controlPlane: ['v1.30.5'], workers: ['v1.30.5', 'v1.30.5'] });
    expect(received('BeforeClusterUpgrade')[0]!.body).toMatchObject({
      apiVersion: 'hooks.runtime.cluster.x-k8s.io/v1alpha1',
      kind: 'BeforeClusterUpgradeRequest',
      fromKubernetesVersion: 'v1.30.5',
      toKubernetesVersion: 'v1.31.4',
      settings: { backupBucket: 'etcd-backups' },
      cluster: { kind: 'Cluster', metadata: { name, namespace: 'default' } },
    });

    // 2. Released: the control plane upgrades; AfterControlPlaneUpgrade then holds the workers.
    blocked.delete('BeforeClusterUpgrade');
    const cpDone = await h.capstan.waitFor(cluster, () => received('AfterControlPlaneUpgrade').length >= 2, { timeoutMs: 60_000, intervalMs: 100 });
    expect(versions(cpDone)).toEqual({ controlPlane: ['v1.31.4'], workers: ['v1.30.5', 'v1.30.5'] });
    expect(hookCondition(cpDone)?.message).toMatch(/^hook "AfterControlPlaneUpgrade" is blocking: /);
    expect(cpDone.conditions.find((c) => c.type === 'UpgradePending')?.message).toMatch(
      /md-0: upgrade to v1\.31\.4 waits: hook "AfterControlPlaneUpgrade" is blocking/,
    );
    expect(received('AfterControlPlaneUpgrade')[0]!.body).toMatchObject({ kind: 'AfterControlPlaneUpgradeRequest', kubernetesVersion: 'v1.31.4' });

    // While the upgrade is unfinished for the extensions, the next version is refused.
    const refusal = await h.capstan.upgrade(cluster, { version: 'v1.32.1' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApplyRefusedError);
    expect(String((refusal as Error).message)).toMatch(/version cannot change from v1\.31\.4 to v1\.32\.1 while the AfterClusterUpgrade hook for v1\.31\.4 is pending/);

    // 3. Workers released: they upgrade; AfterClusterUpgrade blocks, so the cluster is not done.
    blocked.delete('AfterControlPlaneUpgrade');
    const workersDone = await h.capstan.waitFor(cluster, () => received('AfterClusterUpgrade').length >= 2, { timeoutMs: 60_000, intervalMs: 100 });
    expect(versions(workersDone)).toEqual({ controlPlane: ['v1.31.4'], workers: ['v1.31.4', 'v1.31.4'] });
    expect(workersDone.ready).toBe(false);
    expect(workersDone.waitingFor).toMatch(/^LifecycleHooks: hook "AfterClusterUpgrade" is blocking/);

    blocked.delete('AfterClusterUpgrade');
    const done = await h.capstan.waitFor(cluster, (d) => d.ready && d.observedGeneration >= upgrade.generation, { timeoutMs: 30_000, intervalMs: 100 });
    expect(hookCondition(done)).toMatchObject({ status: 'True', reason: 'NoHookBlocking', message: '' });
    const calls = ext.requests.length;
    // Each hook passes once per upgrade: nothing more is called while the cluster idles.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(ext.requests.length).toBe(calls);
    expect(HOOKS.slice(0, 3).map((hook) => received(hook).filter((r) => r.body.kind === `${hook}Request`).length >= 1)).toEqual([true, true, true]);

    // 4. BeforeClusterDelete holds the teardown: every machine stays until it passes.
    blocked.add('BeforeClusterDelete');
    await h.capstan.delete(cluster);
    const deleting = await h.capstan.waitFor(cluster, () => received('BeforeClusterDelete').length >= 2, { timeoutMs: 30_000, intervalMs: 100 });
    expect(deleting.phase).toBe('Deleting');
    expect(deleting.waitingFor).toMatch(/hook "BeforeClusterDelete" is blocking/);
    const machines = async () => (await h.world()).machines.filter((m) => m.cluster === name).length;
    expect(await machines()).toBe(3);
    blocked.delete('BeforeClusterDelete');
    await until(`cluster ${name} gone`, machines, (n) => n === 0, { timeoutMs: 60_000 });
  });
});
