/**
 * A real moto_server (the EC2 and ELBv2 API emulator, installed by scripts/setup/setup.sh) on a
 * free loopback port, one per test file. Missing binary = a loud failure naming the setup
 * command: these tests never skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const MOTO_SERVER = resolve(__dirname, '../../../.tools/bin/moto_server');

export interface MotoServer {
  url: string;
  /** POST /moto-api/reset: wipes every resource of every service */
  reset(): Promise<void>;
  /**
   * moto checks SigV4 signatures and access keys only once auth is switched on
   * (/moto-api/reset-auth with the number of requests still allowed unauthenticated).
   */
  setAuthChecks(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

export async function startMotoServer(env: Record<string, string> = {}): Promise<MotoServer> {
  if (!existsSync(MOTO_SERVER)) {
    throw new Error(
      `moto_server is not installed at ${MOTO_SERVER}. Install it with: bash scripts/setup/setup.sh ` +
        '(it puts moto[server]==5.2.3 into a virtualenv in the tools folder).',
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`moto_server exited with ${child.exitCode} before answering:\n${stderr}`);
    try {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${url} within 60 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const post = async (path: string, body?: string) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', ...(body !== undefined ? { body } : {}) });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  };
  return {
    url,
    reset: () => post('/moto-api/reset'),
    setAuthChecks: (on) => post('/moto-api/reset-auth', on ? '0' : 'inf'),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
