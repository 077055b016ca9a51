/**
 * Enrolment: the first contact with an existing host. Reads the host key (trust on first use) or
 * verifies the pin already declared, and answers the fingerprint to pin plus a few facts about
 * the host. Idempotent: enrolling again with the answered pin answers the same.
 */
import type { PresentedHostKey } from './hostKey';
import type { SshCredentials } from './sshCredentials';
import { sshFailure } from './sshFailure';
import { withSshSession, type SshConnectOptions } from './sshSession';
import type { SshHost } from './sshHost';
import { shellQuote } from './shellQuote';

export interface HostFacts {
  hostname: string;
  /** `uname -m`, e.g. `x86_64`, `aarch64` */
  arch: string;
  /** /etc/os-release PRETTY_NAME, e.g. `Debian GNU/Linux 12 (bookworm)` */
  os: string;
  /** `uname -r` */
  kernel: string;
}

export interface EnrolmentResult {
  host: string;
  /** what to set as the host's `hostKey`: `SHA256:...` */
  hostKeyFingerprint: string;
  hostKeyType: string;
  /** the key line; pinning it instead of the fingerprint also fixes the key type */
  hostKey: string;
  /** true when the host had a pin and the presented key matched it */
  verified: boolean;
  facts: HostFacts;
}

const FACTS_SCRIPT = [
  'echo "hostname=$(hostname)"',
  'echo "arch=$(uname -m)"',
  'echo "kernel=$(uname -r)"',
  'if [ -r /etc/os-release ]; then . /etc/os-release; echo "os=${PRETTY_NAME:-${NAME:-unknown}}"; else echo "os=$(uname -s)"; fi',
].join('\n');

/** Reads `key=value` lines. Pure. */
export function parseFacts(stdout: string): HostFacts {
  const kv = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return {
    hostname: kv.get('hostname') ?? '',
    arch: kv.get('arch') ?? '',
    os: kv.get('os') ?? '',
    kernel: kv.get('kernel') ?? '',
  };
}

export async function enrolHost(
  host: SshHost,
  credentials: SshCredentials,
  options: Omit<SshConnectOptions, 'trustOnFirstUse' | 'operation'> = {},
): Promise<EnrolmentResult> {
  return withSshSession(
    host,
    credentials,
    { ...options, operation: 'enrol', trustOnFirstUse: true },
    async (session) => {
      const res = await session.exec(`/bin/sh -c ${shellQuote(FACTS_SCRIPT)}`, 'enrol');
      if (res.code !== 0) {
        throw sshFailure(
          'transient',
          `reading host facts exited with status ${String(res.code)}: ${session.redact(res.stderr.trim())}`,
          session.context('enrol'),
        );
      }
      const key: PresentedHostKey = session.hostKey;
      return {
        host: host.name,
        hostKeyFingerprint: key.fingerprint,
        hostKeyType: key.keyType,
        hostKey: key.publicKey,
        verified: host.hostKey !== undefined && host.hostKey.trim() !== '',
        facts: parseFacts(res.stdout),
      };
    },
  );
}
