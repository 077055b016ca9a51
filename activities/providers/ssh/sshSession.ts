/**
 * The SSH transport: one authenticated connection to one host whose host key matches its pin.
 * The pin is checked inside the handshake (ssh2's hostVerifier), before any credential is offered,
 * so a host with a changed key never sees our authentication. Every failure is classified
 * (sshFailure.ts) and every message is scrubbed of the private key.
 */
import { NodeSSH, type Config } from 'node-ssh';
import { redactAll } from './outputTail';
import {
  describeHostKey,
  hostKeyAlgorithmsFor,
  parseHostKeyPin,
  type HostKeyPin,
  type PresentedHostKey,
} from './hostKey';
import type { SshCredentials } from './sshCredentials';
import {
  classifyConnectError,
  hostKeyChanged,
  sshFailure,
  sshInvalidSpec,
  type SshCallContext,
} from './sshFailure';
import { DEFAULT_SSH_PORT, DEFAULT_SSH_USER, hostAddress, type SshHost } from './sshHost';
import { shellQuote } from './shellQuote';

export const DEFAULT_READY_TIMEOUT_MS = 15_000;

export interface SshConnectOptions {
  /** what the caller is doing, for messages (default `connect`) */
  operation?: string;
  /** TCP connect + handshake + authentication (default 15 s) */
  readyTimeoutMs?: number;
  /**
   * Accept whatever key the host presents when it has no pin. Only enrolment sets this: it is
   * trust on first use, and answers the key so the operator can pin it.
   */
  trustOnFirstUse?: boolean;
}

export interface ExecOptions {
  stdin?: string;
  /** every chunk of stdout and stderr, as it arrives */
  onOutput?: (chunk: string) => void;
  /** aborting drops the connection (the remote side sees its session end) */
  signal?: AbortSignal;
}

