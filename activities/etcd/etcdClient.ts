/**
 * etcd membership over the v3 JSON gateway (etcd 3.4+), as `etcdctl member ...`, `move-leader`
 * and `endpoint health --cluster` do it, with KCP's checks first. Every method is re-entrant:
 * a repeated add returns the member already added, a repeated promote or remove succeeds, a move
 * to the current leader changes nothing. Errors are ApplicationFailures (etcdFailure.ts):
 * retryable while the cluster may still get there (learner not in sync, quorum would be lost,
 * no answer), terminal when it cannot (bad id or URL, the member to promote is gone).
 */
import { EtcdCallError } from './etcdCallError';
import { isAlreadyMember, isLearnerNotInSync, isMemberNotFound, isNotALearner, isNotLeader, isTooManyLearners } from './etcdErrorMessages';
import { etcdConflict, etcdFailure, etcdInvalid, etcdNotFound, etcdUnavailable, type EtcdCallContext } from './etcdFailure';
import { callWithFailover, orderedEndpoints } from './etcdEndpoints';
import { etcdCall, etcdRequest, type FetchLike } from './etcdHttp';
import { decodeAlarms, decodeHealth, decodeMembers, decodeStatus, type EtcdAlarmRecord, type EtcdMemberRecord } from './etcdWire';
import { initialClusterFor, samePeerURL } from './initialCluster';
import { isMemberId, memberIdHex } from './memberId';
import { memberViews, type EtcdMemberView, type StatusProbe } from './memberView';
import { quorumOf, removalVerdict } from './quorum';

export interface EtcdClientOptions {
  /** client URLs to start from, e.g. `http://172.30.0.11:2379`; member lists add the rest */
  endpoints: readonly string[];
  /** what the cluster is, for messages (e.g. `cluster team-a/dev`) */
  subject?: string;
  /** one gateway request; etcd's own request timeout is 5 s plus election time */
  requestTimeoutMs?: number;
  /** asking one member for its status or health */
  probeTimeoutMs?: number;
  /** how long moveLeader waits to see the new leader in the list */
  leaderWaitMs?: number;
  fetchImpl?: FetchLike;
}

export interface AddLearnerResult {
  member: EtcdMemberView;
  /** false when a member with this peer URL already existed (a repeated add) */
  added: boolean;
  /** `--initial-cluster` to start the new member with (`--initial-cluster-state existing`) */
  initialCluster: string;
}

export interface EndpointHealth {
  id: string;
  name: string;
  endpoint: string;
  isLearner: boolean;
  healthy: boolean;
  message: string;
}

