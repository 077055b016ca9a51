/**
 * BMC credentials, resolved inside activities from the host's `spec.bmc.credentialsName` and never
 * handed back to workflows (DESIGN.md: BMC passwords never sit in workflow history). The password
 * hides from JSON and from util.inspect, so a stray log line or a serialized result cannot leak it.
 *
 * Where credentials come from (the worker's choice, like a Kubernetes Secret mounted as a volume):
 * - a directory: `<dir>/<namespace>/<credentialsName>/{username,password}`, or
 *   `<dir>/<credentialsName>/{username,password}` (files; one trailing newline is dropped);
 * - the environment: `CAPSTAN_BMC_<NAME>_USERNAME` / `CAPSTAN_BMC_<NAME>_PASSWORD`, NAME being
 *   credentialsName in upper case with every other character than A-Z and 0-9 turned into `_`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { bmcInvalidSpec } from './bmcFailure';
import { REDACTED } from './redact';

export class BmcCredentials {
  readonly #password: string;

  constructor(
    readonly username: string,
    password: string,
  ) {
    this.#password = password;
  }

  /** Only for the wire: the Authorization header, ipmitool's IPMI_PASSWORD. */
  revealPassword(): string {
    return this.#password;
  }

  toJSON(): { username: string; password: string } {
    return { username: this.username, password: REDACTED };
  }

  toString(): string {
    return `BmcCredentials(${this.username})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

export interface CredentialsRef {
  /** the BareMetalHost's namespace */
  namespace: string;
  /** spec.bmc.credentialsName */
  credentialsName: string;
  /** `<namespace>/<name>` of the host, for messages */
  host: string;
}

export interface BmcCredentialSource {
  /** where it looks, for messages */
  readonly description: string;
  /** undefined when this source has no such credentials */
  find(ref: CredentialsRef): Promise<BmcCredentials | undefined>;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
}

export function directoryCredentialSource(dir: string): BmcCredentialSource {
  return {
    description: `${dir}/[<namespace>/]<credentialsName>/{username,password}`,
    async find(ref) {
      for (const d of [join(dir, ref.namespace, ref.credentialsName), join(dir, ref.credentialsName)]) {
        const username = await readIfExists(join(d, 'username'));
        const password = await readIfExists(join(d, 'password'));
        if (username !== undefined && password !== undefined) return new BmcCredentials(username, password);
        if (username !== undefined || password !== undefined) {
          throw bmcInvalidSpec(
            `BMC credentials "${ref.credentialsName}" of host ${ref.host}: ${d} must hold both a username and a password file`,
          );
        }
      }
      return undefined;
    },
  };
}

export function credentialsEnvName(credentialsName: string): string {
  return `CAPSTAN_BMC_${credentialsName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function envCredentialSource(env: NodeJS.ProcessEnv = process.env): BmcCredentialSource {
  return {
    description: 'CAPSTAN_BMC_<NAME>_USERNAME and CAPSTAN_BMC_<NAME>_PASSWORD',
    async find(ref) {
      const prefix = credentialsEnvName(ref.credentialsName);
      const username = env[`${prefix}_USERNAME`];
      const password = env[`${prefix}_PASSWORD`];
      if (username !== undefined && password !== undefined) return new BmcCredentials(username, password);
      if (username !== undefined || password !== undefined) {
        throw bmcInvalidSpec(
          `BMC credentials "${ref.credentialsName}" of host ${ref.host}: set both ${prefix}_USERNAME and ${prefix}_PASSWORD`,
        );
      }
      return undefined;
    },
  };
}

/** Asks each source in turn; none having them is terminal, naming where it looked. */
export async function resolveBmcCredentials(
  sources: readonly BmcCredentialSource[],
  ref: CredentialsRef,
): Promise<BmcCredentials> {
  for (const s of sources) {
    const found = await s.find(ref);
    if (found) return found;
  }
  const where = sources.map((s) => s.description).join('; ') || 'no credential source is configured';
  throw bmcInvalidSpec(
    `BMC credentials "${ref.credentialsName}" of host ${ref.host} were not found (looked in: ${where})`,
  );
}
