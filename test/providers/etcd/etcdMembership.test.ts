/**
 * etcd membership against a REAL 3-member etcd 3.4 (Debian etcd-server, one container per
 * member): list with leader and health, grow through a learner (add → start with
 * `--initial-cluster-state existing` → promote once in sync), idempotent repeats, leader moves,
 * removal (and removal again), a removal refused because quorum would be lost, and a KCP-like
 * surge replacement watched by a 200 ms poller that must always see a majority of voters alive.
 * The tests run in order on one cluster; each one leaves it healthy for the next.
 */
import { ApplicationFailure } from '@temporalio/common';
import { EtcdClient, EtcdWorkloadMembership, type EtcdMemberView } from '../../../activities/etcd';
import { EtcdLab, failureOf, retrying } from './etcdLab';

const lab = new EtcdLab();
const CLUSTER = { namespace: 'team-a', name: 'etcd-lab' };
let client: EtcdClient;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timings: Record<string, number> = {};

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings[label] = Date.now() - t0;
  }
}

function byName(members: readonly EtcdMemberView[], name: string): EtcdMemberView {
  const m = members.find((x) => x.name === name);
  if (!m) throw new Error(`no member ${name} in ${members.map((x) => x.name || x.id).join(', ')}`);
  return m;
}

/** Until every member is started and healthy, and there is a leader. */
async function settled(count: number, timeoutMs = 30_000): Promise<EtcdMemberView[]> {
  const deadline = Date.now() + timeoutMs;
  let last: EtcdMemberView[] = [];
  for (;;) {
    try {
      last = await client.memberList();
      if (last.length === count && last.every((m) => m.healthy) && last.some((m) => m.isLeader)) return last;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`etcd did not settle: ${JSON.stringify(last)}`);
    await sleep(200);
  }
}

/** Grows the cluster by `name` the safe way; answers its id. */
async function growByLearner(name: string): Promise<string> {
  const add = await retrying(`add ${name}`, () => client.addLearner(name, lab.peerURL(name)));
  await lab.startMember({ name, initialCluster: add.initialCluster, state: 'existing' });
  await retrying(`promote ${name}`, () => client.promote(add.member.id), { timeoutMs: 60_000 });
  return add.member.id;
}

beforeAll(async () => {
  await lab.start();
  const initial = ['e1', 'e2', 'e3'];
  for (const name of initial) {
    await lab.startMember({ name, initialCluster: lab.initialClusterOf(initial), state: 'new' });
  }
  client = new EtcdClient({
    endpoints: initial.map((n) => lab.clientURL(n)),
    subject: `cluster ${CLUSTER.namespace}/${CLUSTER.name}`,
  });
  await timed('3 members up', () => settled(3));
}, 90_000);

afterAll(async () => {
  await lab.cleanup();
  expect(await lab.leftovers()).toEqual([]);
  console.log(`etcd membership timings (ms): ${JSON.stringify(timings)}`);
}, 60_000);

