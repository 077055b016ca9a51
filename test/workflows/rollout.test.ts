import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import type { ClusterDescription } from '../../shared/status/types';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

function compileOne(yaml: string): DesiredCluster {
  const { clusters, issues } = compileManifestText(yaml, 'rollout.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

interface Observed {
  maxMachines: number;
  minAvailable: number;
  steps: number;
}

/**
 * Applies `next` and watches the MachineDeployment at every status change until the cluster is
 * ready again, recording the extremes CAPI's invariants bound: machines never above
 * replicas + maxSurge, Running machines never below replicas − maxUnavailable.
 */
async function rollAndWatch(h: Harness, next: DesiredCluster): Promise<{ observed: Observed; final: ClusterDescription }> {
  const observed: Observed = { maxMachines: 0, minAvailable: Number.MAX_SAFE_INTEGER, steps: 0 };
  const r = await h.capstan.apply(next);
  expect(r.changed).toBe(true);
  const final = await h.capstan.waitFor(
    next,
    (d) => {
      const md = d.machineDeployments[0]!;
      observed.steps++;
      observed.maxMachines = Math.max(observed.maxMachines, md.machines.length);
      const running = md.machines.filter((m) => m.phase === 'Running' && !m.deletionRequestedAt).length;
      observed.minAvailable = Math.min(observed.minAvailable, running);
      return d.ready && d.observedGeneration >= r.generation;
    },
    { timeoutMs: 90_000, intervalMs: 25 },
  );
  return { observed, final };
}

describe('MachineDeployment rollouts on the simulated provider', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ latencies: { clusterInfraMs: 50, provisionMs: 300, bootMs: 150, deleteMs: 150 } });
  });
  afterAll(async () => {
    await h.stop();
  });

  // Workers start a patch behind the control plane: a kubeadm join must match its minor (the
  // MachineSet preflight check KubeadmVersionSkew), so a minor behind would never scale up.
  it('a worker version upgrade rolls one in, one out (maxSurge 1, maxUnavailable 0)', async () => {
    const name = uniqueName('roll');
    const before = compileOne(simClusterYaml({ name, workers: 3, workerVersion: 'v1.31.3' }));
    await h.capstan.apply(before);
    const start = await h.capstan.waitForReady(before, { timeoutMs: 60_000 });
    const oldNames = start.machineDeployments[0]!.machines.map((m) => m.name);

    const { observed, final } = await rollAndWatch(h, compileOne(simClusterYaml({ name, workers: 3, workerVersion: 'v1.31.4' })));
    expect(observed.steps).toBeGreaterThan(5); // the watcher saw the rollout's intermediate states
    expect(observed.maxMachines).toBe(4); // it did surge
    expect(observed.maxMachines).toBeLessThanOrEqual(4);
    expect(observed.minAvailable).toBeGreaterThanOrEqual(3);
    const md = final.machineDeployments[0]!;
    expect(md.machines).toHaveLength(3);
    expect(md.machines.every((m) => m.version === 'v1.31.4' && !oldNames.includes(m.name))).toBe(true);
    expect(md.machineSets).toHaveLength(1); // the old revision was cleaned up once complete
    expect(md.machineSets[0]!.revision).toBe(2);
    const world = await h.world();
    expect(world.machines.filter((m) => m.cluster === name)).toHaveLength(4); // 1 control plane + 3 workers
  });

  it('maxSurge 0, maxUnavailable 1 replaces in place without ever exceeding replicas', async () => {
    const name = uniqueName('inplace');
    const yaml = (tpl?: string) => simClusterYaml({ name, workers: 3, maxSurge: 0, maxUnavailable: 1, workerTemplate: tpl });
    const before = compileOne(yaml());
    await h.capstan.apply(before);
    await h.capstan.waitForReady(before, { timeoutMs: 60_000 });
    // A template rotation (new infrastructure template name) is a rollout, as in CAPI.
    const { observed, final } = await rollAndWatch(h, compileOne(yaml(`${name}-machine-v2`)));
    expect(observed.maxMachines).toBeLessThanOrEqual(3);
    expect(observed.minAvailable).toBeGreaterThanOrEqual(2);
    expect(final.machineDeployments[0]!.machines).toHaveLength(3);
  });

  it('rolloutAfter in the past replaces every machine even though the template did not change', async () => {
    const name = uniqueName('restart');
    const before = compileOne(simClusterYaml({ name, workers: 2 }));
    await h.capstan.apply(before);
    const start = await h.capstan.waitForReady(before, { timeoutMs: 60_000 });
    const oldNames = start.machineDeployments[0]!.machines.map((m) => m.name);
    const restart = compileOne(simClusterYaml({ name, workers: 2, rolloutAfter: new Date().toISOString() }));
    const { observed, final } = await rollAndWatch(h, restart);
    expect(observed.maxMachines).toBeLessThanOrEqual(3);
    const names = final.machineDeployments[0]!.machines.map((m) => m.name);
    expect(names).toHaveLength(2);
    expect(names.some((n) => oldNames.includes(n))).toBe(false);
  });

  it('rollout restart (the update behind `capstan rollout restart md`) replaces every machine; refusals change nothing', async () => {
    const name = uniqueName('rrestart');
    const desired = compileOne(simClusterYaml({ name, workers: 2 }));
    await h.capstan.apply(desired);
    const start = await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    const oldNames = start.machineDeployments[0]!.machines.map((m) => m.name);
    await expect(h.capstan.rolloutRestart(desired, { kind: 'MachineDeployment', name: 'nope' })).rejects.toThrow(/MachineDeployment\/nope is not part of cluster/);
    await expect(h.capstan.rolloutRestart(desired, { kind: 'KubeadmControlPlane', name: 'nope' })).rejects.toThrow(/KubeadmControlPlane\/nope is not part of cluster/);
    expect((await h.capstan.describe(desired)).generation).toBe(start.generation);
    const r = await h.capstan.rolloutRestart(desired, { kind: 'MachineDeployment', name: `${name}-md-0` });
    const done = await h.capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= r.generation, { timeoutMs: 60_000 });
    const names = done.machineDeployments[0]!.machines.map((m) => m.name);
    expect(names).toHaveLength(2);
    expect(names.some((n) => oldNames.includes(n))).toBe(false);
  });

  it('refuses a worker version above the control plane (kubelet skew) before anything changes', async () => {
    const name = uniqueName('skew');
    const before = compileOne(simClusterYaml({ name, workers: 1 }));
    await h.capstan.apply(before);
    await h.capstan.waitForReady(before, { timeoutMs: 60_000 });
    const { issues } = compileManifestText(simClusterYaml({ name, workers: 1, workerVersion: 'v1.32.0' }), 'skew.yaml');
    expect(issues).toEqual([
      expect.objectContaining({ path: 'spec.template.spec.version', rule: 'md-version-above-control-plane', resource: `MachineDeployment/${name}-md-0` }),
    ]);
  });
});
