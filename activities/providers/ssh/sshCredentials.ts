/**
 * SSH private keys, resolved inside activities from a host's `credentialsName` and never handed
 * back to workflows (DESIGN.md: secrets never sit in workflow history). The key hides from JSON and
 * from util.inspect, so a stray log line or a serialized result cannot leak it.
 *
 * Where keys come from (the worker's choice, like a `kubernetes.io/ssh-auth` Secret mounted as a
 * volume):
 * - a directory: `<dir>/<namespace>/<credentialsName>/ssh-privatekey` or
 *   `<dir>/<credentialsName>/ssh-privatekey`, with an optional `passphrase` file beside it;
 * - the environment: `CAPSTAN_SSH_<NAME>_PRIVATE_KEY` (the key itself) or
 *   `CAPSTAN_SSH_<NAME>_PRIVATE_KEY_FILE` (a path), and optionally `CAPSTAN_SSH_<NAME>_PASSPHRASE`;
 *   NAME is credentialsName in upper case with every character other than A-Z and 0-9 turned into `_`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { sshInvalidSpec } from './sshFailure';

export const REDACTED = '[redacted]';

export class SshCredentials {
  readonly #privateKey: string;
  readonly #passphrase: string | undefined;

  constructor(
    /** the reference it was resolved from, for messages */
    readonly credentialsName: string,
    privateKey: string,
    passphrase?: string,
  ) {
    this.#privateKey = privateKey;
    this.#passphrase = passphrase;
  }

  /** Only for the wire: ssh2's `privateKey`/`passphrase`. */
  reveal(): { privateKey: string; passphrase?: string } {
    return this.#passphrase === undefined
      ? { privateKey: this.#privateKey }
      : { privateKey: this.#privateKey, passphrase: this.#passphrase };
  }

  /** What must never appear in a message: the key, its lines, and the passphrase. */
  secrets(): string[] {
    const lines = this.#privateKey.split(/\r?\n/).filter((l) => l.length >= 16 && !l.startsWith('-----'));
    return [this.#privateKey, ...lines, ...(this.#passphrase ? [this.#passphrase] : [])];
  }

  toJSON(): { credentialsName: string; privateKey: string } {
    return { credentialsName: this.credentialsName, privateKey: REDACTED };
  }

  toString(): string {
    return `SshCredentials(${this.credentialsName})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

export interface SshCredentialsRef {
  /** namespace to look in first (a directory source also looks without it) */
  namespace?: string;
  credentialsName: string;
  /** the host, for messages */
  host: string;
}

export interface SshCredentialSource {
  /** where it looks, for messages */
  readonly description: string;
  /** undefined when this source has no such credentials */
  find(ref: SshCredentialsRef): Promise<SshCredentials | undefined>;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
}

export function directorySshCredentialSource(dir: string): SshCredentialSource {
  return {
    description: `${dir}/[<namespace>/]<credentialsName>/ssh-privatekey`,
    async find(ref) {
      const dirs = ref.namespace ? [join(dir, ref.namespace, ref.credentialsName)] : [];
      dirs.push(join(dir, ref.credentialsName));
      for (const d of dirs) {
        const key = await readIfExists(join(d, 'ssh-privatekey'));
        if (key === undefined) continue;
        const passphrase = (await readIfExists(join(d, 'passphrase')))?.replace(/\r?\n$/, '');
        return new SshCredentials(ref.credentialsName, key, passphrase);
      }
      return undefined;
    },
  };
}

export function sshCredentialsEnvName(credentialsName: string): string {
  return `CAPSTAN_SSH_${credentialsName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function envSshCredentialSource(env: NodeJS.ProcessEnv = process.env): SshCredentialSource {
  return {
    description: 'CAPSTAN_SSH_<NAME>_PRIVATE_KEY or CAPSTAN_SSH_<NAME>_PRIVATE_KEY_FILE',
    async find(ref) {
      const prefix = sshCredentialsEnvName(ref.credentialsName);
      const inline = env[`${prefix}_PRIVATE_KEY`];
      const file = env[`${prefix}_PRIVATE_KEY_FILE`];
      const passphrase = env[`${prefix}_PASSPHRASE`];
      if (inline !== undefined && file !== undefined) {
        throw sshInvalidSpec(
          `SSH credentials "${ref.credentialsName}" of host ${ref.host}: set ${prefix}_PRIVATE_KEY or ${prefix}_PRIVATE_KEY_FILE, not both`,
        );
      }
      if (inline !== undefined) return new SshCredentials(ref.credentialsName, inline, passphrase);
      if (file === undefined) return undefined;
      const key = await readIfExists(file);
      if (key === undefined) {
        throw sshInvalidSpec(
          `SSH credentials "${ref.credentialsName}" of host ${ref.host}: ${prefix}_PRIVATE_KEY_FILE names ${file}, which does not exist`,
        );
      }
      return new SshCredentials(ref.credentialsName, key, passphrase);
    },
  };
}

/** Asks each source in turn; none having them is terminal, naming where it looked. */
export async function resolveSshCredentials(
  sources: readonly SshCredentialSource[],
  ref: SshCredentialsRef,
): Promise<SshCredentials> {
  for (const s of sources) {
    const found = await s.find(ref);
    if (found) return found;
  }
  const where = sources.map((s) => s.description).join('; ') || 'no credential source is configured';
  throw sshInvalidSpec(
    `SSH credentials "${ref.credentialsName}" of host ${ref.host} were not found (looked in: ${where})`,
  );
}
