/**
 * nodeDrainTimeout in hours of skipped time: a PodDisruptionBudget that never allows an eviction
 * keeps a node's drain blocked; with a timeout the drain gives up exactly then, without one it
 * never does (CAPI's default). The drainWorkflow runs on its own, as the machineWorkflow starts
 * it: its waits are 20 s durable timers between quick activities, so the test server can skip.
 */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { drainWorkflowId } from '../../shared/ids';
import type { DrainProgress, DrainResult, DrainWorkflowInput } from '../../workflows/drain/definitions';
import { HANG_GUARD_MS, startTimeSkipEnv, type TimeSkipEnv } from './env';
import { historyChain } from './history';
import { runningSimCluster, unevictableWorkload } from './simCluster';
import { boundedQuery } from './boundedQuery';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const cluster = { namespace: 'default', name: 'ts-drain' };
const PDB_BLOCK = /blocked by PodDisruptionBudget payments\/api \(minAvailable 2\)/;

describe('nodeDrainTimeout in skipped time (a PodDisruptionBudget that never allows an eviction)', () => {
  let t: TimeSkipEnv;
  let nodes: string[];
  beforeAll(async () => {
    t = await startTimeSkipEnv();
    await runningSimCluster(t.sim, cluster, 2);
    const workload = await unevictableWorkload(t.sim, cluster, 2);
    const pods = (await t.sim.listPods(cluster, { namespace: workload.namespace }))!.items;
    nodes = [...new Set(pods.map((p) => p.nodeName!))];
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function startDrain(node: string, nodeDrainTimeoutSeconds: number): Promise<WorkflowHandleWithFirstExecutionRunId> {
    const input: DrainWorkflowInput = {
      cluster,
      provider: 'sim',
      machine: { name: node, labels: {}, annotations: {} },
      clusterLabels: {},
      nodeName: node,
      nodeDrainTimeoutSeconds,
      // no machine workflow runs: progress signals to it fail, which the drain tolerates (logs)
      machineWorkflowId: `machine/${cluster.namespace}/${node}`,
    };
    return t.env.client.workflow.start('drainWorkflow', {
      taskQueue: t.taskQueue,
      workflowId: drainWorkflowId({ namespace: cluster.namespace, name: `${node}-${nodeDrainTimeoutSeconds}` }),
      args: [input],
    });
  }

  // Runs first: its drain is terminated at the end, so it does not keep the clock busy later.
  it('with no nodeDrainTimeout (0, the default) the drain is still blocked after 3 hours, naming the budget', async () => {
    const drain = await startDrain(nodes[0]!, 0);
    await t.env.sleep(3 * HOUR);
    const progress = await boundedQuery(t.env.client, () => drain.query<DrainProgress>('status'));
    const description = await drain.describe();
    const runs = await historyChain(t, drain);
    await drain.terminate('test over');
    expect(description.status.name).toBe('RUNNING');
    expect(progress.explanation).toMatch(PDB_BLOCK);
    // the first refusal came with the first pass, a moment after the drain started
    expect(progress.explanation).toMatch(/ for (2h59m|3h);/);
    expect(progress.explanation).toMatch(/no nodeDrainTimeout set, so the drain waits as long as it takes/);
    expect(progress.explanation).toMatch(/can never allow an eviction .* this drain never completes/);
    // about every 20 s (CAPI drainRetryInterval, plus each pass's own time) across the whole span
    expect(progress.passes).toBeGreaterThanOrEqual((3 * HOUR) / 21_000);
    // A drain that may never end continues-as-new, carrying its start time (the "for 2h59m"
    // above) and eviction attempts, so its history stays bounded instead of hitting the server's limit.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) expect(run.events.length).toBeLessThan(5000);
  }, HANG_GUARD_MS);

  it('with nodeDrainTimeout 2h the drain reports the budget until then, and gives up (timedOut) at 2h of workflow time', async () => {
    const drain = await startDrain(nodes[nodes.length - 1]!, 2 * 3600);
    await t.env.sleep(2 * HOUR - 2 * MINUTE);
    const before = await boundedQuery(t.env.client, () => drain.query<DrainProgress>('status'));
    expect(before.explanation).toMatch(PDB_BLOCK);
    // explanations are written at each pass, so this one is up to a pass (20 s) old
    expect(before.explanation).toMatch(/ for 1h5[78]m; drain timeout in 2m\d*s?;/);

    const result = (await drain.result()) as DrainResult;
    // Elapsed time from the workflow's own clock: after result() the test server may race ahead
    // to unrelated timers (it does not cancel finished workflows' timers), so currentTimeMs() lies.
    const { closeTime } = await drain.describe();
    const elapsed = closeTime!.getTime() - Date.parse(result.startedAt);
    expect(result.outcome).toBe('timedOut');
    expect(result.explanation).toMatch(/^nodeDrainTimeout 2h exceeded \(drain started 2h ago\); deletion continues without draining/);
    expect(elapsed).toBeGreaterThanOrEqual(2 * HOUR);
    expect(elapsed).toBeLessThan(2 * HOUR + MINUTE);
  }, HANG_GUARD_MS);
});
