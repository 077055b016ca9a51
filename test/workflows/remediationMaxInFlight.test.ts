/**
 * MachineSet remediation honours the MachineDeployment's `strategy.remediation.maxInFlight`
 * (CAPI reconcileUnhealthyMachines, patched 'md-remediation-max-in-flight'): with 4 workers,
 * maxInFlight 1 and 3 workers failing at once, the machines are replaced one at a time, and the
 * ones waiting say so in describe (OwnerRemediated=False/RemediationDeferred); a waiting machine
 * that recovers is dropped from remediation (patched 'mhc-reports-recovered-machines').
 *
 * Infrastructure deletion takes 3 s here, so a remediation stays in flight long enough to watch.
 */
import { SimClient } from '../../activities/providers/sim';
import { compileManifestText } from '../../shared/model';
import { machineDeploymentWorkflowId } from '../../shared/ids';
import type { Condition } from '../../shared/status/conditions';
import type { MachineDeploymentStatus, MachineStatus } from '../../shared/status/types';
import { FAST_LATENCIES, startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';
import { sleep } from './standaloneHealthCheck';

/** Polls the owner's status until `ok` holds. */
async function until(read: () => Promise<MachineDeploymentStatus>, ok: (s: MachineDeploymentStatus) => boolean, timeoutMs = 60_000): Promise<MachineDeploymentStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await read();
    if (ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`owner never got there: ${JSON.stringify(s.machines.map((m) => [m.name, m.phase, m.deletionRequestedAt, m.conditions.map((c) => `${c.type}=${c.status}/${c.reason}`)]))}`);
    await sleep(50);
  }
}

const ownerRemediated = (m: MachineStatus): Condition | undefined => m.conditions.find((c) => c.type === 'OwnerRemediated');
/** A remediation in flight: the MachineSet marked it MachineDeleting and asked for its deletion. */
const inFlight = (machines: MachineStatus[]) =>
  machines.filter((m) => m.deletionRequestedAt && ownerRemediated(m)?.reason === 'MachineDeleting').map((m) => m.name);

describe('MachineSet remediation with maxInFlight', () => {
  let h: Harness;
  let sim: SimClient;
  beforeAll(async () => {
    h = await startHarness({ latencies: { ...FAST_LATENCIES, deleteMs: 3000 } });
    sim = new SimClient(h.simUrl);
  });
  afterAll(async () => {
    await h.stop();
  });

  /** 4 workers, maxInFlight 1, a 1 s unhealthy timeout; the owner's handle to query it directly. */
  async function healthyCluster(prefix: string) {
    const name = uniqueName(prefix);
    const desired = compileManifestText(simClusterYaml({ name, workers: 4, healthCheck: { maxUnhealthy: '100%', timeout: '1s' } }), 'mhc.yaml').clusters[0]!;
    desired.machineDeployments[0]!.strategy.remediation = { maxInFlight: 1 };
    await h.capstan.apply(desired);
    const healthy = await h.capstan.waitFor(desired, (d) => d.ready && d.healthChecks[0]?.currentHealthy === 4, { timeoutMs: 90_000 });
    const workers = healthy.machineDeployments[0]!.machines.map((m) => m.name);
    const md = h.client.workflow.getHandle(machineDeploymentWorkflowId({ namespace: desired.namespace, name: desired.machineDeployments[0]!.name }));
    return { desired, workers, md, status: () => md.query<MachineDeploymentStatus>('status') };
  }

  it('replaces 3 failed workers of 4 one at a time, showing the others as RemediationDeferred', async () => {
    const { desired, workers, md } = await healthyCluster('inflight');
    const sick = workers.slice(0, 3);

    for (const node of sick) {
      await sim.injectFault(desired, { kind: 'nodeCondition', node, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    }

    // Observe the owner (and describe) until every failed worker is replaced.
    const maxInFlightSeen: string[][] = [];
    const deferredInDescribe = new Set<string>();
    const remediated = new Set<string>();
    const deadline = Date.now() + 150_000;
    for (;;) {
      const status = await md.query<MachineDeploymentStatus>('status');
      const flying = inFlight(status.machines);
      if (flying.length > 1) maxInFlightSeen.push(flying);
      flying.forEach((n) => remediated.add(n));
      const d = await h.capstan.describe(desired);
      for (const m of d.machineDeployments[0]!.machines) {
        const c = ownerRemediated(m);
        if (c?.status === 'False' && c.reason === 'RemediationDeferred') {
          expect(c.message).toMatch(/maxInFlight is 1/);
          deferredInDescribe.add(m.name);
        }
      }
      const names = d.machineDeployments[0]!.machines.map((m) => m.name);
      if (d.ready && names.length === 4 && sick.every((s) => !names.includes(s)) && d.healthChecks[0]?.currentHealthy === 4) break;
      if (Date.now() > deadline) throw new Error(`not all replaced: ${JSON.stringify(d.machineDeployments[0]!.machines.map((m) => [m.name, m.phase, ownerRemediated(m)?.reason]))}`);
      await sleep(100);
    }

    expect(maxInFlightSeen).toEqual([]); // never two remediations deleting at once
    expect([...remediated].sort()).toEqual([...sick].sort()); // each failed worker went through remediation
    expect(deferredInDescribe.size).toBeGreaterThanOrEqual(2); // the two waiting behind the first showed it
    const final = await md.query<MachineDeploymentStatus>('status');
    expect(final.machines.filter((m) => ownerRemediated(m))).toEqual([]);
    expect((await h.world()).machines.filter((m) => m.cluster === desired.name && sick.includes(m.name))).toEqual([]);
  }, 200_000);

  it('drops a deferred remediation when its machine recovers, and never deletes it', async () => {
    const { desired, workers, status } = await healthyCluster('recovers');
    const faults = new Map<string, string>();
    for (const node of workers.slice(0, 2)) {
      const fault = await sim.injectFault(desired, { kind: 'nodeCondition', node, status: 'Unknown', reason: 'NodeStatusUnknown' });
      faults.set(node, fault.id);
    }
    const split = await until(status, (s) => inFlight(s.machines).length === 1 && s.machines.some((m) => ownerRemediated(m)?.reason === 'RemediationDeferred'));
    const replaced = inFlight(split.machines)[0]!;
    const waiting = split.machines.find((m) => ownerRemediated(m)?.reason === 'RemediationDeferred')!.name;

    await sim.clearFault(desired, faults.get(waiting)!); // its node is Ready again
    const cleared = await until(status, (s) => {
      const m = s.machines.find((x) => x.name === waiting);
      return !!m && !ownerRemediated(m) && m.conditions.some((c) => c.type === 'HealthCheckSucceeded' && c.status === 'True');
    });
    expect(inFlight(cleared.machines)).toEqual([replaced]); // still deleting: the recovery was noticed in time

    const done = await h.capstan.waitFor(desired, (d) => d.ready && d.healthChecks[0]?.currentHealthy === 4 && !d.machineDeployments[0]!.machines.some((m) => m.name === replaced), { timeoutMs: 90_000 });
    const kept = done.machineDeployments[0]!.machines.find((m) => m.name === waiting);
    expect(kept).toMatchObject({ phase: 'Running' });
    expect(kept!.deletionRequestedAt).toBeUndefined();
    await sleep(1500); // past the unhealthy timeout again: nothing is left to remediate
    expect((await status()).machines.filter((m) => m.deletionRequestedAt)).toEqual([]);
  }, 200_000);
});
