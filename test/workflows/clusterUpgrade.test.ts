import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import { compareKubeVersions, parseKubeVersion } from '../../shared/model/rules/version';
import type { ClusterDescription } from '../../shared/status/types';
import { ApplyRefusedError } from '../../scripts/client/CapstanClient';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

/** The seed-shaped cluster plus a second MachineDeployment, so the order between them shows. */
function twoPoolCluster(name: string, version: string): DesiredCluster {
  const yaml = `${simClusterYaml({ name, cpReplicas: 1, workers: 2, version })}---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachineDeployment
metadata:
  name: ${name}-md-1
  namespace: default
spec:
  clusterName: ${name}
  replicas: 2
  selector:
    matchLabels: null
  template:
    spec:
      clusterName: ${name}
      version: ${version}
      bootstrap:
        configRef:
          apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
          kind: KubeadmConfigTemplate
          name: ${name}-md-0
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: SimMachineTemplate
        name: ${name}-machine
`;
  const { clusters, issues } = compileManifestText(yaml, 'upgrade.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

const cmp = (a: string, b: string) => compareKubeVersions(parseKubeVersion(a)!, parseKubeVersion(b)!);

interface Sequence {
  samples: number;
  /** a worker machine newer than the oldest control-plane machine (kubelet newer than an API server) */
  skewViolations: string[];
  /** samples where more than one MachineDeployment had machines at both versions */
  concurrentPools: number;
  /** the first sample index where a worker ran the target, and the last where a control-plane machine did not */
  firstWorkerAtTarget: number;
  lastControlPlaneBehind: number;
  sawHold: boolean;
}

function observe(seq: Sequence, d: ClusterDescription, target: string): void {
  const i = seq.samples++;
  const cpVersions = d.controlPlane!.machines.map((m) => m.version);
  const oldestCp = cpVersions.reduce((a, b) => (cmp(a, b) <= 0 ? a : b));
  if (cpVersions.some((v) => v !== target)) seq.lastControlPlaneBehind = i;
  let mixed = 0;
  for (const md of d.machineDeployments) {
    for (const m of md.machines) {
      if (cmp(m.version, oldestCp) > 0) seq.skewViolations.push(`${m.name} ${m.version} > control plane ${oldestCp}`);
      if (m.version === target && seq.firstWorkerAtTarget < 0) seq.firstWorkerAtTarget = i;
    }
    const versions = new Set(md.machines.map((m) => m.version));
    if (versions.size > 1) mixed++;
  }
  if (mixed > 1) seq.concurrentPools++;
  if (d.conditions.some((c) => c.type === 'UpgradePending' && c.status === 'True')) seq.sawHold = true;
}

describe('cluster upgrade: control plane first, then MachineDeployments one at a time', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      latencies: { clusterInfraMs: 50, provisionMs: 200, bootMs: 100, deleteMs: 100 },
      settings: { quorumLossTakesApiServerDown: true },
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('upgrade keeps every kubelet at or below the oldest API server and rolls one pool at a time', async () => {
    const name = uniqueName('up');
    const before = twoPoolCluster(name, 'v1.30.5');
    await h.capstan.apply(before);
    await h.capstan.waitForReady(before, { timeoutMs: 90_000 });

    const r = await h.capstan.upgrade(before, { version: 'v1.31.4' });
    expect(r.changed).toBe(true);
    const seq: Sequence = { samples: 0, skewViolations: [], concurrentPools: 0, firstWorkerAtTarget: -1, lastControlPlaneBehind: -1, sawHold: false };
    const final = await h.capstan.waitFor(
      before,
      (d) => {
        observe(seq, d, 'v1.31.4');
        return d.ready && d.observedGeneration >= r.generation;
      },
      { timeoutMs: 150_000, intervalMs: 20 },
    );

    expect(seq.skewViolations).toEqual([]);
    expect(seq.sawHold).toBe(true); // describe said the workers were waiting for the control plane
    expect(seq.firstWorkerAtTarget).toBeGreaterThan(seq.lastControlPlaneBehind); // control plane strictly first
    expect(seq.concurrentPools).toBe(0); // upgrade-concurrency 1
    const all = [...final.controlPlane!.machines, ...final.machineDeployments.flatMap((md) => md.machines)];
    expect(all).toHaveLength(5);
    expect(all.every((m) => m.version === 'v1.31.4')).toBe(true);
    expect(final.conditions.find((c) => c.type === 'UpgradePending')?.status).toBe('False');
  });

  it('refuses an upgrade that skips a minor, naming the rule, and changes nothing', async () => {
    const name = uniqueName('upbad');
    const before = twoPoolCluster(name, 'v1.30.5');
    await h.capstan.apply(before);
    const ready = await h.capstan.waitForReady(before, { timeoutMs: 90_000 });

    const refusal = await h.capstan.upgrade(before, { version: 'v1.32.0' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApplyRefusedError);
    expect(String((refusal as Error).message)).toMatch(/spec\.version.*one-minor-per-upgrade/s);
    const bad = await h.capstan.upgrade(before, { version: 'v1.31.4', concurrency: 0 }).catch((e: unknown) => e);
    expect(String((bad as Error).message)).toContain('upgrade-concurrency-positive-integer');
    const after = await h.capstan.describe(before);
    expect(after.generation).toBe(ready.generation);
    expect(after.version).toBe('v1.30.5');
  });
});
