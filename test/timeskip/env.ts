/**
 * A time-skipping Temporal environment (the native test server installed by `npm run setup`), a
 * simulated cloud on loopback, and Capstan's real workers on a task queue of their own.
 *
 * The test server skips time only while nothing holds its time lock: a workflow task in flight,
 * any scheduled or running activity, and the client itself (the SDK keeps a client lock, lifted
 * only inside `handle.result()` and `env.sleep()`). So these tests run workflows whose waits are
 * durable timers between quick activities — a heartbeating long-poll (awaitNode, awaitMachine…)
 * would pin the clock to real time for as long as it runs.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { SimClient } from '../../activities/providers/sim';
import type { SimLatencies } from '../../activities/providers/sim/simApi';
import { startSimServer, type SimServer } from '../../scripts/sim/server';
import { temporalTestServerPath } from '../../scripts/temporal/paths';
import { loadWorkerConfig, type WorkerConfig } from '../../workers/config';
import { createWorkers, runWorkers } from '../../workers/createWorkers';

try {
  Runtime.install({ logger: new DefaultLogger((process.env.CAPSTAN_TEST_LOG_LEVEL as 'ERROR' | undefined) ?? 'ERROR') });
} catch {
  // already installed by an earlier test file in this process
}

/** Fast enough that building a sim cluster takes well under a second of real time. */
export const TIMESKIP_LATENCIES: Partial<SimLatencies> = {
  clusterInfraMs: 20,
  provisionMs: 40,
  bootMs: 20,
  deleteMs: 20,
  rescheduleMs: 30,
  podTerminationMs: 50,
  volumeDetachMs: 20,
};

/**
 * Per-test hang guard. Skipping is not free: each workflow task or activity costs a few ms of
 * real time, so hours of a 20 s drain loop take tens of seconds on a busy 2-core runner.
 */
export const HANG_GUARD_MS = 300_000;

export interface TimeSkipEnv {
  env: TestWorkflowEnvironment;
  sim: SimClient;
  taskQueue: string;
  /** server time (skipped time included), as workflows see it */
  now(): Promise<number>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startTimeSkipEnv(opts: { latencies?: Partial<SimLatencies> } = {}): Promise<TimeSkipEnv> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  let simServer: SimServer | undefined;
  let workers: Worker[] = [];
  let running: Promise<void> | undefined;
  try {
    simServer = await startSimServer({ host: '127.0.0.1', port: 0, latencies: opts.latencies ?? TIMESKIP_LATENCIES });
    const taskQueue = `capstan-timeskip-${process.pid}-${++counter}`;
    const config: WorkerConfig = { ...loadWorkerConfig({}), taskQueue, simUrl: simServer.url, pollIntervalMs: 20 };
    workers = await createWorkers(env.nativeConnection, config);
    running = runWorkers(workers);
    const server = simServer;
    return {
      env,
      sim: new SimClient(server.url),
      taskQueue,
      now: () => env.currentTimeMs(),
      async stop() {
        workers.forEach((w) => w.shutdown());
        await running;
        await server.close();
        await env.teardown();
      },
    };
  } catch (err) {
    workers.forEach((w) => w.shutdown());
    await running?.catch(() => undefined);
    await simServer?.close();
    await env.teardown();
    throw err;
  }
}
