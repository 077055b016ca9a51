/**
 * The claim marker on a host: `/etc/capstan/claim`, one JSON object naming the machine that owns
 * the host. Pure: the scripts that create, read and remove it, and the comparison of owners.
 * Creation is atomic on the host (a hard link fails when the name exists), so two workers racing
 * for one host cannot both win.
 */
import { BOOTSTRAP_SENTINEL, BOOTSTRAP_STATE_DIR } from './bootstrapScript';
import { shellQuote } from './shellQuote';

export const CLAIM_PATH = '/etc/capstan/claim';

export interface HostClaim {
  namespace: string;
  cluster: string;
  machine: string;
}

export interface ClaimRecord extends HostClaim {
  /** when the claim was made (ISO 8601), for humans */
  claimedAt?: string;
}

export function sameOwner(a: HostClaim, b: HostClaim): boolean {
  return a.namespace === b.namespace && a.cluster === b.cluster && a.machine === b.machine;
}

export function describeClaim(c: HostClaim): string {
  return `machine ${c.namespace}/${c.machine} of cluster ${c.namespace}/${c.cluster}`;
}

export function renderClaim(claim: HostClaim, now: Date): string {
  const record: ClaimRecord = {
    namespace: claim.namespace,
    cluster: claim.cluster,
    machine: claim.machine,
    claimedAt: now.toISOString(),
  };
  return `${JSON.stringify(record)}\n`;
}

export type ClaimParse = { ok: true; claim: ClaimRecord } | { ok: false; problem: string };

export function parseClaim(text: string): ClaimParse {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${CLAIM_PATH} is not JSON` };
  }
  const r = v as Partial<Record<keyof ClaimRecord, unknown>>;
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof r.namespace !== 'string' ||
    typeof r.cluster !== 'string' ||
    typeof r.machine !== 'string'
  ) {
    return { ok: false, problem: `${CLAIM_PATH} does not name namespace, cluster and machine` };
  }
  return {
    ok: true,
    claim: {
      namespace: r.namespace,
      cluster: r.cluster,
      machine: r.machine,
      ...(typeof r.claimedAt === 'string' ? { claimedAt: r.claimedAt } : {}),
    },
  };
}

const f = shellQuote(CLAIM_PATH);

/** Creates the claim from stdin unless one exists, then prints whichever claim is there. */
export const CLAIM_SCRIPT = [
  'set -eu',
  `mkdir -p ${shellQuote('/etc/capstan')}`,
  `t=$(mktemp ${f}.XXXXXX)`,
  'cat > "$t"',
  'chmod 0644 "$t"',
  `ln "$t" ${f} 2>/dev/null || true`,
  'rm -f "$t"',
  `cat ${f}`,
].join('\n');

/** Prints the claim, or nothing (exit 0) when the host is free. */
export const READ_CLAIM_SCRIPT = `if [ -e ${f} ]; then cat ${f}; fi`;

/**
 * Makes the host free again: the reset command first (a failure leaves the host claimed, so the
 * release is retried), then the bootstrap state and CAPI's sentinel, the claim last.
 */
export function releaseScript(resetCommand: string | undefined): string {
  return [
    'set -e',
    ...(resetCommand ? [`/bin/sh -c ${shellQuote(resetCommand)} < /dev/null`] : []),
    `rm -rf ${shellQuote(BOOTSTRAP_STATE_DIR)}`,
    `rm -f ${shellQuote(BOOTSTRAP_SENTINEL)}`,
    `rm -f ${f}`,
  ].join('\n');
}
