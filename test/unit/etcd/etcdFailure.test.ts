import { ApplicationFailure } from '@temporalio/common';
import { EtcdCallError } from '../../../activities/etcd/etcdCallError';
import { isAlreadyMember, isLearnerNotInSync, isNotALearner, isReconfigRefused, isTooManyLearners } from '../../../activities/etcd/etcdErrorMessages';
import { etcdFailure } from '../../../activities/etcd/etcdFailure';

const answer = (httpStatus: number, grpcCode: number | undefined, message: string) =>
  new EtcdCallError({ kind: 'answer', httpStatus, ...(grpcCode !== undefined ? { grpcCode } : {}), message }, 'http://10.0.0.1:2379');
const ctx = { operation: 'MemberPromote', subject: 'member e4 (42) of cluster a/b' };

describe('etcd errors become typed ApplicationFailures', () => {
  test.each([
    ['no answer', new EtcdCallError({ kind: 'transport', message: 'no answer within 1000 ms' }, 'http://x:2379'), 'ProviderUnavailable', false],
    ['not in sync (412, FailedPrecondition)', answer(412, 9, 'etcdserver: can only promote a learner member which is in sync with leader'), 'Conflict', false],
    ['too many learners', answer(412, 9, 'etcdserver: too many learner members in cluster'), 'Conflict', false],
    ['unhealthy cluster right after start (503, Unavailable)', answer(503, 14, 'etcdserver: unhealthy cluster'), 'Conflict', false],
    ['request timed out', answer(503, 14, 'etcdserver: request timed out'), 'ProviderUnavailable', false],
    ['member not found', answer(404, 5, 'etcdserver: member not found'), 'NotFound', false],
    ['bad JSON', answer(400, 3, "invalid character 'a' looking for beginning of value"), 'InvalidSpec', true],
    ['auth', answer(401, 16, 'etcdserver: invalid auth token'), 'AuthFailed', true],
    ['no gateway route', answer(404, undefined, '404 page not found'), 'InvalidSpec', true],
    ['a proxy failing', answer(502, undefined, 'bad gateway'), 'ProviderUnavailable', false],
  ])('%s', (_what, err, type, nonRetryable) => {
    const f = etcdFailure(err, ctx);
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect(f.type).toBe(type);
    expect(f.nonRetryable).toBe(nonRetryable);
    expect(f.message).toContain('etcd MemberPromote for member e4 (42) of cluster a/b');
    expect(f.message.endsWith('; will retry')).toBe(!nonRetryable);
  });

  test('a missing member can be terminal for the call; an ApplicationFailure passes through', () => {
    expect(etcdFailure(answer(404, 5, 'etcdserver: member not found'), { ...ctx, notFoundIsTerminal: true }).nonRetryable).toBe(true);
    const already = ApplicationFailure.nonRetryable('x', 'InvalidSpec');
    expect(etcdFailure(already, ctx)).toBe(already);
  });

  test('the texts etcd 3.4.23 answers are recognised', () => {
    expect(isLearnerNotInSync('etcdserver: can only promote a learner member which is in sync with leader')).toBe(true);
    expect(isNotALearner('etcdserver: can only promote a learner member which is in sync with leader')).toBe(false);
    expect(isNotALearner('etcdserver: can only promote a learner member')).toBe(true);
    expect(isAlreadyMember('etcdserver: member ID already exist')).toBe(true);
    expect(isAlreadyMember('etcdserver: Peer URLs already exists')).toBe(true);
    expect(isTooManyLearners('etcdserver: too many learner members in cluster')).toBe(true);
    expect(isReconfigRefused('etcdserver: re-configuration failed due to not enough started members')).toBe(true);
  });
});
