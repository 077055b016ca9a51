import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Resident set size of a process in KiB (0 once it is gone). */
export function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export interface BenchWorker {
  process: ChildProcess;
  /** the highest RSS sampled so far (every 200 ms), in KiB, and now */
  peakRssKiB(): number;
  /** stops sampling, then the worker (SIGTERM), and waits for it to exit */
  stop(): Promise<void>;
}

/**
 * The Capstan worker as its own process (`workers/main.ts`), so its memory is measured apart from
 * the benchmark's. A worker that dies before `stop()` ends the benchmark at once: every wait would
 * otherwise spin to its deadline.
 */
export function startBenchWorker(opts: { root: string; nodeArgs: string; env: Record<string, string> }): BenchWorker {
  let stopping = false;
  const worker = spawn(process.execPath, [...opts.nodeArgs.split(' ').filter(Boolean), join(opts.root, 'bin', 'run-ts'), join(opts.root, 'workers', 'main.ts')], {
    cwd: opts.root,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  worker.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`bench: the worker exited (code ${code}, signal ${signal}) before the benchmark finished`);
      process.exit(1);
    }
  });
  let peak = 0;
  const sample = () => (peak = Math.max(peak, rssKiB(worker.pid!)));
  const sampler = setInterval(sample, 200);
  return {
    process: worker,
    peakRssKiB: () => sample(),
    async stop() {
      stopping = true;
      clearInterval(sampler);
      if (worker.exitCode !== null || worker.signalCode !== null) return;
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    },
  };
}
