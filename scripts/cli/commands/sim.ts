/**
 * `capstan sim ...`: run and inspect the simulated cloud (scripts/sim). `serve` is a long-running
 * process of its own, so workers can be killed and restarted against the same world.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SimClient } from '../../../activities/providers/sim/simClient';
import {
  SIM_DEFAULT_PORT,
  SIM_DEFAULT_URL,
  type SimLatencies,
} from '../../../activities/providers/sim/simApi';
import { formatLatencies, formatWorldStatus } from '../../sim/formatWorldStatus';
import { parseJitter, parseLatencySpec } from '../../sim/latencySpec';
import { startSimServer } from '../../sim/server';
import { CliError } from '../globalOptions';

interface ServeOptions {
  host: string;
  port: string;
  stateFile: string;
  ephemeral?: boolean;
  seed?: string;
  latency?: string;
  jitter?: string;
}

const defaultUrl = (): string => process.env.CAPSTAN_SIM_URL ?? SIM_DEFAULT_URL;

/** Wraps parse errors of flag values as bad-input CLI errors (exit code 2). */
function asInput<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new CliError(`${flag}: ${(err as Error).message}`, 2);
  }
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port ${text}: not a TCP port`, 2);
  return port;
}

function serveLatencies(opts: ServeOptions): Partial<SimLatencies> {
  return {
    ...(opts.latency !== undefined ? asInput('--latency', () => parseLatencySpec(opts.latency!)) : {}),
    ...(opts.jitter !== undefined ? { jitter: asInput('--jitter', () => parseJitter(opts.jitter!)) } : {}),
  };
}

async function serve(opts: ServeOptions): Promise<void> {
  const seed = opts.seed === undefined ? undefined : Number(opts.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new CliError(`--seed ${opts.seed}: must be an integer`, 2);
  const stateFile = opts.ephemeral ? undefined : resolve(opts.stateFile);
  const server = await startSimServer({
    host: opts.host,
    port: parsePort(opts.port),
    latencies: serveLatencies(opts),
    log: (line) => console.log(line),
    ...(stateFile ? { stateFile } : {}),
    ...(seed !== undefined ? { seed } : {}),
  });
  console.log(
    `simulated cloud ready at ${server.url}${stateFile ? `; world kept in ${stateFile}` : ' (ephemeral world)'}`,
  );
  const signal = await new Promise<NodeJS.Signals>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  console.log(`sim: ${signal}, ${stateFile ? 'saving the world and ' : ''}stopping`);
  await server.close();
}

export function registerSimCommands(program: Command): void {
  const sim = program
    .command('sim')
    .description('the simulated cloud and workload clusters (provider "sim")');

  sim
    .command('serve')
    .description('run the simulated cloud as an HTTP API until SIGINT/SIGTERM; the world survives restarts')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', String(SIM_DEFAULT_PORT))
    .option('--state-file <path>', 'JSON file the world is kept in', '.capstan/sim-state.json')
    .option('--ephemeral', 'keep the world in memory only (no state file)')
    .option('--seed <n>', 'seed of the latency jitter of a new world')
    .option('--latency <spec>', 'latencies, e.g. provision=2s,boot=1s,delete=500ms,clusterInfra=500ms')
    .option('--jitter <fraction>', 'random spread of every latency, 0..1 (e.g. 0.1 = ±10%)')
    .action(async (opts: ServeOptions) => serve(opts));

  sim
    .command('status')
    .description('print the clusters, machines and nodes of the simulated cloud')
    .option('--url <url>', 'simulated cloud URL (env CAPSTAN_SIM_URL)', defaultUrl())
    .option('--json', 'print the full world dump as JSON')
    .action(async (opts: { url: string; json?: boolean }) => {
      const world = await new SimClient(opts.url).world();
      process.stdout.write(
        opts.json ? `${JSON.stringify(world, null, 2)}\n` : formatWorldStatus(world, opts.url),
      );
    });

  const latency = sim
    .command('latency')
    .description('show or change the latencies of a running simulated cloud');
  latency
    .command('set <spec...>')
    .description(
      'change latencies, e.g. `sim latency set provision=5s boot=2s jitter=0.2` (applies to new transitions)',
    )
    .option('--url <url>', 'simulated cloud URL (env CAPSTAN_SIM_URL)', defaultUrl())
    .action(async (spec: string[], opts: { url: string }) => {
      const update = asInput('latency', () => parseLatencySpec(spec));
      console.log(`latencies: ${formatLatencies(await new SimClient(opts.url).setLatencies(update))}`);
    });
  latency
    .command('get')
    .description('print the latencies in force')
    .option('--url <url>', 'simulated cloud URL (env CAPSTAN_SIM_URL)', defaultUrl())
    .action(async (opts: { url: string }) => {
      console.log(`latencies: ${formatLatencies(await new SimClient(opts.url).getLatencies())}`);
    });
}
