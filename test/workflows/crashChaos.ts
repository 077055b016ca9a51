/**
 * Helpers for crash tests that SIGKILL the real worker process (`workers/main.ts`) at seeded random
 * points of an operation and restart it: the worker process, a seeded PRNG, the kill loop, describe
 * calls that tolerate a dead worker (queries need one), and a dump of workflow histories for the
 * diagnosis of a failure (the dev server is in-memory and gone after the run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { ResourceKey } from '../../shared/ids';
import type { ClusterDescription } from '../../shared/status/types';
import type { Harness, SimWorld } from './harness';

const ROOT = join(__dirname, '..', '..');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** mulberry32: a seeded PRNG whose state is one uint32, so a failing run replays from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * CAPSTAN_CRASH_SEED when set (replays the kill plan of the run that printed it), else one derived
 * from the clock and `salt` (so two tests of one run differ). The returned seed is the one to print.
 */
export function crashSeed(salt: number): number {
  const fromEnv = process.env.CAPSTAN_CRASH_SEED;
  if (fromEnv !== undefined && fromEnv !== '') {
    const n = Number(fromEnv);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`CAPSTAN_CRASH_SEED must be a non-negative integer, got "${fromEnv}"`);
    return n >>> 0;
  }
  return ((Date.now() % 0xffffffff) + salt) >>> 0;
}

export function uniform(rng: () => number, min: number, max: number): number {
  return Math.round(min + rng() * (max - min));
}

/** The real worker process, with its output kept (last lines) rather than printed. */
export class WorkerProcess {
  readonly proc: ChildProcess;
  readonly ready: Promise<void>;
  readonly spawnedAt = Date.now();
  readyAt: number | undefined;
  private readonly lines: string[] = [];

  constructor(
    h: Harness,
    readonly label: string,
  ) {
    this.proc = spawn(process.execPath, [join(ROOT, 'bin', 'run-ts'), join(ROOT, 'workers', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: h.address,
        CAPSTAN_TASK_QUEUE: h.taskQueue,
        CAPSTAN_SIM_URL: h.simUrl,
        CAPSTAN_POLL_INTERVAL_MS: '50',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        this.keep(text);
        // workers/main.ts prints this once the workers are created (bundle built), just before they run
        if (text.includes('capstan worker:')) {
          this.readyAt = Date.now();
          resolve();
        }
      };
      this.proc.stdout!.on('data', onData);
      this.proc.stderr!.on('data', (chunk: Buffer) => this.keep(chunk.toString()));
      this.proc.once('exit', (code, signal) => {
        this.keep(`[exit code=${code} signal=${signal}]`);
        reject(
          new Error(
            `worker ${label} exited before it was ready (code ${code}, signal ${signal}):\n${this.tail()}`,
          ),
        );
      });
    });
    // the rejection is observed by whoever awaits `ready`; never let it go unhandled
    this.ready.catch(() => undefined);
  }

  private keep(text: string): void {
    for (const line of text.split('\n')) if (line.trim()) this.lines.push(line);
    if (this.lines.length > 400) this.lines.splice(0, this.lines.length - 400);
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  tail(n = 60): string {
    return this.lines.slice(-n).join('\n');
  }

  kill(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.alive) return resolve();
      this.proc.once('exit', () => resolve());
      this.proc.kill('SIGKILL');
    });
  }
}

/** Starts a worker and waits until it runs (webpack bundling takes seconds on a busy box). */
export async function startWorkerProcess(
  h: Harness,
  label: string,
  all: WorkerProcess[],
  timeoutMs = 120_000,
): Promise<WorkerProcess> {
  const w = new WorkerProcess(h, label);
  all.push(w);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      w.ready,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`worker ${label} not ready after ${timeoutMs} ms:\n${w.tail()}`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  return w;
}

export interface KillEvent {
  kill: number;
  /** ms since the operation started (the apply) */
  atMs: number;
  /** how long after the previous (re)start became ready (or after the apply) the kill landed */
  delayMs: number;
  /** how long the worker stayed dead before the restart was spawned */
  downMs: number;
  /** how long the restarted worker took to be ready */
  restartMs: number;
  /** the cluster's machines in the sim world at the kill: name:state:version */
  worldAtKill: string;
}

/**
 * Kills the current worker `kills` times, each uniformly 200–2500 ms after the previous restart
 * became ready (the first after `since`), and restarts it 100–500 ms later. Returns the last worker.
 */
