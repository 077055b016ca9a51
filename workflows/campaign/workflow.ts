import { createUpdateBarrier } from '../common/updateBarrier';
import { nowMs } from '../common/time';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import {
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { GenericActivities } from '../../activities';
import { ErrorTypes } from '../../shared/errors';
import {
  applyAbort,
  applyApprove,
  applyPause,
  applyResume,
  applyRetryFailed,
  applySkipCluster,
  applySkipWave,
  campaignStatus,
  campaignWorkflowId,
  scheduledCampaignRunName,
  planCampaign,
  recordObservations,
  recordUpgradeRefused,
  recordUpgradeRequested,
  snapshotCampaign,
  UPGRADE_REFUSED_ERROR,
  validateAbort,
  validateApprove,
  validateCampaignSpec,
  validatePause,
  validateResume,
  validateRetryFailed,
  validateSkipCluster,
  validateSkipWave,
  type CampaignPlan,
  type CampaignSnapshot,
  type CampaignSpecIssue,
  type CampaignState,
  type AbortRequest,
  type ApproveRequest,
  type OperatorResult,
  type PauseRequest,
  type RetryFailedRequest,
  type SkipClusterRequest,
  type SkipWaveRequest,
  type StartRequest,
} from '../../shared/planners/campaign';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import {
  abortCampaignUpdate,
  approveCampaignUpdate,
  campaignStatusQuery,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  retryFailedUpdate,
  skipClusterUpdate,
  skipWaveUpdate,
  type CampaignStatusView,
  type CampaignWorkflowInput,
} from './definitions';

const DEFAULT_POLL_MS = 5_000;
const DEFAULT_WATCH_MAX_WAIT_MS = 5 * 60_000;

// Generic activities run on the workflow's own task queue (the default of proxyActivities).
const reads = proxyActivities<GenericActivities>({
  startToCloseTimeout: '10m',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});
const resolution = proxyActivities<GenericActivities>({
  startToCloseTimeout: '10m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 10 },
});
const requests = proxyActivities<GenericActivities>({
  startToCloseTimeout: '1m',
  scheduleToCloseTimeout: '15m',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [UPGRADE_REFUSED_ERROR, ErrorTypes.NotFound] },
});

function formatIssues(issues: readonly CampaignSpecIssue[]): string {
  return `invalid campaign: ${issues.map((i) => `${i.path || '(spec)'}: ${i.message} [${i.rule}]`).join('; ')}`;
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.InvalidSpec, message, nonRetryable: true });
}

/**
 * A fleet upgrade campaign (`campaign/<name>`): waves one after the other, the groups of a wave
 * in parallel, clusters started under each scope's concurrency cap, each cluster's upgrade sent
 * as its own workflow's `upgrade` Update and judged done only by fresh `describe` reads of that
 * workflow; a failure budget that pauses the campaign; soak (durable timer) and approval gates
 * that run together; operator Updates; continue-as-new between waits.
 *
 * Every decision is planCampaign's (shared/planners/campaign); this loop observes, applies and
 * waits. The spec and the selected clusters are resolved once, at start, and carried.
 */
