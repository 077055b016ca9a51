/**
 * Claiming and releasing an existing host for one machine, over SSH. Both are idempotent: the
 * owner claiming again, or releasing a free host, succeeds without change. A host claimed by
 * another machine is refused (retryable Conflict: it may be released later).
 */
import {
  CLAIM_PATH,
  CLAIM_SCRIPT,
  READ_CLAIM_SCRIPT,
  describeClaim,
  parseClaim,
  releaseScript,
  renderClaim,
  sameOwner,
  type ClaimRecord,
  type HostClaim,
} from './claimMarker';
import { OutputTail, lastLines } from './outputTail';
import { sshFailure } from './sshFailure';
import type { SshSession } from './sshSession';

export interface ReleaseOptions {
  /** run before the claim goes, e.g. `kubeadm reset -f`; a failure leaves the host claimed */
  resetCommand?: string;
  signal?: AbortSignal;
}

export type ReleaseOutcome =
  /** the claim was ours and is gone (after the reset command, if any) */
  | 'released'
  /** there was no claim */
  | 'alreadyFree'
  /** another machine holds the host: left untouched */
  | 'claimedByOther';

function readRecord(session: SshSession, text: string, operation: string): ClaimRecord {
  const parsed = parseClaim(text);
  if (!parsed.ok) {
    throw sshFailure(
      'invalidSpec',
      `${parsed.problem}; a human must inspect or remove it`,
      session.context(operation),
    );
  }
  return parsed.claim;
}

/** The claim on the host, undefined when it is free. */
export async function readHostClaim(
  session: SshSession,
  signal?: AbortSignal,
): Promise<ClaimRecord | undefined> {
  const res = await session.execRoot(READ_CLAIM_SCRIPT, 'read claim', signal ? { signal } : {});
  if (res.code !== 0) {
    throw sshFailure(
      'transient',
      `reading ${CLAIM_PATH} exited with status ${String(res.code)}: ${session.redact(res.stderr.trim())}`,
      session.context('read claim'),
    );
  }
  return res.stdout.trim() === '' ? undefined : readRecord(session, res.stdout, 'read claim');
}

/** Claims the host for `claim`'s machine; answers the claim as recorded on the host. */
export async function claimHost(
  session: SshSession,
  claim: HostClaim,
  options: { signal?: AbortSignal; now?: Date } = {},
): Promise<ClaimRecord> {
  const res = await session.execRoot(CLAIM_SCRIPT, 'claim', {
    stdin: renderClaim(claim, options.now ?? new Date()),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (res.code !== 0) {
    throw sshFailure(
      'transient',
      `writing ${CLAIM_PATH} exited with status ${String(res.code)}: ${session.redact(res.stderr.trim())}`,
      session.context('claim'),
    );
  }
  const held = readRecord(session, res.stdout, 'claim');
  if (!sameOwner(held, claim)) {
    throw sshFailure(
      'claimed',
      `${CLAIM_PATH} names ${describeClaim(held)}; refused for ${describeClaim(claim)}`,
      session.context('claim'),
      {
        heldBy: { namespace: held.namespace, cluster: held.cluster, machine: held.machine },
      },
    );
  }
  return held;
}

/** Releases the host if `claim`'s machine holds it; another machine's claim is left alone. */
export async function releaseHost(
  session: SshSession,
  claim: HostClaim,
  options: ReleaseOptions = {},
): Promise<ReleaseOutcome> {
  const held = await readHostClaim(session, options.signal);
  if (!held) return 'alreadyFree';
  if (!sameOwner(held, claim)) return 'claimedByOther';
  const tail = new OutputTail();
  const res = await session.execRoot(releaseScript(options.resetCommand), 'release', {
    ...(options.signal ? { signal: options.signal } : {}),
    onOutput: (c) => tail.push(c),
  });
  if (res.code !== 0) {
    const out = session.redact(lastLines(tail.text(), 25));
    throw sshFailure(
      'commandFailed',
      `${options.resetCommand ? `reset command ${JSON.stringify(session.redact(options.resetCommand))}` : 'removing the claim'} exited with status ${String(res.code)}; the host stays claimed; output (last lines):\n${out || '(no output)'}`,
      session.context('release'),
      { exitCode: res.code, outputTail: out },
    );
  }
  return 'released';
}
