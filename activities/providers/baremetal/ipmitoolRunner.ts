/**
 * Runs ipmitool once: the password goes in through the IPMI_PASSWORD environment variable (with
 * `-E` on the command line), output is collected, and a run that outlives `timeoutMs` is killed.
 * Never throws for ipmitool's own failures: the caller classifies exit code and output.
 */
import { spawn } from 'node:child_process';

export interface IpmitoolRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** spawn failed (ENOENT: ipmitool is not installed) */
  spawnError?: string;
}

const MAX_OUTPUT = 64 * 1024;

export function runIpmitool(
  path: string,
  args: readonly string[],
  password: string,
  timeoutMs: number,
): Promise<IpmitoolRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const done = (r: IpmitoolRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const child = spawn(path, [...args], {
      env: { ...process.env, IPMI_PASSWORD: password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8');
    });
    child.once('error', (err) => {
      const code = (err as { code?: unknown }).code;
      done({
        exitCode: null,
        stdout,
        stderr,
        timedOut,
        spawnError: typeof code === 'string' ? code : err.message,
      });
    });
    child.once('close', (exitCode) => done({ exitCode, stdout, stderr, timedOut }));
  });
}