export interface ExecResult {
  /** null when the command ended without an exit status (killed by a signal) */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export class SshSession {
  #lastError: Error | undefined;

  constructor(
    private readonly ssh: NodeSSH,
    readonly host: SshHost,
    /** the key the host presented (and that matched its pin, when it had one) */
    readonly hostKey: PresentedHostKey,
    private readonly secrets: readonly string[],
    private readonly credentialsName: string,
  ) {
    // ssh2 emits late errors (a reset socket) on the client: without a listener they would crash
    // the worker. Remember the last one for the message of the command it interrupted.
    ssh.connection?.on('error', (err: Error) => {
      this.#lastError = err;
    });
  }

  context(operation: string): SshCallContext {
    return {
      host: this.host.name,
      address: hostAddress(this.host),
      operation,
      credentialsName: this.credentialsName,
    };
  }

  get asRoot(): boolean {
    return (this.host.user ?? DEFAULT_SSH_USER) === 'root';
  }

  /** Scrubs the private key (and `extra` secrets) from text bound for a message. */
  redact(text: string, extra: readonly string[] = []): string {
    return redactAll(text, [...this.secrets, ...extra]);
  }

  /**
   * Runs `script` with /bin/sh as root (through `sudo -n` for another user). A dropped connection
   * or an abort is a retryable `dropped` failure; a non-zero exit is returned, not thrown.
   */
  async execRoot(script: string, operation: string, options: ExecOptions = {}): Promise<ExecResult> {
    const command = this.asRoot
      ? `/bin/sh -c ${shellQuote(script)}`
      : `sudo -n /bin/sh -c ${shellQuote(script)}`;
    return this.exec(command, operation, options);
  }

  async exec(command: string, operation: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { signal } = options;
    if (signal?.aborted) throw sshFailure('dropped', 'cancelled before it started', this.context(operation));
    if (!this.ssh.isConnected()) throw sshFailure('dropped', 'not connected', this.context(operation));
    const onAbort = () => this.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.ssh.execCommand(command, {
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
        noTrim: true,
        ...(options.onOutput
          ? {
              onStdout: (c: Buffer) => options.onOutput?.(c.toString('utf8')),
              onStderr: (c: Buffer) => options.onOutput?.(c.toString('utf8')),
            }
          : {}),
      });
      if (signal?.aborted) throw sshFailure('dropped', 'cancelled', this.context(operation));
      if (res.code === null && res.signal === null) {
        const why = this.#lastError
          ? this.redact(this.#lastError.message)
          : 'the session ended without an exit status';
        throw sshFailure('dropped', why, this.context(operation));
      }
      return { code: res.code, signal: res.signal, stdout: res.stdout, stderr: res.stderr };
    } catch (err) {
      if (isApplicationFailure(err)) throw err;
      const why = signal?.aborted ? 'cancelled' : this.redact((err as Error).message ?? String(err));
      throw sshFailure('dropped', why, this.context(operation));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Ends the session politely. */
  close(): void {
    this.ssh.dispose();
  }

  /** Drops the TCP connection at once, as a killed worker or a cut cable would. */
  destroy(): void {
    this.ssh.connection?.destroy();
  }
}

function isApplicationFailure(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ApplicationFailure';
}

/** The pin of a host, parsed; a malformed pin is terminal, naming the host. */
export function pinOf(host: SshHost): HostKeyPin | undefined {
  if (host.hostKey === undefined || host.hostKey.trim() === '') return undefined;
  const parsed = parseHostKeyPin(host.hostKey);
  if (!parsed.ok)
    throw sshInvalidSpec(`SSH host ${host.name}: hostKey is not a usable pin: ${parsed.problem}`);
  return parsed.pin;
}

/**
 * Connects and authenticates. Without a pin (and without `trustOnFirstUse`) it refuses to connect:
 * talking to an unverified host would hand it our bootstrap secrets.
 */
export async function openSshSession(
  host: SshHost,
  credentials: SshCredentials,
  options: SshConnectOptions = {},
): Promise<SshSession> {
  const operation = options.operation ?? 'connect';
  const ctx: SshCallContext = {
    host: host.name,
    address: hostAddress(host),
    operation,
    credentialsName: credentials.credentialsName,
  };
  const pin = pinOf(host);
  if (!pin && !options.trustOnFirstUse) {
    throw sshInvalidSpec(
      `SSH host ${host.name} (${ctx.address}) has no pinned host key; enrol it first and set hostKey to the fingerprint it answers`,
    );
  }
  let presented: PresentedHostKey | undefined;
  let mismatch = false;
  const hostVerifier = (key: Buffer): boolean => {
    presented = describeHostKey(key);
    mismatch = pin !== undefined && presented.fingerprint !== pin.fingerprint;
    return !mismatch;
  };
  const config: Config = {
    host: host.address,
    port: host.port ?? DEFAULT_SSH_PORT,
    username: host.user ?? DEFAULT_SSH_USER,
    ...credentials.reveal(),
    readyTimeout: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    keepaliveInterval: 5_000,
    keepaliveCountMax: 3,
    hostVerifier: hostVerifier as Config['hostVerifier'],
    // Never fall back to an agent or keyboard-interactive: the referenced key is the only identity.
    agent: undefined,
    tryKeyboard: false,
    ...(pin?.keyType ? { algorithms: { serverHostKey: hostKeyAlgorithmsFor(pin.keyType) as never } } : {}),
  };
  const ssh = new NodeSSH();
  try {
    await ssh.connect(config);
  } catch (err) {
    ssh.connection?.on('error', () => undefined);
    ssh.dispose();
    if (mismatch && presented && pin) throw hostKeyChanged(ctx, pin.fingerprint, presented);
    const e = (err ?? {}) as { level?: unknown; code?: unknown; message?: unknown };
    const cls = classifyConnectError(e);
    const detail = redactAll(typeof e.message === 'string' ? e.message : String(err), credentials.secrets());
    if (cls === 'invalidSpec') {
      throw sshFailure(
        'invalidSpec',
        `the private key of credentials "${credentials.credentialsName}" cannot be used (${detail})`,
        ctx,
      );
    }
    throw sshFailure(cls, detail, ctx, typeof e.code === 'string' ? { code: e.code } : {});
  }
  if (!presented) {
    ssh.dispose();
    throw sshFailure('transient', 'the handshake completed without a host key', ctx);
  }
  return new SshSession(ssh, host, presented, credentials.secrets(), credentials.credentialsName);
}

/** Opens a session, runs `fn`, and always closes it. */
export async function withSshSession<T>(
  host: SshHost,
  credentials: SshCredentials,
  options: SshConnectOptions,
  fn: (session: SshSession) => Promise<T>,
): Promise<T> {
  const session = await openSshSession(host, credentials, options);
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}
