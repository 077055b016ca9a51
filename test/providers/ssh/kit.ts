/** Credentials, hosts and checks shared by the SSH provider tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  directorySshCredentialSource,
  resolveSshCredentials,
  type SshCredentials,
  type SshHost,
} from '../../../activities/providers/ssh';
import type { SshdHost, TestKey } from './sshdContainers';
import { Returned as BaseReturned } from '../../support/returned';

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

export { failureOf, failureText } from '../../support/returned';

/** The shared Returned, with the SSH tests' scan for a test key. */
export class Returned extends BaseReturned {
  leaking(key: TestKey): string[] {
    return this.leakingPem(key.privateKey);
  }
}
