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
import { boundedQuery } from './boundedQuery';
import { eventually as pollUntilDefined } from '../support/eventually';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Real time allowed for the sim to provision machines and for a remediation to complete. */
const SETTLE_MS = 90_000;
const cluster: ResourceKey = { namespace: 'default', name: 'ts-kcp-retry' };
/**
 * How far a sleep reaches past a window's end. The KCP notices on its next back-off pass (at most
 * 10 s): the remediation then starts inside the sleep, and from that moment the test server was
 * seen to advance the clock in real time only, until the sleep ended (a replacement's awaitNode
 * long-poll holds the clock while it runs, yet the clock stayed slow after it was done). So a sleep
 * that covers a remediation ends soon after it.
 */
const BOUNDARY_MS = 15_000;
const RETRY_PERIOD_REFUSAL = "KubeadmControlPlane can't remediate this machine because the operation already failed in the latest 10m0s (RetryPeriodSeconds)";
const MAX_RETRY_REFUSAL = "KubeadmControlPlane can't remediate this machine because the operation already failed 1 times (MaxRetry)";
const LAST = /^Last remediation: Machine (\S+) at (\S+) \(retry (\d+)\)$/;

interface LastRemediation {
  machine: string;
  at: number;
  retry: number;
}


/** The settle loops' poll: a read that throws (a query before the first workflow task) counts as not yet. */
const eventually = <T>(what: string, check: () => Promise<T | undefined>): Promise<T> =>
  pollUntilDefined(what, check, { timeoutMs: SETTLE_MS, intervalMs: 50, tolerateErrors: true });

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
  const status = () => boundedQuery(t.env.client, () => kcp.query<ControlPlaneStatus>('status'));

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

  async function sleepUntil(at: number): Promise<void> {
    const ms = at - (await t.now());
    expect(ms).toBeGreaterThan(0);
    await t.env.sleep(ms);
  }

  /** The machine is still Running and not deleting; its OwnerRemediated and the KCP's Remediating condition say why. */
  function expectRefused(s: ControlPlaneStatus, machine: string, reason: string, message: string): void {
    const m = s.machines.find((x) => x.name === machine)!;
    expect(m).toMatchObject({ phase: 'Running' });
    expect(m.deletionRequestedAt).toBeUndefined();
    expect(ownerRemediated(m)).toMatchObject({ status: 'False', reason, message });
    expect(remediating(s)).toMatchObject({ status: 'True', reason: 'Remediating' });
    // the planner's line for the machine (the summary then appends the blocked reason once more)
    expect(remediating(s).message.split('\n')[0]).toBe(`* Machine ${machine}: ${message}`);
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
    const beforeStatus = await status();
    const before = lastRemediation(beforeStatus);
    await t.env.sleep(2 * HOUR);
    // still the same three machines: skipping time alone changes nothing
    const names = (x: ControlPlaneStatus) => x.machines.map((m) => m.name).sort();
    expect(names(await status())).toEqual(names(beforeStatus));
    expect(names(beforeStatus)).toContain(c.name);
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
    expectRefused(deferred, d.name, 'RemediationDeferred', RETRY_PERIOD_REFUSAL);

    // Still held just before retryPeriod (counted from c's remediation) ends…
    const retryPeriodEnds = remediationOfC.at + 10 * MINUTE;
    await sleepUntil(retryPeriodEnds - 5_000);
    expectRefused(await status(), d.name, 'RemediationDeferred', RETRY_PERIOD_REFUSAL);
    // …and remediated by the KCP on its own right after: retry 1, as d failed within minHealthyPeriod.
    await t.env.sleep(BOUNDARY_MS);
    const afterD = await settled(`${d.name} replaced`, [d.name]);
    const remediationOfD = lastRemediation(afterD);
    expect(remediationOfD).toMatchObject({ machine: d.name, retry: 1 });
    expect(remediationOfD.at).toBeGreaterThanOrEqual(retryPeriodEnds);
    expect(remediationOfD.at).toBeLessThan(retryPeriodEnds + BOUNDARY_MS);
    const e = afterD.machines.find((m) => !deferred.machines.some((x) => x.name === m.name))!;
    expect(e).toBeDefined();

    // e fails too: first held for retryPeriod, then refused for good, since retry 1 = maxRetry.
    await remediate(e.name);
    await sleepUntil(remediationOfD.at + 11 * MINUTE);
    const refused = await status();
    expectRefused(refused, e.name, 'CannotBeRemediated', MAX_RETRY_REFUSAL);
    expect(refused.machines.map((m) => m.name).sort()).toEqual(afterD.machines.map((m) => m.name).sort());

    // Still refused just before minHealthyPeriod (from d's remediation) ends; past it the failure
    // is a new problem (CAPI: a new retry sequence), remediated at retry 0.
    const minHealthyEnds = remediationOfD.at + HOUR;
    await sleepUntil(minHealthyEnds - 5_000);
    expectRefused(await status(), e.name, 'CannotBeRemediated', MAX_RETRY_REFUSAL);
    await t.env.sleep(BOUNDARY_MS);
    const afterE = await settled(`${e.name} replaced`, [e.name]);
    const remediationOfE = lastRemediation(afterE);
    expect(remediationOfE).toMatchObject({ machine: e.name, retry: 0 });
    expect(remediationOfE.at).toBeGreaterThanOrEqual(minHealthyEnds);
    expect(remediationOfE.at).toBeLessThan(minHealthyEnds + BOUNDARY_MS);
  }, HANG_GUARD_MS);
});
