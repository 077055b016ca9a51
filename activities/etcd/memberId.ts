/**
 * etcd member IDs are uint64. The JSON gateway carries them as decimal strings; a JS number would
 * silently round most of them (2^53 < 2^64), so they stay strings end to end.
 */
const UINT64_MAX = 18446744073709551615n;

/** True for a non-zero uint64 in canonical decimal form (no sign, no leading zeros). */
export function isMemberId(id: string): boolean {
  if (!/^[1-9][0-9]{0,19}$/.test(id)) return false;
  return BigInt(id) <= UINT64_MAX;
}

/** `etcdctl member list` prints IDs in hex; this is that form, for messages. */
export function memberIdHex(id: string): string {
  return isMemberId(id) ? BigInt(id).toString(16) : id;
}

/** Raft's "no leader" is member id 0, which the gateway omits (proto3 default) or sends as "0". */
export function leaderIdOrUndefined(raw: unknown): string | undefined {
  return typeof raw === 'string' && isMemberId(raw) ? raw : undefined;
}
