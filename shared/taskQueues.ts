/** Task queue names (DESIGN.md §Task queues). Workflows and generic activities share `capstan`. */
export const WORKFLOW_TASK_QUEUE = 'capstan';

/** Activities of one infrastructure provider run on their own queue so a provider's workers scale apart. */
export function providerTaskQueue(provider: string): string {
  return `capstan-provider-${provider}`;
}

/** Workers placed next to on-prem BMCs and hosts poll a per-site queue. */
export function siteTaskQueue(site: string): string {
  return `capstan-site-${site}`;
}