export async function killAndRestart(opts: {
  h: Harness;
  rng: () => number;
  kills: number;
  since: number;
  cluster: string;
  current: WorkerProcess;
  all: WorkerProcess[];
  events: KillEvent[];
}): Promise<WorkerProcess> {
  let current = opts.current;
  let from = opts.since;
  for (let i = 1; i <= opts.kills; i++) {
    const delayMs = uniform(opts.rng, 200, 2500);
    const downMs = uniform(opts.rng, 100, 500);
    await sleep(Math.max(0, from + delayMs - Date.now()));
    const world = await opts.h.world().catch(() => undefined);
    const atMs = Date.now() - opts.since;
    await current.kill();
    await sleep(downMs);
    const spawnedAt = Date.now();
    current = await startWorkerProcess(opts.h, `restart-${i}`, opts.all);
    from = current.readyAt ?? Date.now();
    opts.events.push({
      kill: i,
      atMs,
      delayMs,
      downMs,
      restartMs: from - spawnedAt,
      worldAtKill: world ? summarizeWorld(world, opts.cluster) : '(world unreadable)',
    });
  }
  return current;
}

export function summarizeWorld(world: SimWorld, cluster: string): string {
  const machines = world.machines as Array<SimWorld['machines'][number] & { version?: string }>;
  return machines
    .filter((m) => m.cluster === cluster)
    .map((m) => `${m.name}:${m.state}:${m.version ?? '?'}`)
    .join(' ');
}

/** describe, bounded: while no worker runs a query cannot be answered; undefined then. */
export async function tryDescribe(
  h: Harness,
  key: ResourceKey,
  timeoutMs = 2_000,
): Promise<ClusterDescription | undefined> {
  try {
    return await h.client.connection.withDeadline(Date.now() + timeoutMs, () => h.capstan.describe(key));
  } catch {
    return undefined;
  }
}

/** Polls describe until `until` holds, tolerating failed queries (a dead or restarting worker). */
export async function waitForTolerant(
  h: Harness,
  key: ResourceKey,
  until: (d: ClusterDescription) => boolean,
  opts: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<ClusterDescription> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: ClusterDescription | undefined;
  for (;;) {
    const d = await tryDescribe(h, key);
    if (d) {
      last = d;
      if (until(d)) return d;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${opts.timeoutMs} ms waiting for ${opts.what}; last description: ` +
          (last ? JSON.stringify(summarizeDescription(last)) : '(no query ever answered)'),
      );
    }
    await sleep(opts.intervalMs ?? 100);
  }
}

export function summarizeDescription(d: ClusterDescription): unknown {
  const m = (x: ClusterDescription['machineDeployments'][number]['machines'][number]) =>
    `${x.name}:${x.phase}:${x.version}${x.deletionRequestedAt ? ':deleting' : ''}`;
  return {
    phase: d.phase,
    ready: d.ready,
    generation: d.generation,
    observedGeneration: d.observedGeneration,
    waitingFor: d.waitingFor,
    controlPlane: d.controlPlane && {
      replicas: d.controlPlane.replicas,
      upToDate: d.controlPlane.upToDateReplicas,
      conditions: d.controlPlane.conditions.filter((c) => c.message).map((c) => `${c.type}: ${c.message}`),
      machines: d.controlPlane.machines.map(m),
    },
    machineDeployments: d.machineDeployments.map((md) => ({
      name: md.name,
      phase: md.phase,
      machineSets: md.machineSets,
      machines: md.machines.map(m),
    })),
  };
}

/** Running workflows whose ID starts with `prefix` (visibility; may lag a little). */
export async function runningWorkflowIds(h: Harness, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of h.client.workflow.list({
    query: `WorkflowId STARTS_WITH "${prefix}" AND ExecutionStatus = "Running"`,
  })) {
    ids.push(wf.workflowId);
  }
  return ids.sort();
}

/**
 * Writes the histories of every workflow of the cluster (cluster, kcp, md, machine, drain) to
 * `dir`, one JSON file per run, for `temporal workflow show --input`-style reading after the run.
 */
export async function dumpHistories(h: Harness, cluster: ResourceKey, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const kind of ['cluster', 'kcp', 'md', 'machine', 'drain', 'mhc']) {
    const prefix = `${kind}/${cluster.namespace}/${cluster.name}`;
    for await (const wf of h.client.workflow.list({ query: `WorkflowId STARTS_WITH "${prefix}"` })) {
      try {
        const history = await h.client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
        const file = join(dir, `${wf.workflowId.replace(/\//g, '_')}.${wf.runId}.${wf.status.name}.json`);
        writeFileSync(file, historyToJSON(history));
        written.push(file);
      } catch (err) {
        written.push(`(could not fetch ${wf.workflowId}: ${String(err)})`);
      }
    }
  }
  return written;
}
