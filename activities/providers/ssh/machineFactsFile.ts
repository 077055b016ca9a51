/**
 * What the machine on a host was made from (role, version, the cloud-init it ran), kept on the
 * host beside its bootstrap state, as cloud-init keeps its user data under /var/lib/cloud: so
 * any worker can read it back later (the kubelet stand-in registers the machine's Node from it).
 * Root-only (0600): the user data carries the join token. Removed with the bootstrap state when
 * the host is released.
 */
import type { MachineFacts } from '../standIn/machineFacts';
import type { MachineRole } from '../types';
import { BOOTSTRAP_STATE_DIR } from './bootstrapScript';
import { sshFailure } from './sshFailure';
import type { SshSession } from './sshSession';
import { shellQuote } from './shellQuote';

export const MACHINE_FACTS_PATH = `${BOOTSTRAP_STATE_DIR}/machine-facts.json`;
const f = shellQuote(MACHINE_FACTS_PATH);

const WRITE_FACTS_SCRIPT = ['set -eu', 'umask 077', `mkdir -p ${shellQuote(BOOTSTRAP_STATE_DIR)}`, `t=$(mktemp ${f}.XXXXXX)`, 'cat > "$t"', `mv "$t" ${f}`].join('\n');
const READ_FACTS_SCRIPT = `if [ -e ${f} ]; then cat ${f}; fi`;

export async function writeMachineFacts(session: SshSession, facts: { role: MachineRole; version: string; userData: string }): Promise<void> {
  const res = await session.execRoot(WRITE_FACTS_SCRIPT, 'write machine facts', { stdin: JSON.stringify(facts) });
  if (res.code !== 0) {
    throw sshFailure('transient', `writing ${MACHINE_FACTS_PATH} exited with status ${String(res.code)}: ${session.redact(res.stderr.trim())}`, session.context('write machine facts'));
  }
}

/** The facts recorded on the host, or undefined when none are (a machine bootstrapped before they were kept). */
export async function readMachineFacts(session: SshSession): Promise<Omit<MachineFacts, 'address'> | undefined> {
  const res = await session.execRoot(READ_FACTS_SCRIPT, 'read machine facts');
  if (res.code !== 0 || res.stdout.trim() === '') return undefined;
  try {
    const v = JSON.parse(res.stdout) as { role?: unknown; version?: unknown; userData?: unknown };
    if ((v.role !== 'control-plane' && v.role !== 'worker') || typeof v.version !== 'string') return undefined;
    return { role: v.role, version: v.version, ...(typeof v.userData === 'string' ? { userData: v.userData } : {}) };
  } catch {
    return undefined;
  }
}
