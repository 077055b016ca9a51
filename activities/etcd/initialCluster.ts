/**
 * What a new member must be started with after `member add`: `--initial-cluster` listing every
 * member that has a name (started ones) plus the new one, as `etcdctl member add` prints it as
 * ETCD_INITIAL_CLUSTER, and `--initial-cluster-state existing`. Pure.
 */
import type { EtcdMemberRecord } from './etcdWire';

export function initialClusterFor(members: readonly EtcdMemberRecord[], newId: string, newName: string): string {
  const parts: string[] = [];
  for (const m of members) {
    const name = m.id === newId ? newName : m.name;
    if (name === '') continue; // a member that never started is left out, as etcdctl does
    for (const url of m.peerURLs) parts.push(`${name}=${url}`);
  }
  return parts.join(',');
}

/** Peer URLs compare without a trailing slash and case-insensitively in scheme and host. */
export function samePeerURL(a: string, b: string): boolean {
  return normalizeURL(a) === normalizeURL(b);
}

function normalizeURL(u: string): string {
  try {
    const url = new URL(u);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return u.trim().replace(/\/+$/, '').toLowerCase();
  }
}
