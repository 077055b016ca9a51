import { orderedEndpoints } from '../../../activities/etcd/etcdEndpoints';
import type { EtcdMemberRecord } from '../../../activities/etcd/etcdWire';
import { initialClusterFor, samePeerURL } from '../../../activities/etcd/initialCluster';

const rec = (id: string, name: string, peer: string): EtcdMemberRecord => ({ id, name, peerURLs: [peer], clientURLs: [], isLearner: false });

describe('what a new member is started with', () => {
  test('--initial-cluster: started members plus the new one by its name; other unstarted ones left out', () => {
    const members = [rec('1', 'e1', 'http://a:2380'), rec('2', 'e2', 'http://b:2380'), rec('3', '', 'http://c:2380'), rec('4', '', 'http://d:2380')];
    expect(initialClusterFor(members, '4', 'e4')).toBe('e1=http://a:2380,e2=http://b:2380,e4=http://d:2380');
  });

  test('peer URLs compare without trailing slash and case in host', () => {
    expect(samePeerURL('http://172.30.0.14:2380/', 'http://172.30.0.14:2380')).toBe(true);
    expect(samePeerURL('HTTP://Node-A:2380', 'http://node-a:2380')).toBe(true);
    expect(samePeerURL('http://172.30.0.14:2380', 'http://172.30.0.15:2380')).toBe(false);
  });

  test('endpoints: unique, first-seen order, no trailing slash', () => {
    expect(orderedEndpoints(['http://b:2379/', 'http://a:2379'], ['http://a:2379', '', 'http://c:2379'])).toEqual([
      'http://b:2379',
      'http://a:2379',
      'http://c:2379',
    ]);
  });
});
