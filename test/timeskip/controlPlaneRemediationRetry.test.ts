/**
 * KubeadmControlPlane remediation retries in skipped time (CAPI `checkRetryLimits`). A Machine
 * created to replace a remediated one carries that remediation (`remediation-for`); if it fails
 * again within minHealthyPeriod (default 1h) of it, its remediation is a retry of the same problem
 * (retry count + 1), held back for retryPeriod and refused at maxRetry; past minHealthyPeriod
 * a new sequence starts at retry 0.
 *
 * The controlPlaneWorkflow runs on its own, with the sim provider. Its machines provision through
 * their real machineWorkflows, whose awaitMachineProvisioned / awaitNode long-polls hold the test
 * server's clock: so every provisioning (the first three machines, each replacement) is waited
 * for in real time, polling `status`, and time is skipped only once all machines are Running and
 * the KCP is idle between durable timers. The test plays the MachineHealthCheck: it sends the
 * KCP `remediateMachines` for the machine it wants replaced.
 */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { SimInfrastructureProvider } from '../../activities/providers/sim';
import { compileManifestText } from '../../shared/model';
import type { DesiredControlPlane } from '../../shared/model/desired';
import { clusterWorkflowId, controlPlaneWorkflowId, type ResourceKey } from '../../shared/ids';
import type { Condition } from '../../shared/status/conditions';
import type { ControlPlaneStatus, MachineStatus } from '../../shared/status/types';
import type { ClusterContext } from '../../workflows/common/ownerContext';
import type { ControlPlaneWorkflowInput } from '../../workflows/controlPlane/definitions';
import { simClusterYaml } from '../workflows/manifests';
import { HANG_GUARD_MS, startTimeSkipEnv, type TimeSkipEnv } from './env';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Real time allowed for the sim to provision machines and for a remediation to complete. */
const SETTLE_MS = 90_000;
const cluster: ResourceKey = { namespace: 'default', name: 'ts-kcp-retry' };
const LAST = /^Last remediation: Machine (\S+) at (\S+) \(retry (\d+)\)$/;

interface LastRemediation {
  machine: string;
  at: number;
  retry: number;
}

async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = SETTLE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err; // e.g. a query before the first workflow task
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const remediating = (s: ControlPlaneStatus): Condition => s.conditions.find((c) => c.type === 'Remediating')!;
const ownerRemediated = (m: MachineStatus): Condition | undefined => m.conditions.find((c) => c.type === 'OwnerRemediated');

function lastRemediation(s: ControlPlaneStatus): LastRemediation {
  const c = remediating(s);
  const match = LAST.exec(c.message);
  if (c.status !== 'False' || !match) throw new Error(`no last remediation in Remediating=${c.status}: ${JSON.stringify(c.message)}`);
  return { machine: match[1]!, at: Date.parse(match[2]!), retry: Number(match[3]) };
}

