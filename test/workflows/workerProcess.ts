import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Harness } from './harness';

const ROOT = join(__dirname, '..', '..');

/** The real worker process (`workers/main.ts`) on the harness's server, task queue and sim cloud. */
export function spawnWorker(h: Harness): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'bin', 'run-ts'), join(ROOT, 'workers', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: h.address, CAPSTAN_TASK_QUEUE: h.taskQueue, CAPSTAN_SIM_URL: h.simUrl, CAPSTAN_POLL_INTERVAL_MS: '50' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** SIGKILL, and wait until the process is gone. */
export function kill(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });
}
