/**
 * Names the campaign's activities use to talk to cluster workflows. Activities import only
 * shared/, so the cluster workflow's query and Update are named here too; a unit test checks
 * they equal the definitions in workflows/cluster/definitions.ts.
 */
export const CLUSTER_WORKFLOW_TYPE = 'clusterWorkflow';
export const CLUSTER_DESCRIBE_QUERY = 'describe';
export const CLUSTER_UPGRADE_UPDATE = 'upgrade';
/** the Update that applies a staged change (a staged rollout's step) */
export const CLUSTER_PROMOTE_UPDATE = 'promoteStaged';

/** Error type of an upgrade the cluster workflow's validator refused: terminal for that cluster (not retried). */
export const UPGRADE_REFUSED_ERROR = 'UpgradeRefused';

/** The campaign's workflow ID: the business key (DESIGN.md). */
export const campaignWorkflowId = (name: string): string => `campaign/${name}`;

/**
 * The Update ID of one upgrade request: the same campaign, cluster, step and attempt always
 * produce the same ID, so a retried activity (a worker killed mid-call) is deduplicated by
 * Temporal itself, on top of the cluster's own idempotency (an unchanged version is a no-op).
 */
export const upgradeRequestId = (campaign: string, clusterKey: string, version: string, attempt: number): string =>
  `campaign/${campaign}/${clusterKey}/${version}/${attempt}`;

/** The Schedule that starts runs of a campaign (`capstan campaign schedule`). */
export const campaignScheduleId = (name: string): string => `campaign/${name}`;

/**
 * The name of one run of a scheduled campaign. A Schedule starts each run with its action's
 * workflow ID (`campaign/<name>`) plus `-<scheduled time>` (RFC 3339), so each run has its own
 * ID; the run takes the part after `campaign/` as its name (e.g. `weekly-2026-12-01T02:00:00Z`),
 * which is what `capstan campaign status` takes and what keeps its upgrade Update IDs apart from
 * the other runs'. Undefined when the ID is not of that form.
 */
export function scheduledCampaignRunName(specName: string, workflowId: string): string | undefined {
  const prefix = `${campaignWorkflowId(specName)}-`;
  if (!workflowId.startsWith(prefix) || workflowId.length === prefix.length) return undefined;
  return workflowId.slice('campaign/'.length);
}
