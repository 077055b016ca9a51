import { quorumNeeded, quorumOf, removalVerdict } from '../../../activities/etcd/quorum';

const m = (id: string, healthy = true, isLearner = false) => ({ id, healthy, isLearner });

describe('quorum and the check before a member leaves (KCP, etcd strict reconfig)', () => {
  test('quorum counts voting members only', () => {
    expect([1, 2, 3, 4, 5].map(quorumNeeded)).toEqual([1, 2, 2, 3, 3]);
    expect(quorumOf([m('1'), m('2'), m('3', false), m('4', true, true)])).toEqual({ voting: 3, healthyVoting: 2, needed: 2, ok: true });
    expect(quorumOf([m('1'), m('2', false), m('3', false)]).ok).toBe(false);
    expect(quorumOf([]).ok).toBe(false);
  });

  test('a missing member is already gone; a learner may always go', () => {
    expect(removalVerdict([m('1')], '9')).toEqual({ verdict: 'gone' });
    expect(removalVerdict([m('1'), m('2', false, true)], '2')).toEqual({ verdict: 'safe', learner: true });
  });

  test('3 healthy: any one may go; 1 of 3 down: a healthy one may not, the down one may', () => {
    expect(removalVerdict([m('1'), m('2'), m('3')], '2')).toEqual({ verdict: 'safe', learner: false });
    const oneDown = [m('1'), m('2'), m('3', false)];
    const refused = removalVerdict(oneDown, '2');
    expect(refused).toMatchObject({ verdict: 'refused', after: { voting: 2, healthyVoting: 1, needed: 2 } });
    expect(refused.verdict === 'refused' && refused.reason).toBe(
      'removing it would leave 1 healthy of 2 voting member(s), and quorum needs 2',
    );
    expect(removalVerdict(oneDown, '3')).toEqual({ verdict: 'safe', learner: false });
  });

  test('surge: 4 voting (new one promoted) with the old one leaving keeps 3 of 3; a learner does not count', () => {
    expect(removalVerdict([m('1'), m('2'), m('3'), m('4')], '1').verdict).toBe('safe');
    expect(removalVerdict([m('1'), m('2'), m('3', false), m('4', true, true)], '1').verdict).toBe('refused');
    expect(removalVerdict([m('1')], '1').verdict).toBe('refused'); // the last member never goes
  });
});
