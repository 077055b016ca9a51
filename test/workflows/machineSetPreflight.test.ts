/**
 * CAPI's MachineSet preflight checks on a live cluster: a MachineDeployment scale up that lands
 * while the control plane upgrades waits for it ("ControlPlaneIsStable"), says so in describe,
 * and goes ahead the moment the control plane is done; the skip annotation lets it through.
 */
import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import { SKIP_PREFLIGHT_CHECKS_ANNOTATION } from '../../shared/planners/rollout';
import type { ClusterDescription, MachineDeploymentStatus } from '../../shared/status/types';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

function compileOne(yaml: string): DesiredCluster {
  const { clusters, issues } = compileManifestText(yaml, 'preflight.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

const md = (d: ClusterDescription): MachineDeploymentStatus => d.machineDeployments[0]!;
const liveWorkers = (d: ClusterDescription) => md(d).machines.filter((m) => !m.deletionRequestedAt).length;
/** a control-plane machine still at the old version: the control plane is upgrading */
const cpUpgrading = (d: ClusterDescription, from: string) => (d.controlPlane?.machines ?? []).some((m) => m.version === from);

describe('MachineSet preflight checks (simulated provider, real Temporal)', () => {
  let h: Harness;
  beforeAll(async () => {
    // a control-plane replacement takes long enough (provision + boot) for a scale up to land inside it
    h = await startHarness({ latencies: { clusterInfraMs: 50, provisionMs: 1_500, bootMs: 300, deleteMs: 100 } });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function scaleDuringControlPlaneUpgrade(name: string, mdAnnotations?: Record<string, string>) {
    const yaml = (cpVersion: string, workers: number) =>
      simClusterYaml({ name, cpReplicas: 1, workers, version: cpVersion, workerVersion: 'v1.30.5', ...(mdAnnotations ? { mdAnnotations } : {}) });
    const before = compileOne(yaml('v1.30.5', 1));
    await h.capstan.apply(before);
    await h.capstan.waitForReady(before, { timeoutMs: 90_000 });
    // one apply: the control plane to a new patch release, and one more worker
    const next = compileOne(yaml('v1.30.6', 2));
    const r = await h.capstan.apply(next);
    let heldMessage: string | undefined;
    let workersWhileUpgrading = 0;
    let samples = 0;
    const final = await h.capstan.waitFor(
      next,
      (d) => {
        if (d.observedGeneration >= r.generation && cpUpgrading(d, 'v1.30.5')) {
          samples++;
          workersWhileUpgrading = Math.max(workersWhileUpgrading, liveWorkers(d));
          heldMessage ??= md(d).conditions.find((c) => c.type === 'MachinesCreated' && c.status === 'False')?.message;
        }
        return d.ready && d.observedGeneration >= r.generation;
      },
      { timeoutMs: 120_000, intervalMs: 25 },
    );
    return { final, heldMessage, workersWhileUpgrading, samples };
  }

  it('holds a scale up while the control plane upgrades, says why, then creates the machine', async () => {
    const name = uniqueName('msprefl');
    const { final, heldMessage, workersWhileUpgrading, samples } = await scaleDuringControlPlaneUpgrade(name);
    expect(samples).toBeGreaterThan(5);
    expect(workersWhileUpgrading).toBe(1);
    expect(heldMessage).toBe(
      `${md(final).machineSets[0]!.name}: Performing "Scale up" on hold because ControlPlane KubeadmControlPlane default/${name}-cp is upgrading ("ControlPlaneIsStable" preflight failed). The operation will continue after the preflight check(s) pass`,
    );
    expect(liveWorkers(final)).toBe(2);
    expect(md(final).conditions.find((c) => c.type === 'MachinesCreated')).toBeUndefined();
    // the new worker was created only after the last old control-plane machine was replaced
    const cpCreated = Math.max(...final.controlPlane!.machines.map((m) => Date.parse(m.createdAt)));
    const newest = Math.max(...md(final).machines.map((m) => Date.parse(m.createdAt)));
    expect(newest).toBeGreaterThan(cpCreated);
  });

  it('the skip-preflight-checks annotation lets the scale up through during the upgrade', async () => {
    const name = uniqueName('msskip');
    const { workersWhileUpgrading, heldMessage, final } = await scaleDuringControlPlaneUpgrade(name, { [SKIP_PREFLIGHT_CHECKS_ANNOTATION]: 'ControlPlaneIsStable' });
    expect(heldMessage).toBeUndefined();
    expect(workersWhileUpgrading).toBe(2);
    expect(liveWorkers(final)).toBe(2);
  });
});