describe('etcd membership against a real 3-member etcd 3.4', () => {
  test('member list: 3 voting members, exactly one leader, all healthy; ids are decimal strings', async () => {
    const members = await client.memberList();
    expect(members.map((m) => m.name)).toEqual(['e1', 'e2', 'e3']);
    expect(members.every((m) => !m.isLearner && m.healthy && m.started)).toBe(true);
    expect(members.filter((m) => m.isLeader)).toHaveLength(1);
    for (const m of members) {
      expect(m.id).toMatch(/^[1-9][0-9]*$/);
      expect(m.peerURLs).toEqual([lab.peerURL(m.name)]);
      expect(m.clientURLs).toEqual([lab.clientURL(m.name)]);
    }
    const health = await client.health();
    expect(health.quorum).toBe(true);
    expect(health.endpoints.map((e) => [e.name, e.healthy])).toEqual([
      ['e1', true],
      ['e2', true],
      ['e3', true],
    ]);
    // the adapter's shape is the WorkloadCluster's EtcdMember
    const adapter = new EtcdWorkloadMembership(() => client);
    const shaped = await adapter.listEtcdMembers(CLUSTER);
    expect(shaped.map((m) => Object.keys(m).sort())).toEqual(
      Array(3).fill(['healthy', 'id', 'isLeader', 'isLearner', 'name']),
    );
    expect(shaped.map((m) => m.id)).toEqual(members.map((m) => m.id));
  });

  test('grow by a learner: add (repeat is idempotent), one learner at a time, promote refused until in sync, then voting', async () => {
    const add = await timed('add learner', () => retrying('add e4', () => client.addLearner('e4', lab.peerURL('e4'))));
    expect(add.added).toBe(true);
    expect(add.member).toMatchObject({ name: '', isLearner: true, started: false, healthy: false, peerURLs: [lab.peerURL('e4')] });
    // what `etcdctl member add` prints as ETCD_INITIAL_CLUSTER
    expect(add.initialCluster.split(',').sort()).toEqual(
      ['e1', 'e2', 'e3', 'e4'].map((n) => `${n}=${lab.peerURL(n)}`),
    );

    const again = await client.addLearner('e4', `${lab.peerURL('e4')}/`);
    expect(again).toMatchObject({ added: false, member: { id: add.member.id } });
    expect((await client.memberList()).filter((m) => m.peerURLs.includes(lab.peerURL('e4')))).toHaveLength(1);

    // etcd 3.4 allows one learner at a time: a second one waits (retryable Conflict)
    const second = await failureOf(client.addLearner('e9', 'http://192.0.2.9:2380'));
    expect(second).toMatchObject({ type: 'Conflict', nonRetryable: false });
    expect(second.message).toMatch(/one learner at a time/);

    // a learner cannot lead
    const toLearner = await failureOf(client.moveLeader(add.member.id));
    expect(toLearner).toMatchObject({ type: 'Conflict', nonRetryable: false });

    // not started yet: promote is refused as retryable ("not in sync yet"), nothing changes
    const early = await failureOf(client.promote(add.member.id));
    expect(early).toMatchObject({ type: 'Conflict', nonRetryable: false });
    expect(early.message).toMatch(/not in sync with the leader yet/);

    await lab.startMember({ name: 'e4', initialCluster: add.initialCluster, state: 'existing' });
    let notInSync = 0;
    const promoted = await timed('promote after start', () =>
      retrying('promote e4', () => client.promote(add.member.id), { timeoutMs: 60_000, onRetry: () => notInSync++ }),
    );
    expect(promoted.promoted).toBe(true);
    expect(byName(promoted.members, 'e4').isLearner).toBe(false);
    console.log(`promote of e4 was refused ${notInSync} time(s) before the learner was in sync`);

    // a repeated promote is success, not an error
    expect((await client.promote(add.member.id)).promoted).toBe(false);
    const four = await settled(4);
    expect(four.filter((m) => !m.isLearner)).toHaveLength(4);
  });

  test('promote errors: a member that does not exist is terminal NotFound; a malformed id is terminal InvalidSpec', async () => {
    expect(await failureOf(client.promote('12345'))).toMatchObject({ type: 'NotFound', nonRetryable: true });
    expect(await failureOf(client.promote('0x1f'))).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(await failureOf(client.remove('-1'))).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
  });

  test('move leader to a chosen member, by id and through the adapter by name; to the leader itself is a no-op', async () => {
    const before = await client.memberList();
    const target = before.find((m) => !m.isLeader && m.name !== 'e4')!;
    const after = await timed('move leader', () => client.moveLeader(target.id));
    expect(after.filter((m) => m.isLeader).map((m) => m.name)).toEqual([target.name]);
    // every member agrees, seen through an independent status call
    const again = await client.memberList();
    expect(byName(again, target.name).isLeader).toBe(true);

    expect((await client.moveLeader(target.id)).find((m) => m.isLeader)?.name).toBe(target.name);

    const adapter = new EtcdWorkloadMembership(() => client);
    const next = before.find((m) => m.name !== target.name)!;
    const shaped = await adapter.moveEtcdLeader(CLUSTER, { name: next.name });
    expect(shaped.filter((m) => m.isLeader).map((m) => m.name)).toEqual([next.name]);
    expect(await failureOf(adapter.moveEtcdLeader(CLUSTER, { name: 'no-such-node' }))).toMatchObject({ type: 'NotFound' });
  });

  test('remove a member; removing it again succeeds as already gone', async () => {
    const e4 = byName(await client.memberList(), 'e4');
    if (e4.isLeader) await client.moveLeader(byName(await client.memberList(), 'e1').id);
    expect(await timed('remove', () => client.remove(e4.id))).toEqual({ removed: true });
    const left = await client.memberList();
    expect(left.map((m) => m.name)).toEqual(['e1', 'e2', 'e3']);
    expect(await client.remove(e4.id)).toEqual({ removed: false });
    const adapter = new EtcdWorkloadMembership(() => client);
    expect(await adapter.removeEtcdMember(CLUSTER, e4.id)).toEqual({ removed: false });
    // a removed member shuts itself down
    const deadline = Date.now() + 15_000;
    while ((await lab.isRunning('e4')) && Date.now() < deadline) await sleep(200);
    expect(await lab.isRunning('e4')).toBe(false);
    await lab.removeMember('e4');
    await settled(3);
  });

  test('a removal that would break quorum is refused (retryable Conflict) and changes nothing', async () => {
    await timed('stop e3', () => lab.stopMember('e3'));
    try {
      const members = await retrying('see e3 down', async () => {
        const m = await client.memberList();
        if (byName(m, 'e3').healthy) throw ApplicationFailure.retryable('e3 still healthy');
        return m;
      });
      expect(members.filter((m) => m.healthy).map((m) => m.name)).toEqual(['e1', 'e2']);
      const e2 = byName(members, 'e2');
      const f = await timed('refused remove', () => failureOf(client.remove(e2.id)));
      expect(f).toMatchObject({ type: 'Conflict', nonRetryable: false });
      expect(f.message).toMatch(/would leave 1 healthy of 2 voting member\(s\), and quorum needs 2; nothing was changed/);
      const after = await client.memberList();
      expect(after.map((m) => [m.id, m.isLearner])).toEqual(members.map((m) => [m.id, m.isLearner]));
      expect((await client.health()).quorum).toBe(true);
    } finally {
      await lab.restartMember('e3');
    }
    await timed('e3 back', () => settled(3));
  });

  test('no member answers: a retryable ProviderUnavailable, quickly', async () => {
    const nowhere = new EtcdClient({ endpoints: [`http://${lab.address('nobody')}:2379`], requestTimeoutMs: 1000 });
    const t0 = Date.now();
    expect(await failureOf(nowhere.memberList())).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect((await nowhere.health()).quorum).toBe(false);
  });

  test('surge replacement like KCP (add learner → promote → move leadership off → remove old): quorum never lost', async () => {
    /**
     * Quorum is a majority of the voting members alive: each member answers its own status (a
     * local read) and the poller counts the voters that do. Separately, the poller asks every member
     * for a quorum read (`/health`). A leadership transfer makes raft refuse linearizable requests
     * until the new leader takes over (etcd's /health then answers 503 or nothing within its 1 s),
     * so a quorum read may fail for a moment without quorum being lost; such a gap must stay shorter
     * than a few election timeouts (1 s each by default). A CI run saw one such 1 s gap.
     */
    const samples: Array<{ at: number; voters: number; healthyVoters: number; quorumRead: boolean; message: string }> = [];
    const watcher = new EtcdClient({
      endpoints: ['e1', 'e2', 'e3', 'e5'].map((n) => lab.clientURL(n)),
      probeTimeoutMs: 1000,
      requestTimeoutMs: 1000,
    });
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = Date.now();
        const [members, h] = await Promise.all([watcher.memberList().catch(() => [] as EtcdMemberView[]), watcher.health()]);
        const voters = members.filter((m) => !m.isLearner);
        samples.push({ at: t, voters: voters.length, healthyVoters: voters.filter((m) => m.healthy).length, quorumRead: h.quorum, message: h.message });
        await sleep(Math.max(0, 200 - (Date.now() - t)));
      }
    })();
    await sleep(400); // a baseline before anything changes
    const t0 = Date.now();
    let oldWasLeader = false;
    try {
      // the member replaced leads, as the oldest machine often does: leadership must move off first
      const old = byName(await client.memberList(), 'e1');
      if (!old.isLeader) await client.moveLeader(old.id);
      await timed('surge: grow by e5', () => growByLearner('e5'));
      await settled(4);
      const withNew = await client.memberList();
      oldWasLeader = byName(withNew, 'e1').isLeader;
      if (oldWasLeader) await client.moveLeader(byName(withNew, 'e5').id);
      // etcd refuses a removal for 5 s after a member (re)connected ("unhealthy cluster"): a
      // retryable Conflict, retried as Temporal would
      let refusals = 0;
      const removed = await timed('surge: remove old', () =>
        retrying('remove e1', () => client.remove(old.id), { onRetry: () => refusals++ }),
      );
      expect(removed).toEqual({ removed: true });
      console.log(`surge: removal of the old member was refused ${refusals} time(s) while the new one settled`);
      await lab.removeMember('e1');
      const final = await settled(3);
      expect(final.map((m) => m.name)).toEqual(['e2', 'e3', 'e5']);
      await sleep(1000); // keep watching after the old member is gone
    } finally {
      polling = false;
      await poller;
    }
    timings['surge replacement'] = Date.now() - t0;
    const lost = samples.filter((s) => s.healthyVoters < Math.floor(s.voters / 2) + 1);
    const gaps = quorumReadGaps(samples);
    console.log(
      `surge replacement: ${samples.length} polls over ${Date.now() - t0} ms, ${lost.length} without a majority of voters alive, ` +
        `max ${Math.max(...samples.map((s) => s.voters))} voter(s); quorum-read gaps: ${JSON.stringify(gaps)}; old member was ${oldWasLeader ? '' : 'not '}the leader`,
    );
    expect(oldWasLeader).toBe(true);
    expect(samples.length).toBeGreaterThan(10);
    expect(lost).toEqual([]);
    expect(Math.max(...samples.map((s) => s.voters))).toBeLessThanOrEqual(4);
    expect(gaps.filter((g) => g.ms >= 3000)).toEqual([]);
    // the quorum read works again at the end
    expect(samples[samples.length - 1]!.quorumRead).toBe(true);
  });
});

/** Runs of polls whose quorum read failed: from the first failed poll to the next poll that succeeded. */
function quorumReadGaps(samples: ReadonlyArray<{ at: number; quorumRead: boolean; message: string }>): Array<{ ms: number; message: string }> {
  const gaps: Array<{ ms: number; message: string }> = [];
  let start: { at: number; message: string } | undefined;
  for (const s of samples) {
    if (!s.quorumRead && !start) start = s;
    if (s.quorumRead && start) {
      gaps.push({ ms: s.at - start.at, message: start.message });
      start = undefined;
    }
  }
  if (start) gaps.push({ ms: Infinity, message: start.message });
  return gaps;
}