describe('KubeadmControlPlane remediation retries (minHealthyPeriod, retryPeriod, maxRetry) in skipped time', () => {
  let t: TimeSkipEnv;
  let kcp: WorkflowHandleWithFirstExecutionRunId;
  let desired: DesiredControlPlane;
  let context: ClusterContext;
  const status = () => kcp.query<ControlPlaneStatus>('status');

  /** Three machines Running, none deleting, nothing being remediated: the KCP rests on its resync timer. */
  async function settled(what: string, except: readonly string[] = []): Promise<ControlPlaneStatus> {
    return eventually(what, async () => {
      const s = await status();
      const ok =
        s.machines.length === 3 &&
        s.machines.every((m) => m.phase === 'Running' && !m.deletionRequestedAt && !except.includes(m.name)) &&
        remediating(s).status === 'False';
      return ok ? s : undefined;
    });
  }

  /** What the MachineHealthCheck sends the owner of an unhealthy control-plane machine. */
  async function remediate(machine: string): Promise<void> {
    await kcp.signal('remediateMachines', { names: [machine], reason: 'Health check failed: Condition Ready on Node is reporting status False' });
  }

  /** Remediates `victim` and waits (real time) for its replacement to run; returns the new status and the replacement. */
  async function remediateAndReplace(victim: string): Promise<{ s: ControlPlaneStatus; replacement: MachineStatus }> {
    const before = new Set((await status()).machines.map((m) => m.name));
    await remediate(victim);
    const s = await settled(`${victim} replaced`, [victim]);
    const added = s.machines.filter((m) => !before.has(m.name));
    expect(added).toHaveLength(1);
    return { s, replacement: added[0]! };
  }

  beforeAll(async () => {
    t = await startTimeSkipEnv();
    // The cluster's infrastructure (load balancer endpoint), as the cluster workflow would have it.
    const infra = new SimInfrastructureProvider(t.sim);
    const template = { apiVersion: 'infrastructure.capstan.dev/v1alpha1', kind: 'SimClusterTemplate', name: 't', spec: {} };
    const provisioned = await eventually('cluster infrastructure', async () => {
      const r = await infra.ensureClusterInfrastructure({ cluster, infrastructure: template, labels: {} });
      return r.provisioned ? r : undefined;
    });
    const compiled = compileManifestText(simClusterYaml({ name: cluster.name, cpReplicas: 3, workers: 0 }), 'kcp.yaml').clusters[0]!;
    desired = compiled.controlPlane;
    context = {
      cluster,
      provider: 'sim',
      // no cluster workflow runs: the KCP's status reports to it fail and are logged
      clusterWorkflowId: clusterWorkflowId(cluster),
      controlPlaneEndpoint: provisioned.controlPlaneEndpoint!,
      failureDomains: provisioned.failureDomains ?? [],
      clusterNetwork: compiled.clusterNetwork,
    };
    kcp = await t.env.client.workflow.start('controlPlaneWorkflow', {
      taskQueue: t.taskQueue,
      workflowId: controlPlaneWorkflowId({ namespace: cluster.namespace, name: desired.name }),
      args: [{ context, spec: desired, specVersion: 1 } satisfies ControlPlaneWorkflowInput],
    });
  }, HANG_GUARD_MS);
  afterAll(async () => {
    await kcp?.terminate('test over').catch(() => undefined);
    await t?.stop();
  });

  let a: string;
  let b: MachineStatus;
  let c: MachineStatus;
  let d: MachineStatus;
  let remediationOfA: LastRemediation;

  it('remediates a first-time failure at retry 0', async () => {
    const start = await settled('3 control-plane machines Running');
    expect(desired.remediation).toEqual({ retryPeriodSeconds: 0, minHealthyPeriodSeconds: 3600 });
    expect(remediating(start).message).toBe('');
    a = start.machines[0]!.name;

    const { s, replacement } = await remediateAndReplace(a);
    b = replacement;
    remediationOfA = lastRemediation(s);
    expect(remediationOfA).toMatchObject({ machine: a, retry: 0 });
    expect(s.machines.map((m) => m.name)).not.toContain(a);
    // the replacement was created after (for) that remediation
    expect(Date.parse(b.createdAt)).toBeGreaterThanOrEqual(remediationOfA.at);
  }, HANG_GUARD_MS);

  it('a replacement failing 30 minutes later (within minHealthyPeriod 1h) is a retry: retry 1', async () => {
    await t.env.sleep(30 * MINUTE);
    const { s, replacement } = await remediateAndReplace(b.name);
    c = replacement;
    const last = lastRemediation(s);
    expect(last).toMatchObject({ machine: b.name, retry: 1 });
    expect(last.at - remediationOfA.at).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(last.at - remediationOfA.at).toBeLessThan(HOUR);
  }, HANG_GUARD_MS);

  let remediationOfC: LastRemediation;

  it('a replacement failing 2 hours after its predecessor was remediated (past minHealthyPeriod) starts over: retry 0', async () => {
    const before = lastRemediation(await status());
    await t.env.sleep(2 * HOUR);
    // still the same three machines: skipping time alone changes nothing
    expect((await status()).machines.map((m) => m.name).sort()).toContain(c.name);
    const { s, replacement } = await remediateAndReplace(c.name);
    d = replacement;
    remediationOfC = lastRemediation(s);
    expect(remediationOfC).toMatchObject({ machine: c.name, retry: 0 });
    expect(remediationOfC.at - before.at).toBeGreaterThanOrEqual(2 * HOUR);
    expect(Date.parse(c.createdAt) + HOUR).toBeLessThan(remediationOfC.at);
  }, HANG_GUARD_MS);

  it('with retryPeriod 10m and maxRetry 1: a quick failure waits out retryPeriod, counts as retry 1, and the next one is refused (MaxRetry) until minHealthyPeriod has passed', async () => {
    const spec: DesiredControlPlane = { ...desired, remediation: { maxRetry: 1, retryPeriodSeconds: 600, minHealthyPeriodSeconds: 3600 } };
    await kcp.signal('updateSpec', { spec, specVersion: 2, context });
    await eventually('spec 2 observed', async () => ((await status()).observedSpecVersion === 2 ? true : undefined));

    // d replaced c moments ago: its failure is a retry of c's problem, inside retryPeriod.
    await remediate(d.name);
    const deferred = await eventually('remediation of d deferred', async () => {
      const s = await status();
      const m = s.machines.find((x) => x.name === d.name);
      return m && ownerRemediated(m)?.reason === 'RemediationDeferred' ? s : undefined;
    });
    const dNow = deferred.machines.find((m) => m.name === d.name)!;
    expect(ownerRemediated(dNow)).toMatchObject({
      status: 'False',
      reason: 'RemediationDeferred',
      message: "KubeadmControlPlane can't remediate this machine because the operation already failed in the latest 10m0s (RetryPeriodSeconds)",
    });
    expect(dNow).toMatchObject({ phase: 'Running' });
    expect(dNow.deletionRequestedAt).toBeUndefined();
    expect(remediating(deferred)).toMatchObject({ status: 'True', reason: 'Remediating' });
    expect(remediating(deferred).message).toContain(`* Machine ${d.name}: KubeadmControlPlane can't remediate this machine because the operation already failed in the latest 10m0s (RetryPeriodSeconds)`);

    // Once retryPeriod has passed (counted from c's remediation) the KCP remediates d by itself: retry 1.
    console.log('DBG before sleep10', new Date(await t.now()).toISOString());
    await t.env.sleep(10 * MINUTE);
    console.log('DBG after sleep10', new Date(await t.now()).toISOString(), JSON.stringify(await status(), null, 1).slice(0, 3000));
    const afterD = await settled(`${d.name} replaced`, [d.name]);
    const remediationOfD = lastRemediation(afterD);
    expect(remediationOfD).toMatchObject({ machine: d.name, retry: 1 });
    expect(remediationOfD.at - remediationOfC.at).toBeGreaterThanOrEqual(10 * MINUTE);
    // within one KCP back-off pass (at most 10 s) of the window closing, not at the end of the sleep
    expect(remediationOfD.at - remediationOfC.at).toBeLessThan(10 * MINUTE + 30_000);
    const e = afterD.machines.find((m) => !deferred.machines.some((x) => x.name === m.name))!;
    expect(e).toBeDefined();

    // e fails too: first held for retryPeriod, then refused for good, since retry 1 = maxRetry.
    await remediate(e.name);
    console.log('DBG before sleep11');
    await t.env.sleep(11 * MINUTE);
    console.log('DBG after sleep11');
    const refused = await status();
    const eNow = refused.machines.find((m) => m.name === e.name)!;
    expect(eNow).toMatchObject({ phase: 'Running' });
    expect(eNow.deletionRequestedAt).toBeUndefined();
    expect(ownerRemediated(eNow)).toMatchObject({
      status: 'False',
      reason: 'CannotBeRemediated',
      message: "KubeadmControlPlane can't remediate this machine because the operation already failed 1 times (MaxRetry)",
    });
    expect(remediating(refused)).toMatchObject({ status: 'True', reason: 'Remediating' });
    expect(remediating(refused).message).toContain(`* Machine ${e.name}: KubeadmControlPlane can't remediate this machine because the operation already failed 1 times (MaxRetry)`);
    expect(refused.machines.map((m) => m.name).sort()).toEqual(afterD.machines.map((m) => m.name).sort());

    // Past minHealthyPeriod since d's remediation the failure is a new problem: remediated at retry 0.
    console.log('DBG before sleepH');
    await t.env.sleep(HOUR);
    console.log('DBG after sleepH');
    const afterE = await settled(`${e.name} replaced`, [e.name]);
    const remediationOfE = lastRemediation(afterE);
    expect(remediationOfE).toMatchObject({ machine: e.name, retry: 0 });
    expect(remediationOfE.at - remediationOfD.at).toBeGreaterThanOrEqual(HOUR);
    expect(remediationOfE.at - remediationOfD.at).toBeLessThan(HOUR + 30_000);
  }, HANG_GUARD_MS);
});
