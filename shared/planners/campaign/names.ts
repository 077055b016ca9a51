/**
 * Names the campaign's activities use to talk to cluster workflows. Activities import only
 * shared/, so the cluster workflow's query and Update are named here too; a unit test checks
 * they equal the definitions in workflows/cluster/definitions.ts.
 */
export const CLUSTER_WORKFLOW_TYPE = 'clusterWorkflow';
export const CLUSTER_DESCRIBE_QUERY = 'describe';
export const CLUSTER_UPGRADE_UPDATE = 'upgrade';

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