export async function upgradeCampaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignStatusView> {
  const pollIntervalMs = input.pollIntervalMs ?? DEFAULT_POLL_MS;
  const watchMaxWaitMs = input.watchMaxWaitMs ?? DEFAULT_WATCH_MAX_WAIT_MS;
  let snapshot: CampaignSnapshot;
  let state: CampaignState;

  setHandler(campaignStatusQuery, () => {
    if (!snapshot) throw new Error('the campaign is still resolving its clusters');
    return campaignStatus(snapshot, state, nowMs());
  });

  if (input.carried) {
    ({ snapshot, state } = input.carried);
  } else {
    const issues = validateCampaignSpec(input.spec);
    if (issues.length > 0 || !input.spec) throw invalid(formatIssues(issues));
    let spec = input.spec;
    const workflowId = workflowInfo().workflowId;
    if (input.scheduled) {
      // Each run of a Schedule is its own campaign, named after its own workflow ID.
      const runName = scheduledCampaignRunName(spec.name, workflowId);
      if (!runName) {
        throw invalid(`a scheduled run's workflow ID must be ${campaignWorkflowId(spec.name)}-<scheduled time> (schedule ${input.scheduled.scheduleId}), not ${workflowId}`);
      }
      spec = { ...spec, name: runName };
    } else if (workflowId !== campaignWorkflowId(spec.name)) {
      throw invalid(`the workflow ID must be ${campaignWorkflowId(spec.name)} (the campaign's name is its business key), not ${workflowId}`);
    }
    // The one visibility read of the campaign: which clusters exist. Each is then read through its own workflow.
    const fleet = await resolution.resolveCampaignClusters({
      ...(spec.clusters?.namespace ? { namespace: spec.clusters.namespace } : {}),
      ...(spec.clusters?.selector ? { selector: spec.clusters.selector } : {}),
      at: nowMs(),
      seq: 1,
    });
    const resolved = snapshotCampaign(spec, fleet, nowMs());
    if (!resolved.ok) throw invalid(formatIssues(resolved.issues));
    ({ snapshot, state } = resolved);
  }

  let dirty = false;
  // Operator Updates complete after the main loop took their change in (see updateBarrier.ts);
  // runs recorded before kept completing at once.
  const updates = createUpdateBarrier(patched('update-completes-after-pass'));
  /** An operator Update: validated (rejected Updates never enter history), then applied to the live state. */
  function operator<Req>(validate: (req: Req) => void, apply: (req: Req, now: number) => OperatorResult) {
    return [
      (req: Req): OperatorResult | Promise<OperatorResult> => {
        try {
          const r = apply(req, nowMs());
          dirty = true;
          return updates.complete(r);
        } catch (err) {
          // the validator ran on this same state, so this is not expected; fail the Update, not the workflow
          throw ApplicationFailure.create({ type: 'CampaignActionRefused', message: err instanceof Error ? err.message : String(err), nonRetryable: true });
        }
      },
      { validator: (req: Req) => validate(req) },
    ] as const;
  }
  setHandler(approveCampaignUpdate, ...operator<ApproveRequest>((r) => validateApprove(snapshot, state, r), (r, now) => applyApprove(snapshot, state, r, now)));
  setHandler(pauseCampaignUpdate, ...operator<PauseRequest>((r) => validatePause(snapshot, state, r), (r, now) => applyPause(snapshot, state, r, now)));
  const [resume, resumeOptions] = operator<void>(() => validateResume(snapshot, state), (_r, now) => applyResume(snapshot, state, now));
  setHandler(resumeCampaignUpdate, () => resume(undefined), { validator: () => resumeOptions.validator(undefined) });
  setHandler(skipClusterUpdate, ...operator<SkipClusterRequest>((r) => void validateSkipCluster(snapshot, state, r), (r, now) => applySkipCluster(snapshot, state, r, now)));
  setHandler(skipWaveUpdate, ...operator<SkipWaveRequest>((r) => void validateSkipWave(snapshot, state, r), (r, now) => applySkipWave(snapshot, state, r, now)));
  setHandler(abortCampaignUpdate, ...operator<AbortRequest>(() => validateAbort(snapshot, state), (r, now) => applyAbort(snapshot, state, r, now)));
  setHandler(retryFailedUpdate, ...operator<RetryFailedRequest>((r) => validateRetryFailed(snapshot, state, r), (r, now) => applyRetryFailed(snapshot, state, r, now)));

  /** a staged rollout's activities promote revisions and watch them (version campaigns send nothing extra) */
  const staged = snapshot.kind === 'staged' ? { kind: 'staged' as const } : {};
  async function requestUpgrade(req: StartRequest): Promise<void> {
    try {
      const result = await requests.requestClusterUpgrade({ campaign: snapshot.name, key: req.key, version: req.version, attempt: req.attempt, ...staged });
      recordUpgradeRequested(snapshot, state, req, result, nowMs());
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = err instanceof ActivityFailure && err.cause ? err.cause.message : err instanceof Error ? err.message : String(err);
      recordUpgradeRefused(state, req, cause, nowMs(), snapshot.kind === 'staged');
    }
  }

  async function observe(keys: string[]): Promise<void> {
    const seq = ++state.seq;
    recordObservations(state, await reads.observeCampaignClusters({ keys, seq, at: nowMs() }), nowMs());
  }

  // Watches heartbeat every poll; the whole watch is bounded by its own maximum wait.
  const proxyWatch = proxyActivities<GenericActivities>({
    startToCloseTimeout: watchMaxWaitMs + 5 * 60_000,
    // reads heartbeat after every cluster (each bounded by a 10 s query timeout) and every poll
    heartbeatTimeout: Math.max(30_000, 3 * pollIntervalMs),
    retry: { initialInterval: '1s', maximumInterval: '30s' },
  });

  /** Until a watched cluster changes, the plan's wake-up time, or an operator's Update. */
  async function waitForChange(plan: CampaignPlan): Promise<void> {
    let settled = false;
    const scope = new CancellationScope();
    if (plan.watch.length > 0) {
      const seq = ++state.seq;
      scope
        .run(() =>
          proxyWatch.watchCampaignClusters({ clusters: plan.watch, seq, at: nowMs(), pollIntervalMs, maxWaitMs: watchMaxWaitMs, ...staged }),
        )
        .then(
          (observations) => {
            recordObservations(state, observations, nowMs());
            settled = true;
          },
          (err: unknown) => {
            if (!isCancellation(err)) {
              log.warn('campaign watch failed; re-planning', { error: String(err) });
              settled = true;
            }
          },
        );
    }
    const wait = () => dirty || settled;
    if (plan.wakeAt !== undefined) await condition(wait, Math.max(1, plan.wakeAt - nowMs()));
    else if (plan.watch.length > 0) await condition(wait);
    else await condition(() => dirty);
    if (!settled) scope.cancel();
  }

  let lastDetails = '';
  function publish(): void {
    const view = campaignStatus(snapshot, state, nowMs(), 0);
    const details = `${view.phase}${view.activeWave ? ` — wave ${view.activeWave}` : ''}: ${view.counts.Succeeded}/${view.counts.total} upgraded, ${view.counts.Upgrading} upgrading, ${view.counts.Failed} failed${view.waiting ? ` — ${view.waiting}` : ''}`;
    if (details !== lastDetails) {
      setCurrentDetails(details);
      lastDetails = details;
    }
  }

  for (;;) {
    dirty = false;
    updates.taken();
    const plan = planCampaign({ snapshot, state, now: nowMs(), settleStartedWave: patched('campaign-settle-started-wave') });
    state = plan.state;
    publish();
    if (plan.finished) break;
    if (plan.start.length > 0) {
      await Promise.all(plan.start.map(requestUpgrade));
      continue;
    }
    if (plan.observe.length > 0) {
      await observe(plan.observe);
      continue;
    }
    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      // A clean point: no activity in flight; let accepted Updates finish so none is lost.
      updates.release();
      await drainHandlers();
      await continueAsNew<typeof upgradeCampaignWorkflow>({
        pollIntervalMs: input.pollIntervalMs,
        watchMaxWaitMs: input.watchMaxWaitMs,
        continueAsNewAfterEvents: input.continueAsNewAfterEvents,
        carried: { snapshot, state },
      });
    }
    await waitForChange(plan);
  }
  updates.release();
  await drainHandlers();
  return campaignStatus(snapshot, state, nowMs());
}
