import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AbortRequest,
  ApproveRequest,
  CampaignSnapshot,
  CampaignSpec,
  CampaignState,
  CampaignStatusView,
  OperatorResult,
  PauseRequest,
  RetryFailedRequest,
  SkipClusterRequest,
  SkipWaveRequest,
} from '../../shared/planners/campaign';

export interface CampaignWorkflowInput {
  /** the campaign; snapshotted (with the clusters it selects) at start, never re-read */
  spec?: CampaignSpec;
  /** how often a watch re-reads the clusters in flight (default 5 s; tests set it low) */
  pollIntervalMs?: number;
  /** the longest single watch before the campaign re-plans on its own (default 5 min) */
  watchMaxWaitMs?: number;
  /** history length that triggers continue-as-new (tests set it low) */
  continueAsNewAfterEvents?: number;
  /**
   * Set by a Schedule's action (`capstan campaign schedule`): this run's workflow ID is
   * `campaign/<spec.name>-<scheduled time>`, and that suffixed name is the run's name.
   */
  scheduled?: { scheduleId: string };
  /** the state of the previous run, after continue-as-new */
  carried?: { snapshot: CampaignSnapshot; state: CampaignState };
}

/** Waves, groups and clusters with reasons and timings (`capstan campaign status`). */
export const campaignStatusQuery = defineQuery<CampaignStatusView>('status');
/** Approves the gate awaiting approval (named by wave, and group, when several do). */
export const approveCampaignUpdate = defineUpdate<OperatorResult, [ApproveRequest]>('approve');
/** Stops starting cluster upgrades; those already requested finish. */
export const pauseCampaignUpdate = defineUpdate<OperatorResult, [PauseRequest]>('pause');
/** Lifts a pause (refused while a failure budget is still exceeded). */
export const resumeCampaignUpdate = defineUpdate<OperatorResult, []>('resume');
export const skipClusterUpdate = defineUpdate<OperatorResult, [SkipClusterRequest]>('skipCluster');
/** Skips every cluster of a wave not yet upgrading, and waives its gates. */
export const skipWaveUpdate = defineUpdate<OperatorResult, [SkipWaveRequest]>('skipWave');
/** Ends the campaign; cluster upgrades already requested continue on their own. */
export const abortCampaignUpdate = defineUpdate<OperatorResult, [AbortRequest]>('abort');
/** Queues the failed clusters of the active wave again, with the same pinned versions. */
export const retryFailedUpdate = defineUpdate<OperatorResult, [RetryFailedRequest]>('retryFailed');

export type { CampaignStatusView, OperatorResult };
