import { decodeAlarms, decodeGatewayError, decodeHealth, decodeMembers, decodeStatus } from '../../../activities/etcd/etcdWire';

describe('decoding etcd 3.4 gateway answers', () => {
  test('member list: proto3 defaults left out (learner flag, name and client URLs of an unstarted member)', () => {
    // as etcd 3.4.23 answered, right after `member add --learner`
    const body = {
      header: { cluster_id: '12175616393113897169', member_id: '7420641044536660376', raft_term: '2' },
      members: [
        { ID: '4691853299644583802', peerURLs: ['http://172.30.213.14:2380'], isLearner: true },
        { ID: '7420641044536660376', name: 'e1', peerURLs: ['http://172.30.213.11:2380'], clientURLs: ['http://172.30.213.11:2379'] },
        { ID: 'garbage', name: 'x' },
      ],
    };
    expect(decodeMembers(body)).toEqual([
      { id: '4691853299644583802', name: '', peerURLs: ['http://172.30.213.14:2380'], clientURLs: [], isLearner: true },
      { id: '7420641044536660376', name: 'e1', peerURLs: ['http://172.30.213.11:2380'], clientURLs: ['http://172.30.213.11:2379'], isLearner: false },
    ]);
    expect(decodeMembers({})).toEqual([]);
    expect(decodeMembers(null)).toEqual([]);
  });

  test('status: leader and terms as exact integers; no leader when absent', () => {
    const s = decodeStatus({
      header: { member_id: '10221086941837066381', revision: '1', raft_term: '2' },
      version: '3.4.23',
      dbSize: '24576',
      leader: '10221086941837066381',
      raftIndex: '6',
      raftTerm: '18446744073709551615',
      raftAppliedIndex: '6',
    });
    expect(s).toEqual({
      memberId: '10221086941837066381',
      version: '3.4.23',
      leader: '10221086941837066381',
      raftTerm: 18446744073709551615n,
      raftIndex: 6n,
      raftAppliedIndex: 6n,
      isLearner: false,
      errors: [],
    });
    expect(decodeStatus({ isLearner: true, errors: ['NOSPACE'] })).toMatchObject({ isLearner: true, errors: ['NOSPACE'], raftTerm: 0n });
    expect(decodeStatus({}).leader).toBeUndefined();
  });

  test('alarms, health and gateway errors', () => {
    expect(decodeAlarms({})).toEqual([]);
    expect(decodeAlarms({ alarms: [{ memberID: '42', alarm: 'NOSPACE' }, { memberID: '43', alarm: 'NONE' }] })).toEqual([
      { memberId: '42', alarm: 'NOSPACE' },
    ]);
    expect(decodeHealth({ health: 'true' })).toEqual({ healthy: true, reason: '' });
    expect(decodeHealth({ health: 'false', reason: 'RAFT NO LEADER' })).toEqual({ healthy: false, reason: 'RAFT NO LEADER' });
    expect(
      decodeGatewayError({ error: 'etcdserver: member not found', message: 'etcdserver: member not found', code: 5 }),
    ).toEqual({ grpcCode: 5, message: 'etcdserver: member not found' });
    expect(decodeGatewayError('nope')).toEqual({});
  });
});