export interface ClusterHealth {
  /** a voting member served a quorum read (`/health`): the cluster has quorum */
  quorum: boolean;
  message: string;
  endpoints: EndpointHealth[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EtcdClient {
  private readonly seeds: string[];
  private discovered: string[] = [];
  private readonly subject: string;
  private readonly requestTimeoutMs: number;
  private readonly probeTimeoutMs: number;
  private readonly leaderWaitMs: number;
  private readonly fetchImpl: FetchLike | undefined;

  constructor(opts: EtcdClientOptions) {
    this.seeds = orderedEndpoints(opts.endpoints);
    if (this.seeds.length === 0) throw etcdInvalid('an etcd client needs at least one client URL');
    this.subject = opts.subject ?? 'etcd';
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 8000;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 1500;
    this.leaderWaitMs = opts.leaderWaitMs ?? 5000;
    this.fetchImpl = opts.fetchImpl;
  }

  /** `member list` with the leader and each member's health (status on its own client URL). */
  async memberList(): Promise<EtcdMemberView[]> {
    const { members, endpoint } = await this.listRecords();
    const [probes, alarms] = await Promise.all([this.probeAll(members), this.alarms(endpoint)]);
    return memberViews(members, probes, alarms);
  }

  /** `member add --learner`; a member with this peer URL already there is returned, not added again. */
  async addLearner(name: string, peerURL: string): Promise<AddLearnerResult> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw etcdInvalid(`etcd member name ${JSON.stringify(name)} is not valid`);
    if (!/^https?:\/\/[^/\s]+\/?$/.test(peerURL)) throw etcdInvalid(`etcd peer URL ${JSON.stringify(peerURL)} is not an http(s)://host:port URL`);
    const ctx: EtcdCallContext = { operation: 'MemberAdd', subject: `learner ${name} (${peerURL}) of ${this.subject}` };
    const before = await this.memberList();
    const existing = before.find((m) => m.peerURLs.some((u) => samePeerURL(u, peerURL)));
    if (existing) return this.addResult(before, existing.id, name, false);
    try {
      const body = await this.callVoters(before, [], '/v3/cluster/member/add', { peerURLs: [peerURL], isLearner: true }, ctx);
      const id = (decodeMembers({ members: [(body as { member?: unknown }).member] })[0] ?? { id: '' }).id;
      const after = await this.memberList();
      if (!after.some((m) => m.id === id)) throw etcdUnavailable(`etcd added ${name} but the member list does not show it yet; will look again`);
      return this.addResult(after, id, name, true);
    } catch (err) {
      const message = err instanceof EtcdCallError ? err.message : '';
      if (isAlreadyMember(message)) {
        // the add of an earlier attempt went through: answer that member
        const after = await this.memberList();
        const found = after.find((m) => m.peerURLs.some((u) => samePeerURL(u, peerURL)));
        if (found) return this.addResult(after, found.id, name, false);
      }
      if (isTooManyLearners(message)) {
        const learner = before.find((m) => m.isLearner);
        throw etcdConflict(
          `etcd MemberAdd for ${ctx.subject} refused: etcd 3.4 allows one learner at a time and ` +
            `${learner ? describe(learner) : 'another member'} is still a learner; promote or remove it first; will retry`,
        );
      }
      throw etcdFailure(err, ctx);
    }
  }

  /** `member promote`: retryable while the learner catches up; a voting member is already promoted. */
  async promote(id: string): Promise<{ promoted: boolean; members: EtcdMemberView[] }> {
    requireId(id);
    const before = await this.memberList();
    const member = before.find((m) => m.id === id);
    const ctx: EtcdCallContext = {
      operation: 'MemberPromote',
      subject: `${member ? describe(member) : `member ${memberIdHex(id)}`} of ${this.subject}`,
      notFoundIsTerminal: true,
    };
    if (!member) throw etcdNotFound(`etcd MemberPromote for ${ctx.subject}: no such member; add it again`, true);
    if (!member.isLearner) return { promoted: false, members: before };
    try {
      await this.callVoters(before, [], '/v3/cluster/member/promote', { ID: id }, ctx);
    } catch (err) {
      const message = err instanceof EtcdCallError ? err.message : '';
      if (isNotALearner(message)) return { promoted: false, members: await this.memberList() };
      if (isLearnerNotInSync(message)) {
        throw etcdConflict(`etcd MemberPromote for ${ctx.subject}: the learner is not in sync with the leader yet (${message}); will retry`);
      }
      if (isMemberNotFound(message)) throw etcdNotFound(`etcd MemberPromote for ${ctx.subject}: the member is gone; add it again`, true);
      throw etcdFailure(err, ctx);
    }
    return { promoted: true, members: await this.memberList() };
  }

  /**
   * `member remove`, refused (retryable Conflict, nothing changed) when the voting members left
   * would have fewer healthy ones than their quorum; "already gone" is success (`removed: false`).
   */
  async remove(id: string): Promise<{ removed: boolean }> {
    requireId(id);
    const before = await this.memberList();
    const member = before.find((m) => m.id === id);
    const subject = `${member ? describe(member) : `member ${memberIdHex(id)}`} of ${this.subject}`;
    const verdict = removalVerdict(before, id);
    if (verdict.verdict === 'gone') return { removed: false };
    if (verdict.verdict === 'refused') {
      throw etcdConflict(`etcd MemberRemove for ${subject} refused: ${verdict.reason}; nothing was changed; will retry`);
    }
    try {
      await this.callVoters(before, [id], '/v3/cluster/member/remove', { ID: id }, { operation: 'MemberRemove', subject });
    } catch (err) {
      if (err instanceof EtcdCallError && isMemberNotFound(err.message)) return { removed: false };
      throw etcdFailure(err, { operation: 'MemberRemove', subject });
    }
    this.discovered = this.discovered.filter((e) => !(member?.clientURLs ?? []).includes(e));
    return { removed: true };
  }

  /** `move-leader` to a healthy voting member; answers the member list showing it lead. */
  async moveLeader(toId: string): Promise<EtcdMemberView[]> {
    requireId(toId);
    const before = await this.memberList();
    const target = before.find((m) => m.id === toId);
    const subject = `${target ? describe(target) : `member ${memberIdHex(toId)}`} of ${this.subject}`;
    if (!target) throw etcdNotFound(`etcd MoveLeader to ${subject}: no such member`, false);
    if (target.isLearner) throw etcdConflict(`etcd MoveLeader to ${subject} refused: a learner cannot lead; promote it first`);
    if (!target.healthy) throw etcdConflict(`etcd MoveLeader to ${subject} refused: it is not healthy (${target.message}); will retry`);
    if (target.isLeader) return before;
    const leader = before.find((m) => m.isLeader);
    if (!leader) throw etcdUnavailable(`etcd MoveLeader to ${subject}: the cluster has no leader now (no quorum?); will retry`);
    const ctx: EtcdCallContext = { operation: 'MoveLeader', subject };
    try {
      // only the leader can hand leadership over: no fail-over to other members
      await callWithFailover({
        endpoints: leader.clientURLs,
        path: '/v3/maintenance/transfer-leadership',
        body: { targetID: toId },
        timeoutMs: this.requestTimeoutMs,
        ...this.fetchOpt(),
      });
    } catch (err) {
      if (err instanceof EtcdCallError && isNotLeader(err.message)) {
        throw etcdConflict(`etcd MoveLeader to ${subject}: leadership changed meanwhile (${err.message}); will retry`);
      }
      throw etcdFailure(err, ctx);
    }
    const deadline = Date.now() + this.leaderWaitMs;
    for (;;) {
      const after = await this.memberList();
      if (after.find((m) => m.id === toId)?.isLeader) return after;
      if (Date.now() > deadline) {
        throw etcdUnavailable(`etcd MoveLeader to ${subject}: etcd accepted the transfer but the member list does not show the new leader yet; will retry`);
      }
      await sleep(100);
    }
  }

  /** `endpoint health --cluster`: `/health` (a quorum read) on every started member; never throws. */
  async health(): Promise<ClusterHealth> {
    let members: EtcdMemberRecord[];
    try {
      members = (await this.listRecords()).members;
    } catch (err) {
      return { quorum: false, message: `no member answers the member list: ${(err as Error).message}`, endpoints: [] };
    }
    const endpoints = (
      await Promise.all(members.filter((m) => m.clientURLs.length > 0).map((m) => this.healthOf(m)))
    ).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const voters = endpoints.filter((e) => !e.isLearner);
    const quorum = voters.some((e) => e.healthy);
    const healthyCount = voters.filter((e) => e.healthy).length;
    return {
      quorum,
      message: quorum
        ? `${healthyCount} of ${voters.length} voting member(s) healthy`
        : `no voting member serves a quorum read: ${voters.map((e) => `${e.name}: ${e.message}`).join('; ') || 'none started'}`,
      endpoints,
    };
  }

  // ---- internals ----

  private fetchOpt(): { fetchImpl?: FetchLike } {
    return this.fetchImpl ? { fetchImpl: this.fetchImpl } : {};
  }

  private async listRecords(): Promise<{ members: EtcdMemberRecord[]; endpoint: string }> {
    try {
      const { body, endpoint } = await callWithFailover({
        endpoints: orderedEndpoints(this.discovered, this.seeds),
        path: '/v3/cluster/member/list',
        body: {},
        timeoutMs: this.requestTimeoutMs,
        ...this.fetchOpt(),
      });
      const members = decodeMembers(body);
      this.discovered = orderedEndpoints(members.filter((m) => !m.isLearner).flatMap((m) => m.clientURLs));
      return { members, endpoint };
    } catch (err) {
      throw etcdFailure(err, { operation: 'MemberList', subject: this.subject });
    }
  }

  private async probeAll(members: readonly EtcdMemberRecord[]): Promise<Map<string, StatusProbe>> {
    const entries = await Promise.all(
      members.filter((m) => m.clientURLs.length > 0).map(async (m) => [m.id, await this.probe(m)] as const),
    );
    return new Map(entries);
  }

  private async probe(m: EtcdMemberRecord): Promise<StatusProbe> {
    try {
      const { body } = await callWithFailover({
        endpoints: m.clientURLs,
        path: '/v3/maintenance/status',
        body: {},
        timeoutMs: this.probeTimeoutMs,
        ...this.fetchOpt(),
      });
      return { ok: true, status: decodeStatus(body) };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  /** Alarms are part of health, but a member list must not fail for want of them. */
  private async alarms(endpoint: string): Promise<EtcdAlarmRecord[]> {
    try {
      const body = await etcdCall({
        endpoint,
        path: '/v3/maintenance/alarm',
        body: { action: 'GET' },
        timeoutMs: this.probeTimeoutMs,
        ...this.fetchOpt(),
      });
      return decodeAlarms(body);
    } catch {
      return [];
    }
  }

  private async healthOf(m: EtcdMemberRecord): Promise<EndpointHealth> {
    const endpoint = m.clientURLs[0] ?? '';
    const base = { id: m.id, name: m.name, endpoint, isLearner: m.isLearner };
    try {
      const answer = await etcdRequest({ endpoint, path: '/health', timeoutMs: this.probeTimeoutMs, ...this.fetchOpt() });
      const h = decodeHealth(answer.body);
      return { ...base, healthy: h.healthy, message: h.healthy ? 'healthy' : h.reason || `unhealthy (HTTP ${answer.httpStatus})` };
    } catch (err) {
      return { ...base, healthy: false, message: (err as Error).message };
    }
  }

  /**
   * A membership change, sent to a healthy voting member (the leader first) other than
   * `avoid`: a member being removed shuts down once its removal commits.
   */
  private async callVoters(
    members: readonly EtcdMemberView[],
    avoid: readonly string[],
    path: string,
    body: unknown,
    ctx: EtcdCallContext,
  ): Promise<unknown> {
    const q = quorumOf(members);
    if (!q.ok) {
      throw etcdUnavailable(
        `etcd ${ctx.operation} for ${ctx.subject}: the cluster has no quorum (${q.healthyVoting} of ${q.voting} voting member(s) healthy, ${q.needed} needed); will retry`,
      );
    }
    const targets = [...members]
      .filter((m) => !m.isLearner && m.healthy && !avoid.includes(m.id))
      .sort((a, b) => Number(b.isLeader) - Number(a.isLeader));
    const answer = await callWithFailover({
      endpoints: orderedEndpoints(...targets.map((m) => m.clientURLs)),
      path,
      body,
      timeoutMs: this.requestTimeoutMs,
      ...this.fetchOpt(),
    });
    return answer.body;
  }

  private addResult(members: EtcdMemberView[], id: string, name: string, added: boolean): AddLearnerResult {
    const member = members.find((m) => m.id === id);
    if (!member) throw etcdUnavailable(`etcd member ${memberIdHex(id)} is not in the member list; will look again`);
    return { member, added, initialCluster: initialClusterFor(members, id, name) };
  }
}

function requireId(id: string): void {
  if (!isMemberId(id)) {
    throw etcdInvalid(`etcd member id ${JSON.stringify(id)} is not a decimal uint64 (the JSON gateway's form)`);
  }
}

function describe(m: EtcdMemberView): string {
  return `member ${m.name || '(unstarted)'} (${m.id})`;
}
