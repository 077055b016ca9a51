/**
 * The MachineHealthCheck watches node conditions through a heartbeating long-poll (patched
 * 'mhc-node-long-poll') instead of re-reading them on a 10 s timer. These tests hold it to what
 * the timer gave: a NotReady node is still judged at its timeout, a signal still starts a pass at
 * once (the long-poll in flight is cancelled, cleanly), and an idle check costs far less history.
 *
 * The idle-cost test runs scaled down (poll 0.5 s vs long-poll 3 s over 12 s, the same 1:6 as the
 * defaults 10 s vs 60 s); CAPSTAN_MHC_IDLE_SCALE=20 runs it at the real defaults over 4 minutes.
 */
import { startHarness, uniqueName, type Harness } from './harness';
import { REMEDIATE_MACHINE_ANNOTATION } from '../../shared/planners/health';
import { SimClient } from '../../activities/providers/sim';
import { scheduledActivities, sleep, standaloneHealthCheckScene, until } from './standaloneHealthCheck';

const TIMEOUT_MS = 2000;
/** CAPI requeues a pending machine 1 s after it would turn unhealthy; the rest is scheduling slack. */
const NOTICE_MARGIN_MS = 1000 + 1500;

describe('MachineHealthCheck long-polls node conditions', () => {
  let h: Harness;
  let sim: SimClient;
  beforeAll(async () => {
    h = await startHarness();
    sim = new SimClient(h.simUrl);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('notices a node turning NotReady at its timeout, though one long-poll may wait a minute', async () => {
    const scene = await standaloneHealthCheckScene(h, uniqueName('lp-notready'), 2, `${TIMEOUT_MS / 1000}s`);
    const check = await scene.start('mhc', {});
    await until('both workers healthy', check.status, (s) => s.currentHealthy === 2, 30_000);
    await sleep(1000); // the long-poll is in flight now, with nothing to report

    await sim.injectFault(scene.cluster, { kind: 'nodeCondition', node: 'w1', status: 'False', reason: 'KubeletNotReady' });
    const injected = Date.now();
    const judged = await until('w1 unhealthy', check.status, (s) => s.unhealthy.some((u) => u.machine === 'w1'), 20_000);
    const elapsed = Date.now() - injected;

    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + NOTICE_MARGIN_MS);
    expect(judged).toMatchObject({ currentHealthy: 1, remediated: ['w1'] });
    // It was the long-poll that watched the nodes, not the old timer-driven read.
    const activities = await scheduledActivities(check.handle);
    expect(activities).toContain('awaitNodeConditionsChange');
    expect(activities).not.toContain('listNodeConditions');
  });

  it('starts a pass at once on a targets signal, cancelling the long-poll in flight cleanly', async () => {
    const scene = await standaloneHealthCheckScene(h, uniqueName('lp-signal'), 2, '5m');
    const check = await scene.start('mhc', {});
    await until('both workers healthy', check.status, (s) => s.currentHealthy === 2, 30_000);
    await sleep(1000);

    // The remediate-machine annotation makes w2 unhealthy at once, with no node change to wake on.
    const signalled = Date.now();
    await check.setTargets(check.targets.map((t) => (t.name === 'w2' ? { ...t, annotations: { [REMEDIATE_MACHINE_ANNOTATION]: '' } } : t)));
    await until('w2 unhealthy', check.status, (s) => s.unhealthy.some((u) => u.machine === 'w2'), 10_000);
    expect(Date.now() - signalled).toBeLessThan(2000);

    // The cancelled long-poll sees it on its next heartbeat and ends as Canceled: not timed out, not failed.
    const events = await until('the long-poll acknowledged its cancellation', check.eventTypes, (e) => e.includes('activityTaskCanceled'), 20_000, 250);
    expect(events).toContain('activityTaskCancelRequested');
    expect(events.filter((e) => e === 'activityTaskTimedOut' || e === 'activityTaskFailed')).toEqual([]);
  });

  const scale = Number(process.env.CAPSTAN_MHC_IDLE_SCALE ?? 1);
  const POLL_MS = 500 * scale;
  const LONG_POLL_MS = 3000 * scale;
  const WINDOW_MS = 12_000 * scale;

  it('costs several times fewer history events while nothing happens', async () => {
    const scene = await standaloneHealthCheckScene(h, uniqueName('lp-idle'), 2, '5m');
    const timer = await scene.start('timer', { nodeLongPollMs: 0, pollIntervalMs: POLL_MS });
    const longPoll = await scene.start('long-poll', { nodeLongPollMs: LONG_POLL_MS });
    for (const c of [timer, longPoll]) await until('both workers healthy', c.status, (s) => s.currentHealthy === 2, 30_000);

    const before = await Promise.all([timer.eventTypes(), longPoll.eventTypes()]);
    await sleep(WINDOW_MS);
    const after = await Promise.all([timer.eventTypes(), longPoll.eventTypes()]);
    const [timerWindow, longPollWindow] = [after[0].slice(before[0].length), after[1].slice(before[1].length)];
    // One cycle = one read of the nodes (a poll tick, or one long-poll window ending).
    const cycles = (events: string[]) => events.filter((e) => e === 'activityTaskScheduled').length;
    const perCycle = (events: string[]) => events.length / Math.max(cycles(events), 1);
    // Per idle hour at the defaults: a read every 10 s, or a long-poll answering every 60 s.
    const timerPerHour = Math.round(perCycle(timerWindow) * (3600 / 10));
    const longPollPerHour = Math.round(perCycle(longPollWindow) * (3600 / 60));
    console.log(
      `idle MachineHealthCheck over ${WINDOW_MS / 1000} s: timer (${POLL_MS} ms) ${timerWindow.length} events in ${cycles(timerWindow)} reads, ` +
        `long-poll (${LONG_POLL_MS} ms) ${longPollWindow.length} events in ${cycles(longPollWindow)} windows; ` +
        `per idle hour at the defaults ≈ ${timerPerHour} (timer, ${perCycle(timerWindow).toFixed(1)}/read) vs ` +
        `${longPollPerHour} (long-poll, ${perCycle(longPollWindow).toFixed(1)}/window)`,
    );
    expect(cycles(longPollWindow)).toBeGreaterThan(0); // it does answer at the end of each window
    expect(longPollWindow.length * 4).toBeLessThanOrEqual(timerWindow.length);
    expect(longPollPerHour * 4).toBeLessThanOrEqual(timerPerHour);
  }, 120_000 + 2 * 12_000 * scale);
});
