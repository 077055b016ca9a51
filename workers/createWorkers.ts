import { Worker, bundleWorkflowCode, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { Context } from '@temporalio/activity';
import { createActivities, createGenericActivities } from '../activities';
import { CapstanClient } from '../scripts/client/CapstanClient';
import { fleetClustersOf } from '../scripts/client/fleetClusters';
import { providerTaskQueue } from '../shared/taskQueues';
import type { WorkerConfig } from './config';
import { providerDeps } from './providers';
import { FileSecretStore } from '../activities/secrets/secretStore';

let cachedBundle: Promise<WorkflowBundle> | undefined;

/** Bundles the workflow code once per process (webpack takes seconds; tests start many workers). */
export function workflowBundle(): Promise<WorkflowBundle> {
  cachedBundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quietBundlerLogger });
  return cachedBundle;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

/**
 * One worker for workflows (and generic activities) on `capstan` and one activity worker per provider on
 * `capstan-provider-<name>` (DESIGN.md task queues). Returns them unstarted: `runWorkers` runs them.
 */
export async function createWorkers(connection: NativeConnection, config: WorkerConfig): Promise<Worker[]> {
  const workers: Worker[] = [];
  if (config.runWorkflows) {
    workers.push(
      await Worker.create({
        connection,
        namespace: config.namespace,
        taskQueue: config.taskQueue,
        workflowBundle: await workflowBundle(),
        maxCachedWorkflows: config.maxCachedWorkflows,
        // provider-free activities (fleet campaigns, lifecycle hooks, fleet sync) run next to the workflows, on `capstan`
        activities: createGenericActivities({
          fleetClusters: async () =>
            fleetClustersOf(await CapstanClient.connect({ client: Context.current().client, taskQueue: config.taskQueue })),
        }),
      }),
    );
  }
  for (const provider of config.providers) {
    workers.push(
      await Worker.create({
        connection,
        namespace: config.namespace,
        taskQueue: providerTaskQueue(provider, config.taskQueue),
        activities: createActivities({
          ...providerDeps(provider, config),
          secrets: new FileSecretStore(config.secretsDir),
          bootstrapTokenTtlSeconds: config.bootstrapTokenTtlSeconds,
        }),
        maxConcurrentActivityTaskExecutions: 500,
      }),
    );
  }
  return workers;
}

/** Runs all workers until one fails or all are shut down. */
export async function runWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.run()));
}
