/**
 * Turns what an SSH host answered into the ApplicationFailure Temporal's retry policy acts on
 * (DESIGN.md: terminal errors are non-retryable ApplicationFailures typed from shared/errors.ts).
 * Pure: the session and runners find the facts and call these builders. Messages name the host
 * and its address, never a private key; command output is redacted by the caller.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes, TERMINAL_ERROR_TYPES, type ErrorType } from '../../../shared/errors';
import type { PresentedHostKey } from './hostKey';

/**
 * - `unreachable`: no SSH session (refused, timeout, no route, DNS, reset). Retried.
 * - `dropped`: the connection went away while a command ran. Retried: every runner is re-entrant.
 * - `busy`: another run holds the host's bootstrap lock (an earlier attempt still running). Retried.
 * - `transient`: the handshake failed for another reason. Retried.
 * - `auth`: the host refused the private key. Terminal: fix the credentials or authorized_keys.
 * - `hostKeyChanged`: the host presented another key than the pinned one. Terminal: a human must
 *   decide whether the host was reinstalled or someone is in the middle.
 * - `commandFailed`: a bootstrap or reset command exited non-zero. Terminal for this machine.
 * - `claimed`: the host is claimed by another machine. Retried (it may be released).
 * - `invalidSpec`: the host's declaration is unusable (bad pin, missing or unreadable key). Terminal.
 */
export type SshErrorClass =
  | 'unreachable'
  | 'dropped'
  | 'busy'
  | 'transient'
  | 'auth'
  | 'hostKeyChanged'
  | 'commandFailed'
  | 'claimed'
  | 'invalidSpec';

export interface SshCallContext {
  /** the host's name in the inventory (`<namespace>/<name>` or a plain name) */
  host: string;
  /** `address:port` */
  address: string;
  /** what was being done, e.g. `connect`, `bootstrap`, `claim` */
  operation: string;
  /** the credentials reference, named when the key is at fault */
  credentialsName?: string;
}

const TYPE_OF_CLASS: Record<SshErrorClass, ErrorType> = {
  unreachable: ErrorTypes.ProviderUnavailable,
  dropped: ErrorTypes.ProviderUnavailable,
  busy: ErrorTypes.Conflict,
  transient: ErrorTypes.ProviderUnavailable,
  auth: ErrorTypes.AuthFailed,
  hostKeyChanged: ErrorTypes.AuthFailed,
  commandFailed: ErrorTypes.ProvisioningFailed,
  claimed: ErrorTypes.Conflict,
  invalidSpec: ErrorTypes.InvalidSpec,
};

/** Node socket codes that mean "no SSH server answered (yet)". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
]);

/**
 * The class of an error ssh2 raised while connecting, from its `level` and Node's `code`. Host-key
 * mismatches are found by the verifier itself, not from the error, and never reach this.
 */
export function classifyConnectError(err: {
  level?: unknown;
  code?: unknown;
  message?: unknown;
}): SshErrorClass {
  if (err.level === 'client-authentication') return 'auth';
  if (err.level === 'client-timeout' || err.level === 'client-dns') return 'unreachable';
  if (typeof err.code === 'string' && UNREACHABLE_CODES.has(err.code)) return 'unreachable';
  if (err.level === 'client-socket') return 'unreachable';
  if (
    typeof err.message === 'string' &&
    /Cannot parse privateKey|Encrypted private OpenSSH key detected/.test(err.message)
  ) {
    return 'invalidSpec';
  }
  return 'transient';
}

export function sshFailure(
  cls: SshErrorClass,
  detail: string,
  ctx: SshCallContext,
  extra: Record<string, unknown> = {},
): ApplicationFailure {
  const type = TYPE_OF_CLASS[cls];
  const at = `SSH host ${ctx.host} (${ctx.address})`;
  let message: string;
  switch (cls) {
    case 'unreachable':
      message = `${at} is unreachable during ${ctx.operation} (${detail}); will retry`;
      break;
    case 'dropped':
      message = `${at}: the connection dropped during ${ctx.operation} (${detail}); will retry, the run is re-entrant`;
      break;
    case 'busy':
      message = `${at} is busy during ${ctx.operation} (${detail}); will retry`;
      break;
    case 'transient':
      message = `${at} failed during ${ctx.operation} (${detail}); will retry`;
      break;
    case 'auth': {
      const which = ctx.credentialsName ? ` of credentials "${ctx.credentialsName}"` : '';
      message = `${at} refused the private key${which} during ${ctx.operation} (${detail}); check the user and the host's authorized_keys`;
      break;
    }
    case 'hostKeyChanged':
      message = `${at}: ${detail}`;
      break;
    case 'commandFailed':
      message = `${at}: ${ctx.operation} failed: ${detail}`;
      break;
    case 'claimed':
      message = `${at} is claimed by another machine (${detail})`;
      break;
    case 'invalidSpec':
      message = `${at}: ${detail}`;
      break;
  }
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: TERMINAL_ERROR_TYPES.includes(type),
    details: [
      { host: ctx.host, address: ctx.address, operation: ctx.operation, sshErrorClass: cls, ...extra },
    ],
  });
}

/** The host presented another key than the pinned one: terminal, with the words an operator needs. */
export function hostKeyChanged(
  ctx: SshCallContext,
  expected: string,
  presented: PresentedHostKey,
): ApplicationFailure {
  return sshFailure(
    'hostKeyChanged',
    `host key changed: expected ${expected}, presented ${presented.fingerprint} (${presented.keyType}). ` +
      'This is a possible man-in-the-middle or a reinstalled host; nothing was sent to it. ' +
      'If the host was reinstalled, re-enrol it and pin the new key.',
    ctx,
    {
      expectedFingerprint: expected,
      presentedFingerprint: presented.fingerprint,
      presentedKeyType: presented.keyType,
    },
  );
}

/** A problem with the host's declaration found before any call (bad pin, missing credentials). */
export function sshInvalidSpec(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.InvalidSpec, message, nonRetryable: true });
}
