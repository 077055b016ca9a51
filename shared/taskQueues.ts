/** Task queue names (DESIGN.md §Task queues). Workflows and generic activities share `capstan`. */
export const WORKFLOW_TASK_QUEUE = 'capstan';

/**
 * Activities of one infrastructure provider run on their own queue so a provider's workers scale
 * apart: `capstan-provider-<name>`. The prefix is the workflow task queue, so an isolated
 * deployment (or a test) on queue `capstan-x` talks only to `capstan-x-provider-<name>`.
 */
export function providerTaskQueue(provider: string, workflowTaskQueue: string = WORKFLOW_TASK_QUEUE): string {
  return `${workflowTaskQueue}-provider-${provider}`;
}

/** Workers placed next to on-prem BMCs and hosts poll a per-site queue. */
export function siteTaskQueue(site: string, workflowTaskQueue: string = WORKFLOW_TASK_QUEUE): string {
  return `${workflowTaskQueue}-site-${site}`;
}
