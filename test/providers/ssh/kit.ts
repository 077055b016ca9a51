/** Credentials, hosts and checks shared by the SSH provider tests. */
import { ApplicationFailure } from '@temporalio/common';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  directorySshCredentialSource,
  resolveSshCredentials,
  type SshCredentials,
  type SshHost,
} from '../../../activities/providers/ssh';
import type { SshdHost, TestKey } from './sshdContainers';

/** A credentials folder as the worker would mount it: `<dir>/<name>/ssh-privatekey`. */
export function credentialsDir(entries: Record<string, TestKey>): string {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-ssh-creds-'));
  for (const [name, k] of Object.entries(entries)) {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'ssh-privatekey'), k.privateKey, { mode: 0o600 });
  }
  return dir;
}

export function credentials(dir: string, name: string): Promise<SshCredentials> {
  return resolveSshCredentials([directorySshCredentialSource(dir)], { credentialsName: name, host: name });
}

export function sshHost(
  h: SshdHost,
  credentialsName: string,
  hostKey?: string,
  extra: Partial<SshHost> = {},
): SshHost {
  return {
    name: `lab/${h.name}`,
    address: h.address,
    credentialsName,
    ...(hostKey ? { hostKey } : {}),
    ...extra,
  };
}

export async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApplicationFailure))
    throw new Error(`expected an ApplicationFailure, got ${inspect(err)}`);
  return err;
}

/**
 * Everything the SSH layer handed back, as a workflow would see it: results as JSON, failures with
 * message, type, details and cause. Scanned for the private keys at the end of each file.
 */
export class Returned {
  private readonly seen: string[] = [];

  add<T>(value: T): T {
    this.seen.push(
      value instanceof ApplicationFailure ? failureText(value) : (JSON.stringify(value) ?? 'undefined'),
    );
    return value;
  }

  async ok<T>(p: Promise<T>): Promise<T> {
    return this.add(await p);
  }

  async failure(p: Promise<unknown>): Promise<ApplicationFailure> {
    return this.add(await failureOf(p));
  }

  count(): number {
    return this.seen.length;
  }

  /** entries containing any line of the key (the PEM body lines are what leak in practice) */
  leaking(key: TestKey): string[] {
    const lines = key.privateKey.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
    return this.seen.filter((s) => lines.some((l) => s.includes(l)) || s.includes('PRIVATE KEY'));
  }
}

export function failureText(f: ApplicationFailure): string {
  return JSON.stringify({
    message: f.message,
    type: f.type,
    nonRetryable: f.nonRetryable,
    details: f.details,
    stack: f.stack,
    cause: inspect(f.cause),
  });
}
