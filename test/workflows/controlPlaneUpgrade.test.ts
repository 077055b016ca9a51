import { SimClient } from '../../activities/providers/sim/simClient';
import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import type { ClusterDescription } from '../../shared/status/types';
import { watchEtcd } from './etcdWatch';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

function compileOne(yaml: string): DesiredCluster {
  const { clusters, issues } = compileManifestText(yaml, 'kcp.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

/** Applies `next` and follows the control plane until the cluster is ready at the new generation. */
async function applyAndWatch(h: Harness, next: DesiredCluster): Promise<{ final: ClusterDescription; maxCp: number; reasons: Set<string> }> {
  const r = await h.capstan.apply(next);
  expect(r.changed).toBe(true);
  let maxCp = 0;
  const reasons = new Set<string>();
  const final = await h.capstan.waitFor(
    next,
    (d) => {
      const cp = d.controlPlane!;
      maxCp = Math.max(maxCp, cp.machines.length);
      for (const c of cp.conditions) if (c.message) reasons.add(c.message);
      return d.ready && d.observedGeneration >= r.generation;
    },
    { timeoutMs: 120_000, intervalMs: 25 },
  );
  return { final, maxCp, reasons };
}

describe('KubeadmControlPlane upgrades keep etcd quorum (simulated provider, real Temporal)', () => {
  let h: Harness;
  let sim: SimClient;
  beforeAll(async () => {
    // etcd without quorum takes the API server down, as in a kubeadm stacked-etcd cluster.
    h = await startHarness({
      latencies: { clusterInfraMs: 50, provisionMs: 200, bootMs: 100, deleteMs: 100 },
      settings: { quorumLossTakesApiServerDown: true },
    });
    sim = new SimClient(h.simUrl);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('a version upgrade of 3 replicas surges 3 → 4 → 3, removing each etcd member before its machine', async () => {
    const name = uniqueName('kcpup');
    const yaml = (version: string) => simClusterYaml({ name, cpReplicas: 3, workers: 1, version, workerVersion: 'v1.30.5' });
    const before = compileOne(yaml('v1.30.5'));
    await h.capstan.apply(before);
    const start = await h.capstan.waitForReady(before, { timeoutMs: 90_000 });
    const oldNames = start.controlPlane!.machines.map((m) => m.name);
    expect(oldNames).toHaveLength(3);

    const etcd = watchEtcd(sim, { namespace: 'default', name });
    const { final, maxCp } = await applyAndWatch(h, compileOne(yaml('v1.31.4')));
    await etcd.stop();

    expect(etcd.samples).toBeGreaterThan(20);
    expect(etcd.minQuorumMargin).toBeGreaterThanOrEqual(0); // quorum at every sample
    expect(etcd.maxVoting).toBe(4); // it surged, and never beyond replicas + 1
    expect(etcd.unreadable).toBe(0); // the API server never went down
    expect(maxCp).toBe(4);
    const cp = final.controlPlane!;
    expect(cp.machines).toHaveLength(3);
    expect(cp.machines.every((m) => m.version === 'v1.31.4' && !oldNames.includes(m.name))).toBe(true);
    expect(cp.upToDateReplicas).toBe(3);
    const members = (await sim.listEtcdMembers({ namespace: 'default', name }))!.items;
    expect(members.map((m) => m.name).sort()).toEqual(cp.machines.map((m) => m.nodeName).sort());
    const world = await h.world();
    expect(world.machines.filter((m) => m.cluster === name)).toHaveLength(4); // 3 control plane + 1 worker
  });

  it('maxSurge 0 replaces in place (scale in first): never more than 3 voting members, quorum kept', async () => {
    const name = uniqueName('kcpin');
    const yaml = (tpl?: string) => simClusterYaml({ name, cpReplicas: 3, workers: 0, cpMaxSurge: 0, cpTemplate: tpl });
    const before = compileOne(yaml());
    await h.capstan.apply(before);
    const start = await h.capstan.waitForReady(before, { timeoutMs: 90_000 });
    const oldNames = start.controlPlane!.machines.map((m) => m.name);

    const etcd = watchEtcd(sim, { namespace: 'default', name });
    // A new infrastructure template is a rollout without a version change (matchesTemplateClonedFrom).
    const { final, maxCp } = await applyAndWatch(h, compileOne(yaml(`${name}-cp-v2`)));
    await etcd.stop();

    expect(etcd.minQuorumMargin).toBeGreaterThanOrEqual(0);
    expect(etcd.maxVoting).toBeLessThanOrEqual(3);
    expect(maxCp).toBeLessThanOrEqual(3);
    expect(final.controlPlane!.machines.every((m) => !oldNames.includes(m.name))).toBe(true);
  });

  it('rollout restart of the control plane (spec.rollout.after) replaces its machine through the same surge path', async () => {
    const name = uniqueName('kcprr');
    const desired = compileOne(simClusterYaml({ name, cpReplicas: 1, workers: 0 }));
    await h.capstan.apply(desired);
    const start = await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });
    const old = start.controlPlane!.machines[0]!.name;
    const r = await h.capstan.rolloutRestart(desired, { kind: 'KubeadmControlPlane', name: `${name}-cp` });
    const etcd = watchEtcd(sim, { namespace: 'default', name });
    const done = await h.capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= r.generation && !d.controlPlane!.machines.some((m) => m.name === old), {
      timeoutMs: 60_000,
      intervalMs: 25,
    });
    await etcd.stop();
    expect(done.controlPlane!.machines).toHaveLength(1);
    expect(etcd.minQuorumMargin).toBeGreaterThanOrEqual(0);
    expect(etcd.unreadable).toBe(0);
  });

  it('preflight holds an upgrade while an etcd member is unhealthy, says so, and resumes when it recovers', async () => {
    const name = uniqueName('kcppre');
    const yaml = (version: string) => simClusterYaml({ name, cpReplicas: 3, workers: 0, version });
    const before = compileOne(yaml('v1.30.5'));
    await h.capstan.apply(before);
    const start = await h.capstan.waitForReady(before, { timeoutMs: 90_000 });
    const sick = start.controlPlane!.machines[0]!.nodeName!;
    const fault = await sim.injectFault({ namespace: 'default', name }, { kind: 'etcdMember', member: sick, healthy: false });

    const next = compileOne(yaml('v1.31.4'));
    const r = await h.capstan.apply(next);
    const rollingOut = (d: ClusterDescription) => d.controlPlane?.conditions.find((c) => c.type === 'RollingOut')?.message ?? '';
    const held = await h.capstan.waitFor(next, (d) => d.observedGeneration >= r.generation && rollingOut(d).includes(sick), {
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    // describe says which machine blocks the rollout and why, as KCP's preflight message does
    expect(rollingOut(held)).toContain(`Machine ${sick} reports EtcdMemberHealthy condition is false`);
    // Nothing was created or deleted while etcd was unhealthy.
    expect(held.controlPlane!.machines.map((m) => m.name).sort()).toEqual(start.controlPlane!.machines.map((m) => m.name).sort());
    expect(held.controlPlane!.machines.every((m) => !m.deletionRequestedAt)).toBe(true);

    await sim.clearFault({ namespace: 'default', name }, fault.id);
    const done = await h.capstan.waitForReady(next, { timeoutMs: 120_000 });
    expect(done.controlPlane!.machines.every((m) => m.version === 'v1.31.4')).toBe(true);
  });
});
