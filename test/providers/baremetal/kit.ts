/** Hosts, credentials and checks shared by the bare-metal BMC tests. */
import { ApplicationFailure } from '@temporalio/common';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { BmcHost } from '../../../activities/providers/baremetal';

export const NAMESPACE = 'lab';

export function host(name: string, address: string, credentialsName: string): BmcHost {
  return { metadata: { name, namespace: NAMESPACE }, spec: { bmc: { address, credentialsName } } };
}

/** A credentials folder as the worker would mount it: `<dir>/<namespace>/<name>/{username,password}`. */
export function credentialsDir(entries: Record<string, { username: string; password: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bmc-creds-'));
  for (const [name, c] of Object.entries(entries)) {
    mkdirSync(join(dir, NAMESPACE, name), { recursive: true });
    writeFileSync(join(dir, NAMESPACE, name, 'username'), `${c.username}\n`);
    writeFileSync(join(dir, NAMESPACE, name, 'password'), `${c.password}\n`);
  }
  return dir;
}

export async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApplicationFailure))
    throw new Error(`expected an ApplicationFailure, got ${String(err)}`);
  return err;
}

/**
 * Everything the BMC layer handed back, as a workflow would see it: results serialized to JSON,
 * failures with message, type and details. Collected per test file and scanned for the password.
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

  containing(secret: string): string[] {
    return this.seen.filter((s) => s.includes(secret));
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
