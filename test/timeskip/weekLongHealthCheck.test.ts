/**
 * A MachineHealthCheck is an entity that lives as long as its cluster, waking on its poll timer
 * forever. Left alone for a week of skipped time it must continue-as-new before its history
 * grows past the threshold, carry its state across runs (the machines it watches and the ones
 * it already handed over), and still answer `status` from the current run.
 */
import { DEFAULT_CONTINUE_AS_NEW_EVENTS } from '../../workflows/common/continueAsNew';
import { HANG_GUARD_MS, startTimeSkipEnv, type TimeSkipEnv } from './env';
import { STUCK, startHealthCheckScene } from './healthCheckScene';
import { historyChain, signalsReceived } from './history';

const DAY = 24 * 3_600_000;
/**
 * Polls every 10 minutes (the cluster's healthCheckPollMs) rather than the 10 s default: a week
 * at 10 s is ~60k polls, over ten minutes of real time even skipped. At ~11 events a poll a
 * week is ~11k events, so the chain has at least three runs: the server suggests
 * continue-as-new at 4096 events (the test server does too), before our own 5000.
 */
const POLL_MS = 10 * 60_000;
/** A run ends at the first poll past the threshold: that poll and the hand-over add a few events. */
const RUN_SLACK = 50;

describe('a MachineHealthCheck idle for a week of skipped time', () => {
  let t: TimeSkipEnv;
  beforeAll(async () => {
    t = await startTimeSkipEnv();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('continues-as-new, keeps every run under the threshold, and still answers status correctly', async () => {
    const scene = await startHealthCheckScene(t, 'ts-week', { pollIntervalMs: POLL_MS });
    await t.env.sleep(7 * DAY);
    const status = await scene.checkStatus();
    const runs = await historyChain(t, scene.check);
    const current = await scene.check.describe();

    expect((await t.now()) - scene.createdAt).toBeGreaterThanOrEqual(7 * DAY);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(current.status.name).toBe('RUNNING');
    expect(current.runId).toBe(runs.at(-1)!.runId);
    for (const run of runs) expect(run.events.length).toBeLessThanOrEqual(DEFAULT_CONTINUE_AS_NEW_EVENTS + RUN_SLACK);
    // State carried across the runs: the watched machines (else expectedMachines would drop to 0)…
    expect(status).toMatchObject({ expectedMachines: 3, currentHealthy: 2, remediated: [STUCK], deleted: false });
    // …and the hand-over already made: a run that forgot it would hand the machine over again.
    expect(await signalsReceived(t, scene.owner, 'remediateMachines')).toBe(1);
  }, HANG_GUARD_MS);
});
