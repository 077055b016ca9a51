import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatIssue } from '../../../shared/errors';
import { CapstanClient } from '../../client/CapstanClient';
import { startDevServer } from '../../temporal/devServer';
import { repoRoot } from '../../temporal/paths';
import { CliError } from '../globalOptions';
import { loadManifests } from '../../../activities/gitops/loadManifests';
import { progressLine } from '../progress';
import { renderDescribeTree } from '../render/describeTree';

interface UpOptions {
  stateDir: string;
  port: string;
  uiPort: string;
  simPort: string;
  apply?: string[];
  exitWhenReady?: boolean;
  timeout: string;
}

/** Starts a child process whose output is prefixed, and fails loudly if it dies early. */
function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: repoRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((l) => console.error(`[${name}] ${l}`));
  child.stdout?.on('data', prefix);
  child.stderr?.on('data', prefix);
  return child;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new CliError(`${url} did not answer within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The main job: Temporal dev server (persistent SQLite + Web UI), the simulated cloud, and a
 * worker, all stopped together by Ctrl-C; optionally applies manifests and prints their trees.
 */
export function registerUp(program: Command): void {
  program
    .command('up')
    .description('run everything locally: Temporal dev server + Web UI, simulated cloud, worker')
    .option('--state-dir <dir>', 'where the SQLite file and the simulated cloud state live', '.capstan')
    .option('--port <port>', 'Temporal frontend port', '7233')
    .option('--ui-port <port>', 'Temporal Web UI port', '8233')
    .option('--sim-port <port>', 'simulated cloud port', '7380')
    .option('--apply <path...>', 'apply these manifests once everything is up and wait for them')
    .option('--exit-when-ready', 'stop everything once the applied clusters are ready (for scripts and CI)')
    .option('--timeout <seconds>', 'how long to wait for applied clusters', '600')
    .action(async (opts: UpOptions) => {
      const stateDir = resolve(opts.stateDir);
      mkdirSync(stateDir, { recursive: true });
      // Validate manifests before starting anything, so bad input costs nothing.
      const loaded = opts.apply ? loadManifests(opts.apply) : undefined;
      if (loaded && loaded.issues.length) {
        throw new CliError(`validation errors; nothing was started:\n${loaded.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`, 2);
      }
      const children: ChildProcess[] = [];
      let stopping = false;
      const server = await startDevServer({
        port: Number(opts.port),
        uiPort: Number(opts.uiPort),
        dbFile: join(stateDir, 'temporal.sqlite'),
        // The server complains loudly while its own workers shut down; that is not news.
        log: (s: string) => void (stopping || console.error(`[temporal] ${s}`)),
      });
      const stopAll = async (code: number) => {
        if (stopping) return;
        stopping = true;
        console.error('capstan up: stopping worker, simulated cloud and Temporal…');
        for (const c of children.reverse()) c.kill('SIGTERM');
        await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
        await server.stop();
        process.exit(code);
      };
      process.once('SIGINT', () => void stopAll(0));
      process.once('SIGTERM', () => void stopAll(0));
      try {
        const simUrl = `http://127.0.0.1:${opts.simPort}`;
        const sim = startChild('sim', ['bin/capstan', 'sim', 'serve', '--port', opts.simPort, '--state-file', join(stateDir, 'sim-state.json')], {});
        children.push(sim);
        await waitForHttp(`${simUrl}/v1/healthz`, 20000);
        const worker = startChild('worker', ['bin/run-ts', 'workers/main.ts'], {
          TEMPORAL_ADDRESS: server.address,
          CAPSTAN_SIM_URL: simUrl,
          CAPSTAN_PROVIDERS: 'sim',
        });
        children.push(worker);
        for (const c of children) {
          c.once('exit', (code) => {
            if (!stopping) {
              console.error(`capstan up: a component exited (code ${code}); stopping everything`);
              void stopAll(1);
            }
          });
        }
        console.log(`Temporal:   ${server.address}`);
        console.log(`Web UI:     ${server.uiUrl ?? '(headless)'}`);
        console.log(`Sim cloud:  ${simUrl}`);
        if (loaded) {
          const client = await CapstanClient.connect({ address: server.address });
          for (const c of loaded.clusters) {
            const r = await client.apply(c);
            console.log(`cluster ${c.namespace}/${c.name} applied (generation ${r.generation})`);
          }
          const timeoutMs = Number(opts.timeout) * 1000;
          const ready = await Promise.all(
            loaded.clusters.map((c) => client.waitForReady(c, { timeoutMs, onProgress: (d) => console.error(progressLine(d)) })),
          );
          for (const d of ready) console.log(`\n${renderDescribeTree(d)}`);
          console.log(`\nOpen the Web UI at ${server.uiUrl ?? '(headless)'} to see the workflows.`);
          await client.close();
        }
        if (opts.exitWhenReady) return void (await stopAll(0));
        console.log('Everything is up. Press Ctrl-C to stop.');
        await new Promise(() => undefined);
      } catch (err) {
        console.error(err instanceof Error ? err.message : String(err));
        await stopAll(1);
      }
    });
}
