/**
 * Campaign gates in skipped time: a 3-day soak, approvals (never given in advance, never
 * expiring, concurrent with the soak), maintenance windows and exclusion windows. Time is the
 * subject here, not the cluster upgrade: the clusters are a fake fleet (campaignFleet.ts) that
 * answers describe/upgrade like cluster workflows; the campaign workflow and its activities are
 * the real ones. Each test starts its own campaign on a fresh time-skipping server.
 */
import { WorkflowUpdateFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { campaignWorkflowId, type CampaignSpec, type CampaignStatusView } from '../../shared/planners/campaign';
import type { upgradeCampaignWorkflow } from '../../workflows/campaign/workflow';
import { approveCampaignUpdate, campaignStatusQuery } from '../../workflows/campaign/definitions';
import { FakeFleet, startCampaignTimeEnv, type CampaignTimeEnv } from './campaignFleet';
import type { TimeSkipEnv } from './env';
import { boundedQuery } from './boundedQuery';
import { historyChain } from './history';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GUARD_MS = 120_000;

type Handle = WorkflowHandleWithFirstExecutionRunId<typeof upgradeCampaignWorkflow>;

const wave = (name: string, w: string, extra: Record<string, string> = {}) => ({ name, labels: { 'upgrade-wave': w, ...extra }, version: 'v1.31.4' });

async function start(t: CampaignTimeEnv, spec: CampaignSpec, extra: { continueAsNewAfterEvents?: number } = {}): Promise<Handle> {
  return t.env.client.workflow.start<typeof upgradeCampaignWorkflow>('upgradeCampaignWorkflow', {
    taskQueue: t.taskQueue,
    workflowId: campaignWorkflowId(spec.name),
    args: [{ spec, pollIntervalMs: 20, watchMaxWaitMs: 5_000, ...extra }],
  });
}

/** The status query, bounded in real time and retried (see boundedQuery.ts). */
function queryStatus(t: CampaignTimeEnv, h: Handle, attempts?: number): Promise<CampaignStatusView> {
  return boundedQuery(t.env.client, () => h.query(campaignStatusQuery), attempts);
}

/** Polls the status in real time (the clock does not skip meanwhile) until `until` holds. */
async function statusUntil(t: CampaignTimeEnv, h: Handle, until: (s: CampaignStatusView) => boolean, what: string, timeoutMs = 30_000): Promise<CampaignStatusView> {
  const deadline = Date.now() + timeoutMs;
  let last: CampaignStatusView | undefined;
  for (;;) {
    try {
      last = await queryStatus(t, h, 1);
      if (until(last)) return last;
    } catch {
      // still resolving its clusters
    }
    if (Date.now() > deadline) throw statusTimeout(what, last);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Waits (real time) until the campaign's current run sits on a durable timer (or on an Update)
 * with nothing else under way: the time-skipping server then skips straight to it. (Calling env.sleep while the
 * workflow task that cancels one timer and starts another is still being recorded can leave the
 * test server waiting for the cancelled timer.)
 */
async function quiet(t: CampaignTimeEnv, h: Handle): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if ((await idleProbe(t, h)).idle) return;
    if (Date.now() > deadline) throw new Error(`campaign ${h.workflowId} did not settle on a timer`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Idle: no activity and no workflow task under way (the campaign waits on a timer or for an Update). */
async function idleProbe(t: CampaignTimeEnv, h: Handle): Promise<{ idle: boolean; historyLength: number }> {
  const d = await t.env.client.workflow.getHandle(h.workflowId).describe();
  return { idle: (d.raw.pendingActivities?.length ?? 0) === 0 && !d.raw.pendingWorkflowTask, historyLength: d.historyLength };
}

function statusTimeout(what: string, last: CampaignStatusView | undefined): Error {
  return new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last?.waves.map((w) => [w.name, w.phase, w.reason]))} ${last?.waiting ?? ''}`);
}

/**
 * Like statusUntil, but asks only while the campaign's history stands still (no task under way, the
 * same length 100 ms apart): the campaign then sits on a durable timer and cannot be continuing as
 * new. For a campaign that continues-as-new every few events: a query dispatched to the closing run
 * is never answered by the test server (boundedQuery.ts), and one CI run after such a query found
 * the server's skipped time stuck, so the next env.sleep hung until the test's guard.
 */
async function statusWhenIdle(t: CampaignTimeEnv, h: Handle, until: (s: CampaignStatusView) => boolean, what: string, timeoutMs = 30_000): Promise<CampaignStatusView> {
  const deadline = Date.now() + timeoutMs;
  let last: CampaignStatusView | undefined;
  let seen = -1;
  for (;;) {
    const probe = await idleProbe(t, h);
    const standsStill = probe.idle && probe.historyLength === seen;
    seen = probe.historyLength;
    if (standsStill) {
      last = await queryStatus(t, h, 1).catch(() => last);
      if (last && until(last)) return last;
    }
    if (Date.now() > deadline) throw statusTimeout(what, last);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const wavePhase = (s: CampaignStatusView, name: string) => s.waves.find((w) => w.name === name)!;
const clusterOf = (s: CampaignStatusView, name: string) => s.waves.flatMap((w) => w.clusters).find((c) => c.cluster === `default/${name}`)!;

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return String((err as WorkflowUpdateFailedError).cause?.message);
}

describe('campaign soak in skipped time', () => {
  let t: CampaignTimeEnv;
  const fleet = new FakeFleet([wave('a1', '1'), wave('a2', '1'), wave('b1', '2')]);
  beforeAll(async () => {
    t = await startCampaignTimeEnv(fleet);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('holds the next wave for the whole 3-day soak, then finishes; continues-as-new on the way', async () => {
    const h = await start(
      t,
      { name: 'soak', targetVersion: 'v1.32.3', waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 2 }, overrides: { '1': { soak: '72h' } } } } },
      { continueAsNewAfterEvents: 30 },
    );
    const gated = await statusWhenIdle(t, h, (s) => wavePhase(s, '1').phase === 'Gated', 'wave 1 to soak');
    const doneAt = Date.parse(wavePhase(gated, '1').clustersDoneAt!);
    expect(Date.parse(wavePhase(gated, '1').soakUntil!)).toBe(doneAt + 3 * DAY);
    expect(wavePhase(gated, '2').phase).toBe('NotStarted');
    expect(gated.waiting).toMatch(/^wave 1: soaking until /);

    await quiet(t, h);
    await t.env.sleep(3 * DAY - HOUR);
    const during = await queryStatus(t, h);
    expect(wavePhase(during, '2').phase).toBe('NotStarted');
    expect(fleet.upgradesOf('b1')).toEqual([]);

    await quiet(t, h);

    await t.env.sleep(2 * HOUR);
    const final = await h.result();
    expect(final.phase).toBe('Completed');
    const w2 = wavePhase(final, '2');
    expect(Date.parse(w2.startedAt!)).toBeGreaterThanOrEqual(doneAt + 3 * DAY);
    expect(Date.parse(w2.startedAt!)).toBeLessThan(doneAt + 3 * DAY + HOUR);
    // every cluster upgraded exactly once, across the runs of the chain
    for (const c of ['a1', 'a2', 'b1']) expect(fleet.upgradesOf(c)).toEqual(['v1.32.3']);
    const runs = await historyChain({ env: t.env } as TimeSkipEnv, h);
    expect(runs.length).toBeGreaterThanOrEqual(2);
  }, GUARD_MS);
});

describe('campaign approvals in skipped time', () => {
  let t: CampaignTimeEnv;
  const fleet = new FakeFleet([wave('c1', '1'), wave('d1', '2'), wave('e1', '3')]);
  beforeAll(async () => {
    t = await startCampaignTimeEnv(fleet);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses approval in advance; an approval during the soak still waits for it; an approval gate never expires', async () => {
    const h = await start(t, {
      name: 'approvals',
      targetVersion: 'v1.32.3',
      waves: { byLabel: { label: 'upgrade-wave', overrides: { '1': { soak: '24h', requireApproval: true }, '2': { requireApproval: true } } } },
    });
    await statusUntil(t, h, (s) => s.activeWave === '1' && s.counts.total === 3, 'the campaign to start');
    expect(await refusal(h.executeUpdate(approveCampaignUpdate, { args: [{ wave: '2' }] }))).toMatch(/wave 2 is NotStarted: its approval gate opens when its clusters are done \(approvals cannot be given in advance\)/);

    const gated = await statusUntil(t, h, (s) => wavePhase(s, '1').phase === 'Gated', 'wave 1 gate');
    expect(wavePhase(gated, '1').reason).toMatch(/soaking until .*; waiting for approval of wave 1/);
    await quiet(t, h);
    await t.env.sleep(2 * HOUR);
    const approved = await h.executeUpdate(approveCampaignUpdate, { args: [{ by: 'alice' }] });
    expect(approved.message).toMatch(/^wave 1 approved by alice; its soak still runs until /);
    await quiet(t, h);
    await t.env.sleep(20 * HOUR);
    expect(wavePhase(await queryStatus(t, h), '2').phase).toBe('NotStarted'); // soak not over yet
    expect(fleet.upgradesOf('d1')).toEqual([]);

    await quiet(t, h);

    await t.env.sleep(3 * HOUR);
    const w2gate = await statusUntil(t, h, (s) => wavePhase(s, '2').phase === 'Gated', 'wave 2 gate');
    expect(clusterOf(w2gate, 'd1').phase).toBe('Succeeded');
    expect(w2gate.waiting).toBe('wave 2: waiting for approval of wave 2');

    // ten days later the gate still waits: approvals never expire, and nothing moves without one
    await quiet(t, h);
    await t.env.sleep(10 * DAY);
    const still = await queryStatus(t, h);
    expect(wavePhase(still, '2').phase).toBe('Gated');
    expect(wavePhase(still, '3').phase).toBe('NotStarted');
    expect(fleet.upgradesOf('e1')).toEqual([]);
    await h.executeUpdate(approveCampaignUpdate, { args: [{ wave: '2', by: 'bob' }] });
    expect(await refusal(h.executeUpdate(approveCampaignUpdate, { args: [{ wave: '2' }] }))).toMatch(/already approved by bob|already completed/);
    const final = await h.result();
    expect(final.phase).toBe('Completed');
    expect(wavePhase(final, '2').approvedBy).toBe('bob');
  }, GUARD_MS);
});

describe('campaign windows in skipped time', () => {
  let t: CampaignTimeEnv;
  const fleet = new FakeFleet([
    wave('dev', '1', { env: 'dev', suite: 'window' }),
    wave('prod', '1', { env: 'prod', suite: 'window' }),
    wave('late', '2', { suite: 'window' }),
    wave('f1', '1', { suite: 'freeze' }),
    wave('f2', '2', { suite: 'freeze' }),
  ]);
  beforeAll(async () => {
    t = await startCampaignTimeEnv(fleet);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('starts a cluster only inside its maintenance window (a precondition on start)', async () => {
    const t0 = await t.now();
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    // prod's daily window opens 5 hours from now (whole minutes), for one hour
    const opens = Math.ceil((t0 + 5 * HOUR) / MINUTE) * MINUTE;
    const h = await start(t, {
      name: 'windows',
      targetVersion: 'v1.32.3',
      clusters: { selector: { matchLabels: { suite: 'window' } } },
      waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 2 } } },
      maintenanceWindows: [{ name: 'prod-daily', selector: { matchLabels: { env: 'prod' } }, start: hhmm(opens), duration: '1h' }],
    });
    const first = await statusUntil(t, h, (s) => clusterOf(s, 'dev')?.phase === 'Succeeded' && clusterOf(s, 'prod')?.phase === 'Pending', 'dev done, prod pending');
    expect(clusterOf(first, 'prod').reason).toBe(`outside its maintenance window; next opens ${new Date(opens).toISOString()}`);
    expect(wavePhase(first, '2').phase).toBe('NotStarted'); // the wave waits for its pending cluster

    await quiet(t, h);

    await t.env.sleep(4 * HOUR);
    expect(clusterOf(await queryStatus(t, h), 'prod').phase).toBe('Pending');
    expect(fleet.upgradesOf('prod')).toEqual([]);
    await quiet(t, h);
    await t.env.sleep(2 * HOUR);
    const final = await h.result();
    expect(final.phase).toBe('Completed');
    const prodStarted = Date.parse(clusterOf(final, 'prod').startedAt!);
    expect(prodStarted).toBeGreaterThanOrEqual(opens);
    expect(prodStarted).toBeLessThan(opens + HOUR);
    for (const c of ['dev', 'prod', 'late']) expect(fleet.upgradesOf(c)).toEqual(['v1.32.3']);
  }, GUARD_MS);

  it('starts nothing inside a campaign exclusion window', async () => {
    const t0 = await t.now();
    const freeze = { start: new Date(t0 - HOUR).toISOString(), end: new Date(t0 + 2 * DAY).toISOString() };
    const h = await start(t, {
      name: 'freeze',
      targetVersion: 'v1.32.3',
      clusters: { selector: { matchLabels: { suite: 'freeze' } } },
      waves: { byLabel: { label: 'upgrade-wave' } },
      exclusionWindows: [{ name: 'black-friday', ...freeze }],
    });
    const held = await statusUntil(t, h, (s) => clusterOf(s, 'f1')?.phase === 'Pending', 'f1 held by the freeze');
    expect(clusterOf(held, 'f1').reason).toBe(`campaign exclusion window black-friday until ${freeze.end}`);
    await quiet(t, h);
    await t.env.sleep(DAY);
    expect(clusterOf(await queryStatus(t, h), 'f1').phase).toBe('Pending');
    expect(fleet.upgradesOf('f1')).toEqual([]);
    await quiet(t, h);
    await t.env.sleep(DAY + HOUR);
    const final = await h.result();
    expect(final.phase).toBe('Completed');
    expect(Date.parse(clusterOf(final, 'f1').startedAt!)).toBeGreaterThanOrEqual(Date.parse(freeze.end));
    for (const c of ['f1', 'f2']) expect(fleet.upgradesOf(c)).toEqual(['v1.32.3']);
  }, GUARD_MS);
});
