/**
 * Scheduled campaigns on the dev server (issue 5 §2): a Temporal Schedule whose every run is a
 * campaign of its own (`campaign/<name>-<scheduled time>`), with overlap SKIP and an explicit
 * catch-up window; trigger, pause/unpause and a BUFFER_ALL backfill over two missed times; the
 * same Schedule answers the Temporal CLI. Bad input creates nothing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CampaignClient } from '../../scripts/client/CampaignClient';
import { CampaignSchedules } from '../../scripts/client/CampaignSchedules';
import { ScheduleInputError } from '../../scripts/client/campaignScheduleSpec';
import { temporalCliPath } from '../../scripts/temporal/paths';
import { compileManifestText } from '../../shared/model';
import { campaignWorkflowId, type CampaignSpec, type CampaignStatusView } from '../../shared/planners/campaign';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const VERSION = 'v1.31.4';

describe('scheduled upgrade campaigns', () => {
  let h: Harness;
  let schedules: CampaignSchedules;
  let campaigns: CampaignClient;
  const created: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
    schedules = new CampaignSchedules(h.client, h.taskQueue);
    campaigns = new CampaignClient(h.client, h.taskQueue);
  });
  afterAll(async () => {
    for (const name of created) await schedules.delete(name).catch(() => undefined);
    await h.stop();
  });

  it('start runs of their own on trigger and backfill, pause and unpause, and answer the Temporal CLI', async () => {
    const suite = uniqueName('sched');
    // One small cluster already at the target: each run resolves it, observes it there and completes.
    const cluster = compileManifestText(simClusterYaml({ name: `${suite}-a`, cpReplicas: 1, workers: 0, version: VERSION, labels: { 'upgrade-wave': '1', 'campaign-suite': suite } }), 'a.yaml').clusters[0]!;
    await h.capstan.apply(cluster);
    await h.capstan.waitForReady(cluster, { timeoutMs: 60_000 });
    for (let i = 0; ; i++) {
      const { count } = await h.client.workflow.count(`WorkflowType = 'clusterWorkflow' AND CapstanLabels = 'campaign-suite=${suite}'`);
      if (count === 1) break;
      if (i > 200) throw new Error('visibility never listed the cluster');
      await sleep(100);
    }
    const spec: CampaignSpec = {
      name: suite,
      targetVersion: VERSION,
      clusters: { selector: { matchLabels: { 'campaign-suite': suite } } },
      waves: { byLabel: { label: 'upgrade-wave' } },
    };

    // Bad input is refused by field, and no Schedule exists afterwards.
    await expect(schedules.create({ spec, catchupWindow: '1h' })).rejects.toThrow(ScheduleInputError);
    await expect(schedules.create({ spec, cron: ['0 0 1 1 *'], catchupWindow: 'soon' })).rejects.toThrow(/--catchup-window/);
    await expect(schedules.describe(suite)).rejects.toThrow(/not found/);

    // Once a year at New Year (UTC): nothing fires during the test on its own.
    await schedules.create({ spec, cron: ['0 0 1 1 *'], catchupWindow: '2h', note: 'yearly', runOptions: { pollIntervalMs: 100, watchMaxWaitMs: 5_000 } });
    created.push(suite);
    const described = await schedules.describe(suite);
    expect(described).toMatchObject({ scheduleId: `campaign/${suite}`, campaign: suite, targetVersion: VERSION, paused: false, overlap: 'SKIP', catchupWindowMs: 2 * 3600_000, cron: ['0 0 1 1 *'], timezone: 'UTC', recentRuns: [] });
    expect(new Date(described.nextRuns[0]!).toISOString()).toMatch(/-01-01T00:00:00\.000Z$/);

    // trigger: a run now, its own campaign named after its ID
    await schedules.trigger(suite);
    const first = await until(async () => (await schedules.describe(suite)).recentRuns[0]);
    // Temporal's suffix is the scheduled time to the second
    expect(first.workflowId).toBe(`${campaignWorkflowId(suite)}-${first.scheduledAt.replace(/\.\d{3}Z$/, 'Z')}`);
    const result = (await h.client.workflow.getHandle(first.workflowId).result()) as CampaignStatusView;
    expect(result).toMatchObject({ name: first.campaign, phase: 'Completed', counts: { total: 1 } });
    expect((await campaigns.status(first.campaign)).phase).toBe('Completed');

    // pause / unpause, visible in describe
    await schedules.pause(suite, 'change freeze');
    expect(await schedules.describe(suite)).toMatchObject({ paused: true, note: 'change freeze' });
    await schedules.unpause(suite);
    expect((await schedules.describe(suite)).paused).toBe(false);

    // backfill two missed New Years: both runs start, one after the other (BUFFER_ALL)
    await schedules.backfill(suite, new Date('2024-12-31T23:00:00Z'), new Date('2026-01-01T01:00:00Z'));
    const ids = [`${campaignWorkflowId(suite)}-2025-01-01T00:00:00Z`, `${campaignWorkflowId(suite)}-2026-01-01T00:00:00Z`];
    for (const id of ids) {
      const r = await until(async () => {
        try {
          return (await h.client.workflow.getHandle(id).result()) as CampaignStatusView;
        } catch {
          return undefined; // not started yet: it waits behind the other
        }
      });
      expect(r.phase).toBe('Completed');
    }
    const [a, b] = await Promise.all(ids.map((id) => h.client.workflow.getHandle(id).describe()));
    expect(b!.startTime.getTime()).toBeGreaterThanOrEqual(a!.closeTime!.getTime());

    // the plain Temporal CLI sees the same Schedule (README documents these lines)
    const { stdout } = await run(temporalCliPath(), ['schedule', 'describe', '--address', h.address, '--schedule-id', `campaign/${suite}`, '--output', 'json']);
    const cli = JSON.parse(stdout) as { schedule?: { action?: { startWorkflow?: { workflowType?: { name?: string } } }; policies?: { overlapPolicy?: string } } };
    expect(cli.schedule?.action?.startWorkflow?.workflowType?.name).toBe('upgradeCampaignWorkflow');
    expect(String(cli.schedule?.policies?.overlapPolicy ?? 'SKIP')).toMatch(/SKIP/);

    await schedules.delete(suite);
    created.pop();
    await expect(schedules.describe(suite)).rejects.toThrow(/not found/);
    await h.capstan.delete(cluster);
  }, 240_000);
});

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(200);
  }
}
