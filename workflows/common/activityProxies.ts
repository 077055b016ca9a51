import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/common';
import type { CapstanActivities } from '../../activities';
import { providerTaskQueue } from '../../shared/taskQueues';
import { ErrorTypes, TERMINAL_ERROR_TYPES } from '../../shared/errors';

/**
 * Activity proxies per provider: every call to infrastructure runs on `capstan-provider-<name>`,
 * so a provider's workers can be scaled and placed apart from the workflow workers.
 * Waits are heartbeating activities: a worker killed mid-wait is noticed within the heartbeat
 * timeout and the wait resumes on another (or the restarted) worker.
 */
const retry: RetryPolicy = {
  initialInterval: '200ms',
  backoffCoefficient: 2,
  maximumInterval: '10s',
  nonRetryableErrorTypes: [...TERMINAL_ERROR_TYPES, ErrorTypes.NotFound],
};

interface ProviderProxies {
  quick: CapstanActivities;
  waits: CapstanActivities;
  /**
   * A few attempts, then the error reaches the workflow: for steps a planner re-decides anyway
   * (an etcd member removal refused for quorum must not block the loop retrying the same call).
   */
  bounded: CapstanActivities;
}

const cache = new Map<string, ProviderProxies>();

export function providerActivities(provider: string): ProviderProxies {
  let entry = cache.get(provider);
  if (!entry) {
    const taskQueue = providerTaskQueue(provider, workflowInfo().taskQueue);
    entry = {
      // Short calls: a worker killed mid-call is noticed after this timeout, so keep it near the calls' real bound.
      quick: proxyActivities<CapstanActivities>({ taskQueue, startToCloseTimeout: '20s', retry }),
      waits: proxyActivities<CapstanActivities>({
        taskQueue,
        startToCloseTimeout: '2h',
        heartbeatTimeout: '10s',
        retry,
      }),
      bounded: proxyActivities<CapstanActivities>({
        taskQueue,
        startToCloseTimeout: '30s',
        retry: { ...retry, maximumAttempts: 3 },
      }),
    };
    cache.set(provider, entry);
  }
  return entry;
}

/**
 * Activities bounded by CAPI's nodeDeletionTimeout: retried until `timeoutSeconds` has passed, then
 * the error reaches the workflow, which goes on without the Node deletion. 0 retries forever.
 */
export function nodeDeletionActivities(provider: string, timeoutSeconds: number): CapstanActivities {
  const taskQueue = providerTaskQueue(provider, workflowInfo().taskQueue);
  return proxyActivities<CapstanActivities>({
    taskQueue,
    startToCloseTimeout: '20s',
    ...(timeoutSeconds > 0 ? { scheduleToCloseTimeout: `${timeoutSeconds}s` } : {}),
    retry,
  });
}
