import type { EtcdMemberRecord, EtcdStatusRecord } from '../../../activities/etcd/etcdWire';
import { agreedLeader, memberViews, type StatusProbe } from '../../../activities/etcd/memberView';

const member = (id: string, name: string, extra: Partial<EtcdMemberRecord> = {}): EtcdMemberRecord => ({
  id,
  name,
  peerURLs: [`http://${name}:2380`],
  clientURLs: name ? [`http://${name}:2379`] : [],
  isLearner: false,
  ...extra,
});
const status = (leader: string | undefined, term: bigint, extra: Partial<EtcdStatusRecord> = {}): StatusProbe => ({
  ok: true,
  status: { version: '3.4.23', ...(leader ? { leader } : {}), raftTerm: term, raftIndex: 1n, raftAppliedIndex: 1n, isLearner: false, errors: [], ...extra },
});

describe('member views: leader and health from member list, statuses and alarms', () => {
  test('the leader seen in the highest term wins over a stale one', () => {
    const probes = new Map<string, StatusProbe>([
      ['1', status('1', 3n)],
      ['2', status('2', 4n)],
      ['3', { ok: false, error: 'no answer' }],
    ]);
    expect(agreedLeader(probes)).toBe('2');
    expect(agreedLeader(new Map([['1', status(undefined, 9n)]]))).toBeUndefined();
  });

  test('healthy only when started, answering, knowing a leader, without errors or alarms; sorted by name', () => {
    const members = [
      member('5', 'e5'),
      member('1', 'e1'),
      member('2', 'e2'),
      member('3', 'e3'),
      member('4', 'e4'),
      member('6', '', { isLearner: true }),
    ];
    const probes = new Map<string, StatusProbe>([
      ['1', status('1', 2n)],
      ['2', status('1', 2n)],
      ['3', { ok: false, error: 'no answer within 1500 ms' }],
      ['4', status(undefined, 3n)],
      ['5', status('1', 2n, { errors: ['etcdserver: mvcc: database space exceeded'] })],
    ]);
    const views = memberViews(members, probes, [{ memberId: '2', alarm: 'NOSPACE' }]);
    expect(views.map((v) => [v.name, v.isLeader, v.healthy, v.started])).toEqual([
      ['', false, false, false],
      ['e1', true, true, true],
      ['e2', false, false, true],
      ['e3', false, false, true],
      ['e4', false, false, true],
      ['e5', false, false, true],
    ]);
    const why = Object.fromEntries(views.map((v) => [v.name, v.message]));
    expect(why['']).toMatch(/not started/);
    expect(why.e1).toBe('');
    expect(why.e2).toMatch(/alarm\(s\): NOSPACE/);
    expect(why.e3).toMatch(/does not answer status: no answer within 1500 ms/);
    expect(why.e4).toMatch(/knows no leader/);
    expect(why.e5).toMatch(/database space exceeded/);
  });
});
