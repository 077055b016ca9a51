/**
 * The shapes etcd 3.4's grpc-gateway answers on `/v3/...` (proto field names; proto3 defaults
 * such as `isLearner: false`, an empty name or `leader: 0` are left out), decoded defensively.
 * Pure: no I/O.
 */
import { leaderIdOrUndefined, isMemberId } from './memberId';

/** One entry of `MemberListResponse.members` / `MemberAddResponse.member`. */
export interface EtcdMemberRecord {
  /** decimal uint64 */
  id: string;
  /** empty until the member has started and published its name */
  name: string;
  peerURLs: string[];
  /** empty until the member has started */
  clientURLs: string[];
  isLearner: boolean;
}

/** `StatusResponse` of one member (`/v3/maintenance/status` on its own client URL). */
export interface EtcdStatusRecord {
  /** the answering member's id (from the header) */
  memberId?: string;
  version: string;
  /** the leader this member knows; undefined while there is none */
  leader?: string;
  raftTerm: bigint;
  raftIndex: bigint;
  raftAppliedIndex: bigint;
  isLearner: boolean;
  /** e.g. alarms this member raised ("NOSPACE") */
  errors: string[];
}

/** `AlarmResponse.alarms`: an alarm (NOSPACE, CORRUPT) raised by a member. */
export interface EtcdAlarmRecord {
  memberId: string;
  alarm: string;
}

function obj(raw: unknown): Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

function strings(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
}

function uint(raw: unknown): bigint {
  if (typeof raw === 'string' && /^[0-9]+$/.test(raw)) return BigInt(raw);
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return BigInt(raw);
  return 0n;
}

export function decodeMember(raw: unknown): EtcdMemberRecord | undefined {
  const m = obj(raw);
  const id = typeof m.ID === 'string' ? m.ID : undefined;
  if (id === undefined || !isMemberId(id)) return undefined;
  return {
    id,
    name: typeof m.name === 'string' ? m.name : '',
    peerURLs: strings(m.peerURLs),
    clientURLs: strings(m.clientURLs),
    isLearner: m.isLearner === true,
  };
}

/** `MemberListResponse` (also the `members` of add/remove/promote answers). */
export function decodeMembers(raw: unknown): EtcdMemberRecord[] {
  const members = obj(raw).members;
  if (!Array.isArray(members)) return [];
  return members.map(decodeMember).filter((m): m is EtcdMemberRecord => m !== undefined);
}

export function decodeStatus(raw: unknown): EtcdStatusRecord {
  const s = obj(raw);
  const memberId = leaderIdOrUndefined(obj(s.header).member_id);
  const leader = leaderIdOrUndefined(s.leader);
  return {
    ...(memberId !== undefined ? { memberId } : {}),
    version: typeof s.version === 'string' ? s.version : '',
    ...(leader !== undefined ? { leader } : {}),
    raftTerm: uint(s.raftTerm),
    raftIndex: uint(s.raftIndex),
    raftAppliedIndex: uint(s.raftAppliedIndex),
    isLearner: s.isLearner === true,
    errors: strings(s.errors),
  };
}

export function decodeAlarms(raw: unknown): EtcdAlarmRecord[] {
  const alarms = obj(raw).alarms;
  if (!Array.isArray(alarms)) return [];
  return alarms.flatMap((a) => {
    const r = obj(a);
    const memberId = leaderIdOrUndefined(r.memberID);
    const alarm = typeof r.alarm === 'string' ? r.alarm : 'NONE';
    return memberId !== undefined && alarm !== 'NONE' ? [{ memberId, alarm }] : [];
  });
}

/** `/health`: `{"health":"true"}`, or false with a reason in newer releases. */
export function decodeHealth(raw: unknown): { healthy: boolean; reason: string } {
  const h = obj(raw);
  const healthy = h.health === 'true' || h.health === true;
  return { healthy, reason: typeof h.reason === 'string' ? h.reason : '' };
}

/** The body of a gateway error: `{"error": "...", "message": "...", "code": <gRPC code>}`. */
export function decodeGatewayError(raw: unknown): { grpcCode?: number; message?: string } {
  const e = obj(raw);
  const message = typeof e.message === 'string' ? e.message : typeof e.error === 'string' ? e.error : undefined;
  return {
    ...(typeof e.code === 'number' ? { grpcCode: e.code } : {}),
    ...(message !== undefined ? { message } : {}),
  };
}
