/**
 * A fleet of fake cluster workflows for campaign tests about *time* (soak, approvals, windows):
 * the cluster upgrade is not their subject, so clusters are in-memory records that answer the
 * `describe` query and the `upgrade` Update the way a cluster workflow does (an upgrade completes
 * after a few reads). The campaign's real activities (activities/campaign) run against it through
 * a fake Temporal client; the campaign workflow itself is the real one, on a time-skipping server.
 *
 * Real cluster workflows would pin the test server's clock with their heartbeating long-polls;
 * the dev-server test (test/workflows/campaign.test.ts) upgrades real sim clusters instead.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createCampaignActivities } from '../../activities/campaign';
import { temporalTestServerPath } from '../../scripts/temporal/paths';
import { workflowBundle } from '../../workers/createWorkers';
import type { FakeFleet } from './fakeFleet';

export { FakeFleet, type FakeClusterSpec } from './fakeFleet';

try {
  Runtime.install({ logger: new DefaultLogger((process.env.CAPSTAN_TEST_LOG_LEVEL as 'ERROR' | undefined) ?? 'ERROR') });
} catch {
  // already installed
}

export interface CampaignTimeEnv {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  now(): Promise<number>;
  stop(): Promise<void>;
}

let counter = 0;

/** A time-skipping server and a worker running the real workflow bundle with the campaign activities over `fleet`. */
export async function startCampaignTimeEnv(fleet: FakeFleet): Promise<CampaignTimeEnv> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
  const taskQueue = `campaign-timeskip-${process.pid}-${++counter}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createCampaignActivities({ client: () => fleet.client() }),
  });
  const running = worker.run();
  return {
    env,
    taskQueue,
    now: () => env.currentTimeMs(),
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
