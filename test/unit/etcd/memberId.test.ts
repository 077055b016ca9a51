import { isMemberId, leaderIdOrUndefined, memberIdHex } from '../../../activities/etcd/memberId';

describe('etcd member ids stay decimal uint64 strings', () => {
  test('accepts canonical decimal uint64, refuses zero, signs, leading zeros, hex and overflow', () => {
    expect(isMemberId('10221086941837066381')).toBe(true);
    expect(isMemberId('18446744073709551615')).toBe(true);
    expect(isMemberId('18446744073709551616')).toBe(false);
    for (const bad of ['0', '-1', '007', '0x1f', 'abc', '', '1.5', ' 12']) expect(isMemberId(bad)).toBe(false);
  });

  test('hex as etcdctl prints it, exact beyond 2^53', () => {
    expect(memberIdHex('10221086941837066381')).toBe('8dd8986b8295008d');
    expect(memberIdHex('not-an-id')).toBe('not-an-id');
    expect(Number('10221086941837066381').toString()).not.toBe('10221086941837066381'); // why strings
  });

  test('leader 0 (raft None) or absent means no leader', () => {
    expect(leaderIdOrUndefined('0')).toBeUndefined();
    expect(leaderIdOrUndefined(undefined)).toBeUndefined();
    expect(leaderIdOrUndefined(12)).toBeUndefined();
    expect(leaderIdOrUndefined('42')).toBe('42');
  });
});
