/**
 * The health check's watch on node conditions, against a real sim server: the sim provider's
 * long-poll of the versioned node list, and the heartbeating awaitNodeConditionsChange activity
 * over it (answers on a change or at its window's end, stops at once when cancelled, and falls
 * back to polling for a provider without the long-poll).
 */
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  nodeConditionActivities,
  type AwaitNodeConditionsInput,
  type NodeConditionsAnswer,
} from '../../../activities/machine/nodeConditions';
import { SimClient, SimInfrastructureProvider, SimWorkloadCluster } from '../../../activities/providers/sim';
import type { WorkloadCluster } from '../../../activities/providers/types';
import { startSimServer, type SimServer } from '../../../scripts/sim/server';
import { eventually, simBootstrapData } from './helpers';

const cluster = { namespace: 'default', name: 'watch' };
const template = (kind: string) => ({ apiVersion: 'infrastructure.capstan.dev/v1alpha1', kind, name: 't', spec: {} });

describe('watching node conditions', () => {
  let server: SimServer;
  let client: SimClient;
  let workload: SimWorkloadCluster;

  beforeAll(async () => {
    server = await startSimServer({ port: 0, latencies: { clusterInfraMs: 20, provisionMs: 40, bootMs: 20, deleteMs: 20 }, seed: 5 });
    client = new SimClient(server.url);
    workload = new SimWorkloadCluster(client);
    const infra = new SimInfrastructureProvider(client);
    const endpoint = await eventually('infrastructure', async () => {
      const r = await infra.ensureClusterInfrastructure({ cluster, infrastructure: template('SimClusterTemplate'), labels: {} });
      return r.provisioned ? r.controlPlaneEndpoint : undefined;
    });
    for (const [name, role, mode] of [['cp1', 'control-plane', 'init'], ['w1', 'worker', 'join-worker']] as const) {
      await infra.ensureMachine({
        cluster, machine: name, role, version: 'v1.31.4', infrastructure: template('SimMachineTemplate'),
        bootstrapData: simBootstrapData(cluster, endpoint!, name, mode),
      });
    }
    await eventually('two nodes', async () => ((await workload.listNodes(cluster)).length === 2 ? true : undefined));
  });
  afterAll(async () => {
    await server.close();
  });

  /** Flips w1's Ready condition for a while (each call a new transition, so a new version). */
  const flipReady = (forMs = 300) =>
    client.injectFault(cluster, { kind: 'nodeCondition', node: 'w1', status: 'False', reason: 'KubeletNotReady', forMs });
  const readyOf = (nodes: Array<{ name: string; conditions: readonly { type: string; status: string }[] }>) =>
    nodes.find((n) => n.name === 'w1')?.conditions.find((c) => c.type === 'Ready')?.status;
  /** Waits until w1 is Ready again, so each test starts from a quiet cluster. */
  const quiet = () => eventually('w1 Ready', async () => (readyOf(await workload.listNodes(cluster)) === 'True' ? true : undefined));

  it('the sim provider answers at once without `since`, holds while nothing changes, and answers on a change', async () => {
    await quiet();
    const first = await workload.waitForNodeConditionsChange(cluster, undefined, 5000);
    expect(first.nodes.map((n) => n.name).sort()).toEqual(['cp1', 'w1']);

    let started = Date.now();
    const unchanged = await workload.waitForNodeConditionsChange(cluster, first.version, 300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(unchanged.version).toBe(first.version);

    started = Date.now();
    const waiting = workload.waitForNodeConditionsChange(cluster, first.version, 5000);
    await flipReady();
    const changed = await waiting;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(changed.version).not.toBe(first.version);
    expect(readyOf(changed.nodes)).toBe('False');
  });

  it('the activity answers once the conditions differ from `since`, or unchanged at the end of its window', async () => {
    await quiet();
    const { run } = activityOn(workload);
    const first = await run({ cluster, maxWaitMs: 0 });

    let started = Date.now();
    const unchanged = await run({ cluster, since: first.version, maxWaitMs: 400 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(unchanged).toEqual(first);

    started = Date.now();
    const waiting = run({ cluster, since: first.version, maxWaitMs: 30_000 });
    await flipReady();
    const changed = await waiting;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(changed.version).not.toBe(first.version);
    expect(readyOf(changed.nodes)).toBe('False');
  });

  it('a cancelled activity stops at once, aborting its long-poll, and reports the cancellation', async () => {
    await quiet();
    const { env, run } = activityOn(workload);
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => heartbeats.push(d));
    const first = await run({ cluster, maxWaitMs: 0 });
    const waiting = run({ cluster, since: first.version, maxWaitMs: 30_000 });
    const outcome = waiting.then(() => 'answered', (err: unknown) => err);
    await new Promise((r) => setTimeout(r, 300));
    const cancelled = Date.now();
    env.cancel();
    expect(await outcome).toBeInstanceOf(CancelledFailure);
    // A 4 s long-poll round was in flight: only aborting it ends the activity this fast.
    expect(Date.now() - cancelled).toBeLessThan(1000);
    expect(heartbeats.length).toBeGreaterThan(0);
  });

  it('falls back to polling listNodes for a provider without the long-poll', async () => {
    await quiet();
    const polled: WorkloadCluster = { ...bareMethods(workload), waitForNodeConditionsChange: undefined };
    let reads = 0;
    polled.listNodes = async (c) => {
      reads++;
      return workload.listNodes(c);
    };
    const { run } = activityOn(polled);
    const first = await run({ cluster, maxWaitMs: 0 });
    const waiting = run({ cluster, since: first.version, maxWaitMs: 30_000 });
    await new Promise((r) => setTimeout(r, 300));
    await flipReady();
    const changed = await waiting;
    expect(readyOf(changed.nodes)).toBe('False');
    expect(reads).toBeGreaterThan(3); // it polled while nothing changed
  });
});

/** The activity in a mock activity context (heartbeats and cancellation as a worker would give them). */
function activityOn(workload: WorkloadCluster): { env: MockActivityEnvironment; run: (input: AwaitNodeConditionsInput) => Promise<NodeConditionsAnswer> } {
  const { awaitNodeConditionsChange } = nodeConditionActivities({ infrastructure: undefined as never, workload, pollIntervalMs: 50 });
  const env = new MockActivityEnvironment();
  return { env, run: (input) => env.run(awaitNodeConditionsChange, input) };
}

/** The provider's methods as own properties, so one can be removed or replaced. */
function bareMethods(w: SimWorkloadCluster): WorkloadCluster {
  const proto = Object.getPrototypeOf(w) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(proto)) {
    const v = proto[key];
    if (key !== 'constructor' && typeof v === 'function') out[key] = (v as (...a: unknown[]) => unknown).bind(w);
  }
  return out as unknown as WorkloadCluster;
}
