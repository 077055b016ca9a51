import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { CapstanClient } from '../../scripts/client/CapstanClient';
import { startSimServer } from '../../scripts/sim/server';
import type { SimLatencies } from '../../scripts/sim/latencies';
import type { SimSettings } from '../../activities/providers/sim/simWorkloadApi';
import { loadWorkerConfig, type WorkerConfig } from '../../workers/config';
import { createWorkers, runWorkers } from '../../workers/createWorkers';

// Worker logs only when something is wrong; expected failures (InvalidSpec tests) still show as ERROR.
try {
  Runtime.install({ logger: new DefaultLogger((process.env.CAPSTAN_TEST_LOG_LEVEL as 'ERROR' | undefined) ?? 'ERROR') });
} catch {
  // already installed by an earlier test file in this process
}

export const FAST_LATENCIES: Partial<SimLatencies> = { clusterInfraMs: 50, provisionMs: 150, bootMs: 100, deleteMs: 50 };

let counter = 0;
/** Unique per test run, so clusters of earlier runs on a reused server never collide. */
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export interface Harness {
  address: string;
  taskQueue: string;
  simUrl: string;
  client: Client;
  capstan: CapstanClient;
  workerConfig: WorkerConfig;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  world(): Promise<SimWorld>;
  stop(): Promise<void>;
}

export interface SimWorld {
  clusters: Array<{ namespace: string; name: string }>;
  machines: Array<{ namespace: string; cluster: string; name: string; state: string }>;
  nodes: Array<{ namespace: string; cluster: string; name: string }>;
}

/**
 * A real Temporal dev server (shared, from globalSetup), a real simulated-cloud server on loopback,
 * and Capstan workers in this process on a task queue unique to the test file.
 */
export async function startHarness(
  opts: { latencies?: Partial<SimLatencies>; startWorkers?: boolean; settings?: Partial<SimSettings> } = {},
): Promise<Harness> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run workflow tests through jest (globalSetup starts the server)');
  const sim = await startSimServer({
    host: '127.0.0.1',
    port: 0,
    latencies: opts.latencies ?? FAST_LATENCIES,
    ...(opts.settings ? { settings: opts.settings } : {}),
  });
  const taskQueue = uniqueName('capstan-test');
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const capstan = await CapstanClient.connect({ client, taskQueue });
  const workerConfig: WorkerConfig = {
    ...loadWorkerConfig({}),
    temporalAddress: address,
    taskQueue,
    simUrl: sim.url,
    pollIntervalMs: 50,
    // cluster CAs of this test file only, removed at stop
    secretsDir: mkdtempSync(join(tmpdir(), 'capstan-test-secrets-')),
  };
  let nativeConnection: NativeConnection | undefined;
  let workers: Worker[] = [];
  let running: Promise<void> | undefined;

  const harness: Harness = {
    address,
    taskQueue,
    simUrl: sim.url,
    client,
    capstan,
    workerConfig,
    async startWorkers() {
      nativeConnection ??= await NativeConnection.connect({ address });
      workers = await createWorkers(nativeConnection, workerConfig);
      running = runWorkers(workers);
    },
    async stopWorkers() {
      workers.forEach((w) => w.shutdown());
      await running;
      workers = [];
      running = undefined;
    },
    async world() {
      const r = await fetch(`${sim.url}/v1/world`);
      return (await r.json()) as SimWorld;
    },
    async stop() {
      await harness.stopWorkers();
      await nativeConnection?.close();
      await connection.close();
      await sim.close();
      rmSync(workerConfig.secretsDir, { recursive: true, force: true });
    },
  };
  if (opts.startWorkers !== false) await harness.startWorkers();
  return harness;
}

export function machinesOf(world: SimWorld, cluster: string): SimWorld['machines'] {
  return world.machines.filter((m) => m.cluster === cluster);
}

export function nodesOf(world: SimWorld, cluster: string): SimWorld['nodes'] {
  return world.nodes.filter((n) => n.cluster === cluster);
}
