import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import { campaignScheduleId, campaignWorkflowId, validateCampaignSpec, type CampaignSpec } from '../../shared/planners/campaign';
import { WORKFLOW_TASK_QUEUE } from '../../shared/taskQueues';
import type { CampaignWorkflowInput } from '../../workflows/campaign/definitions';
import { CampaignSpecError } from './CampaignClient';
import { buildCampaignScheduleSpec, type CampaignScheduleInput } from './campaignScheduleSpec';

export interface CampaignScheduleCreate extends CampaignScheduleInput {
  spec: CampaignSpec;
  /** start paused (e.g. created ahead of a change freeze's end) */
  paused?: boolean;
  note?: string;
  /** campaign workflow options carried into every run (tests set short polls) */
  runOptions?: Omit<CampaignWorkflowInput, 'spec' | 'carried' | 'scheduled'>;
}

/** One scheduled campaign, as `capstan campaign schedule describe` shows it. */
export interface CampaignScheduleView {
  scheduleId: string;
  campaign: string;
  targetVersion: string;
  paused: boolean;
  note?: string;
  /** the cron expressions and calendar specs as given at creation */
  cron: string[];
  calendars: string[];
  timezone?: string;
  overlap: string;
  catchupWindowMs: number;
  nextRuns: string[];
  /** runs started so far (newest last): each is a campaign of its own, `capstan campaign status <name>` */
  recentRuns: Array<{ scheduledAt: string; startedAt: string; campaign: string; workflowId: string }>;
  runningCampaigns: string[];
}

/**
 * Temporal Schedules that start upgrade campaigns (issue 5 §2). Each run is its own campaign
 * workflow, `campaign/<name>-<scheduled time>`, with the spec pinned when the Schedule was
 * created. Overlap is SKIP: a run still going when the next time comes means that time is skipped
 * (two campaigns must never move the same clusters at once). The Schedule is a plain Temporal
 * Schedule: the Web UI's Schedules page and `temporal schedule ...` operate it too.
 */
export class CampaignSchedules {
  constructor(
    readonly client: Client,
    readonly taskQueue: string = WORKFLOW_TASK_QUEUE,
  ) {}

  /** Validates the campaign spec and the schedule input (every issue, by field) before creating anything. */
  async create(req: CampaignScheduleCreate): Promise<ScheduleHandle> {
    const specIssues = validateCampaignSpec(req.spec);
    if (specIssues.length) throw new CampaignSpecError(specIssues);
    const { spec, catchupWindowMs } = buildCampaignScheduleSpec(req);
    const scheduleId = campaignScheduleId(req.spec.name);
    const args: [CampaignWorkflowInput] = [{ ...(req.runOptions ?? {}), spec: req.spec, scheduled: { scheduleId } }];
    return this.client.schedule.create({
      scheduleId,
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: 'upgradeCampaignWorkflow',
        // Temporal appends `-<scheduled time>`: each run gets its own ID and name
        workflowId: campaignWorkflowId(req.spec.name),
        taskQueue: this.taskQueue,
        args,
        staticSummary: `scheduled upgrade campaign ${req.spec.name}: to ${req.spec.targetVersion ?? 'staged changes'}`,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: catchupWindowMs, pauseOnFailure: false },
      state: { paused: req.paused ?? false, ...(req.note ? { note: req.note } : {}) },
      // the server turns cron into calendars; the texts as given are kept for describe
      memo: { campaign: req.spec.name, targetVersion: req.spec.targetVersion ?? 'staged changes', cron: req.cron ?? [], calendars: req.calendars ?? [] },
    });
  }

  handle(name: string): ScheduleHandle {
    return this.client.schedule.getHandle(campaignScheduleId(name));
  }

  async describe(name: string): Promise<CampaignScheduleView> {
    return toView(await this.call(name, (h) => h.describe()));
  }

  async list(): Promise<CampaignScheduleView[]> {
    const views: CampaignScheduleView[] = [];
    for await (const s of this.client.schedule.list()) {
      if (!s.scheduleId.startsWith('campaign/')) continue;
      views.push(await this.describe(s.scheduleId.slice('campaign/'.length)));
    }
    return views.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
  }

  pause(name: string, note = 'paused with capstan campaign schedule pause'): Promise<void> {
    return this.call(name, (h) => h.pause(note));
  }

  unpause(name: string, note = 'unpaused with capstan campaign schedule unpause'): Promise<void> {
    return this.call(name, (h) => h.unpause(note));
  }

  /** Starts a run now; SKIP still applies, so a run already going means nothing starts. */
  trigger(name: string): Promise<void> {
    return this.call(name, (h) => h.trigger(ScheduleOverlapPolicy.SKIP));
  }

  /**
   * Takes the runs the Schedule would have started between `start` and `end` (e.g. missed during a
   * freeze), one after another: BUFFER_ALL queues them instead of skipping overlaps.
   */
  backfill(name: string, start: Date, end: Date): Promise<void> {
    if (!(start < end)) throw new Error(`backfill: --from (${start.toISOString()}) must be before --to (${end.toISOString()})`);
    return this.call(name, (h) => h.backfill({ start, end, overlap: ScheduleOverlapPolicy.BUFFER_ALL }));
  }

  /** Deletes the Schedule; runs already started continue (they are campaigns of their own). */
  delete(name: string): Promise<void> {
    return this.call(name, (h) => h.delete());
  }

  private async call<T>(name: string, fn: (h: ScheduleHandle) => Promise<T>): Promise<T> {
    try {
      return await fn(this.handle(name));
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw new Error(`campaign schedule ${name} not found (schedule ID ${campaignScheduleId(name)})`);
      throw err;
    }
  }
}

function toView(d: ScheduleDescription): CampaignScheduleView {
  const memo = (d.memo ?? {}) as { campaign?: string; targetVersion?: string; cron?: string[]; calendars?: string[] };
  const runName = (workflowId: string) => workflowId.slice('campaign/'.length);
  return {
    scheduleId: d.scheduleId,
    campaign: memo.campaign ?? d.scheduleId.slice('campaign/'.length),
    targetVersion: memo.targetVersion ?? '',
    paused: d.state.paused,
    ...(d.state.note ? { note: d.state.note } : {}),
    cron: memo.cron ?? [],
    calendars: memo.calendars ?? [],
    ...(d.spec.timezone ? { timezone: d.spec.timezone } : {}),
    overlap: d.policies.overlap ?? ScheduleOverlapPolicy.SKIP,
    catchupWindowMs: d.policies.catchupWindow,
    nextRuns: d.info.nextActionTimes.map((t) => t.toISOString()),
    recentRuns: d.info.recentActions.map((a) => ({
      scheduledAt: a.scheduledAt.toISOString(),
      startedAt: a.takenAt.toISOString(),
      workflowId: a.action.workflow.workflowId,
      campaign: runName(a.action.workflow.workflowId),
    })),
    runningCampaigns: d.info.runningActions.map((a) => runName(a.workflow.workflowId)),
  };
}
