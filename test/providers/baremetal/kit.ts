/** Hosts, credentials and checks shared by the bare-metal BMC tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export { failureOf, failureText, Returned } from '../../support/returned';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
