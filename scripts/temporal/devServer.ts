/**
 * Starts `temporal server start-dev` (the CLI from scripts/setup/setup.sh) as a child process,
 * waits until it answers gRPC, and registers Capstan's search attributes. Used by the jest
 * globalSetup (one shared server for all workflow tests) and by local scripts.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ensureSearchAttributes } from './ensureSearchAttributes';
import { temporalCliPath } from './paths';
import { searchAttributeFlags } from './searchAttributes';

export { ensureSearchAttributes, ensureSearchAttributesOn } from './ensureSearchAttributes';

export interface DevServerOptions {
  port?: number;
  uiPort?: number;
  headless?: boolean;
  /** SQLite file; in-memory when absent. */
  dbFile?: string;
  ip?: string;
  namespace?: string;
  logLevel?: string;
  extraArgs?: string[];
  /** Receives the server's own output lines and this module's progress messages. */
  log?: (s: string) => void;
  /** Keep the server's stock queue-reader and timer settings (see SINGLE_SHARD_LATENCY); for comparisons. */
  stockQueueSettings?: boolean;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 8_000;

/**
 * The dev server runs one history shard, so every workflow's next task (a workflow task after an
 * activity or signal, an activity after a workflow task, a child start) passes through that one
 * shard's transfer-queue reader, which by default polls at most 20 times a second: past its
 * first burst, each step of a chain of tasks waits ~45 ms for the reader's next slot (measured:
 * 60 sequential activities take 5.1 s instead of 0.57 s). A production cluster spreads workflows
 * over hundreds of shards. And its timer queue fires timers with up to a second of shift (measured:
 * a 30 ms sleep takes ~1 s), which turns every short durable wait into a second. Both are
 * tuned for the embedded single-shard server; a cluster you run yourself keeps its own settings.
 */
const SINGLE_SHARD_LATENCY = [
  'history.transferProcessorMaxPollRPS=2000',
  'history.timerProcessorMaxPollRPS=2000',
  'history.timerProcessorMaxTimeShift="10ms"',
];

// Updates are how Capstan's clients talk to entity workflows; versioning APIs are for rollouts.
// (All default to true on server >= 1.29; explicit so an older CLI behaves the same.)
// The version check is a call to temporal.io, pointless (and slow to fail) offline.
const DYNAMIC_CONFIG = [
  'frontend.enableServerVersionCheck=false',
  'frontend.enableUpdateWorkflowExecution=true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  'frontend.workerVersioningWorkflowAPIs=true',
];

export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const cli = temporalCliPath();
  const log = opts.log ?? (() => undefined);
  // A port we picked as free can be taken before the server binds it (parallel jest runs): retry.
  const picksPorts = opts.port === undefined || (!opts.headless && opts.uiPort === undefined);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(cli, opts, log);
    } catch (err) {
      if (!picksPorts || attempt >= 3 || !/address already in use/.test(String(err))) throw err;
      log(`a picked port was taken meanwhile; retrying (attempt ${attempt + 1})`);
    }
  }
}

async function startOnce(cli: string, opts: DevServerOptions, log: (s: string) => void): Promise<DevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  const port = opts.port ?? (await freePort(ip));
  const uiPort = opts.headless ? undefined : (opts.uiPort ?? (await freePort(ip)));
  if (opts.dbFile) mkdirSync(path.dirname(path.resolve(opts.dbFile)), { recursive: true });

  // prettier-ignore
  const args = [
    'server', 'start-dev',
    '--ip', ip,
    '--port', String(port),
    '--log-level', opts.logLevel ?? 'warn',
    ...(namespace === 'default' ? [] : ['--namespace', namespace]),
    ...(opts.dbFile ? ['--db-filename', path.resolve(opts.dbFile)] : []),
    ...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort), ...newsFetchFlag(cli)]),
    ...[...DYNAMIC_CONFIG, ...(opts.stockQueueSettings ? [] : SINGLE_SHARD_LATENCY)].flatMap((kv) => ['--dynamic-config-value', kv]),
    ...searchAttributeFlags(),
    ...(opts.extraArgs ?? []),
  ];
  log(`starting ${cli} ${args.join(' ')}`);
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child, log);
  const unlink = killOnParentExit(child);
  const stop = () => stopChild(child).finally(unlink);

  const host = ip === '0.0.0.0' || ip === '::' ? '127.0.0.1' : ip;
  const address = `${host}:${port}`;
  try {
    await waitReady(child, address, namespace, output);
    await ensureSearchAttributes(address, namespace);
  } catch (err) {
    await stop();
    throw err;
  }
  const uiUrl = uiPort === undefined ? undefined : `http://${host}:${uiPort}`;
  log(`temporal dev server ready at ${address}${uiUrl ? `, UI ${uiUrl}` : ''} (pid ${child.pid})`);
  return { address, uiUrl, pid: child.pid!, stop };
}

/** `--ui-disable-news-fetch` exists from CLI 1.8.0; older CLIs (the go-built 1.5.1) reject it. */
function newsFetchFlag(cli: string): string[] {
  const out = spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  const m = /temporal version (\d+)\.(\d+)\./.exec(out);
  const atLeast18 = m !== null && (Number(m[1]) > 1 || (Number(m[1]) === 1 && Number(m[2]) >= 8));
  return atLeast18 ? ['--ui-disable-news-fetch'] : [];
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Forwards output lines to `log` and keeps a tail for error messages. */
function captureOutput(child: ChildProcess, log: (s: string) => void): () => string {
  let tail = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-OUTPUT_TAIL_CHARS);
    for (const line of text.split('\n')) if (line.trim()) log(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return () => tail;
}

async function waitReady(child: ChildProcess, address: string, namespace: string, output: () => string) {
  let failure: Error | undefined;
  const exited = new Promise<never>((_, reject) => {
    const fail = (err: Error) => reject((failure ??= err));
    child.once('error', (err) => fail(new Error(`could not start the Temporal CLI: ${err.message}`)));
    child.once('exit', (code, signal) =>
      fail(new Error(`temporal server exited early (${signal ?? `code ${code}`}):\n${output()}`)),
    );
  });
  exited.catch(() => undefined); // raced below; without this, the exit at stop() would be unhandled
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await Promise.race([exited, probe(address, namespace)]);
      return;
    } catch (err) {
      if (failure) throw failure;
      lastError = err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(
    `temporal server at ${address} not ready after ${READY_TIMEOUT_MS / 1000}s: ${String(lastError)}\n${output()}`,
  );
}

/** Ready = the frontend answers and the namespace is registered (workers poll it right away). */
async function probe(address: string, namespace: string): Promise<void> {
  // lazy + ensureConnected, not connect(): a failed connect() leaks its channel and keeps us alive.
  const connection = Connection.lazy({ address, connectTimeout: 2_000 });
  try {
    await connection.ensureConnected();
    await connection.withDeadline(Date.now() + 2_000, async () => {
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
    });
  } finally {
    await connection.close();
  }
}

/** The server must not outlive us: kill it when this process exits or is told to stop. */
function killOnParentExit(child: ChildProcess): () => void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (sig: NodeJS.Signals) => {
    kill();
    // Adding a listener disabled Node's default "exit on signal"; restore it unless someone else listens.
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  };
  process.once('exit', kill);
  for (const sig of signals) process.once(sig, onSignal);
  return () => {
    process.removeListener('exit', kill);
    for (const sig of signals) process.removeListener(sig, onSignal);
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await gone;
  clearTimeout(timer);
}
