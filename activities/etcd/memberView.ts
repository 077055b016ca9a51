/**
 * The member list as `etcdctl member list` + `endpoint status --cluster` + `alarm list` show it
 * together: which member leads, and whether each one is healthy (answers status on its own client
 * URL, knows a leader, and has raised no alarm). Pure: the caller gathers the answers.
 */
import type { EtcdAlarmRecord, EtcdMemberRecord, EtcdStatusRecord } from './etcdWire';

export interface EtcdMemberView extends EtcdMemberRecord {
  isLeader: boolean;
  healthy: boolean;
  /** the member has published its name and client URLs (its process joined the cluster) */
  started: boolean;
  /** why it is not healthy; empty when healthy */
  message: string;
}

/** What asking one member for its status gave: its status, or why it did not answer. */
export type StatusProbe = { ok: true; status: EtcdStatusRecord } | { ok: false; error: string };

/**
 * The leader the cluster agrees on: among the members that answered and know a leader, the one
 * seen in the highest raft term (a member cut off from the others may still name an old one).
 */
export function agreedLeader(probes: ReadonlyMap<string, StatusProbe>): string | undefined {
  let best: { leader: string; term: bigint } | undefined;
  for (const p of probes.values()) {
    if (!p.ok || p.status.leader === undefined) continue;
    if (best === undefined || p.status.raftTerm > best.term) best = { leader: p.status.leader, term: p.status.raftTerm };
  }
  return best?.leader;
}

export function memberViews(
  members: readonly EtcdMemberRecord[],
  probes: ReadonlyMap<string, StatusProbe>,
  alarms: readonly EtcdAlarmRecord[],
): EtcdMemberView[] {
  const leader = agreedLeader(probes);
  return [...members]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((m) => {
      const started = m.name !== '' && m.clientURLs.length > 0;
      const probe = probes.get(m.id);
      const memberAlarms = alarms.filter((a) => a.memberId === m.id).map((a) => a.alarm);
      let message = '';
      if (!started) message = 'member has not started yet (no name or client URLs published)';
      else if (probe === undefined) message = 'member was not asked for its status';
      else if (!probe.ok) message = `member does not answer status: ${probe.error}`;
      else if (probe.status.leader === undefined) message = 'member knows no leader (no quorum reachable from it)';
      else if (probe.status.errors.length > 0) message = `member reports errors: ${probe.status.errors.join('; ')}`;
      else if (memberAlarms.length > 0) message = `member raised alarm(s): ${memberAlarms.join(', ')}`;
      return { ...m, started, isLeader: leader === m.id, healthy: message === '', message };
    });
}
