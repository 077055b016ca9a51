import { findMemberByRef, toEtcdMember } from '../../../activities/etcd/etcdWorkloadMembership';
import type { EtcdMemberView } from '../../../activities/etcd/memberView';

const view = (id: string, name: string, extra: Partial<EtcdMemberView> = {}): EtcdMemberView => ({
  id,
  name,
  peerURLs: [],
  clientURLs: [],
  isLearner: false,
  isLeader: false,
  healthy: true,
  started: true,
  message: '',
  ...extra,
});

describe('the WorkloadCluster shape of etcd members', () => {
  test('EtcdMember carries exactly id, name, isLearner, isLeader, healthy', () => {
    expect(toEtcdMember(view('10221086941837066381', 'cp-0', { isLeader: true, peerURLs: ['http://x:2380'] }))).toEqual({
      id: '10221086941837066381',
      name: 'cp-0',
      isLearner: false,
      isLeader: true,
      healthy: true,
    });
  });

  test('a member by id or by node name', () => {
    const members = [view('1', 'cp-0'), view('2', 'cp-1')];
    expect(findMemberByRef(members, { id: '2' })?.name).toBe('cp-1');
    expect(findMemberByRef(members, { name: 'cp-0' })?.id).toBe('1');
    expect(findMemberByRef(members, { name: 'cp-9' })).toBeUndefined();
  });
});
