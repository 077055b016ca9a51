import type { Client } from '@temporalio/client';
import { campaignActivities } from './fleet';

export { UPGRADE_REFUSED } from './fleet';
export type { ObserveClustersInput, RequestUpgradeInput, RequestUpgradeResult, ResolveClustersInput, WatchClustersInput } from './fleet';

/**
 * Activities that talk to Temporal itself rather than to a provider (fleet campaigns). They use
 * the worker's client from the activity context, so they need no provider dependencies.
 */
export function createCampaignActivities(opts: { client?: () => Client } = {}) {
  return campaignActivities(opts);
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;
