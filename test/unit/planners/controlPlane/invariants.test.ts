import { invariantViolations, countsOf } from './invariants';
import { newWorld, type World } from './simWorld';
import { SCENARIOS } from './scenarios';

/** The driver's invariant checks must be able to fail; otherwise the golden runs prove nothing. */
describe('driver invariants', () => {
  const base = SCENARIOS.find((s) => s.name === 'upgrade-3-maxsurge-1')!;
  const world = (): World => newWorld(base.spec, base.failureDomains, base.timing, base.initial);

  it('a healthy 3-Machine world passes', () => {
    const w = world();
    expect(invariantViolations(w, countsOf(w))).toEqual([]);
  });

  it.each<[string, (w: World) => void, string]>([
    [
      'two etcd members down',
      (w) => w.members.slice(1).forEach((m) => (m.healthy = false)),
      'etcd lost quorum',
    ],
    [
      'a fifth voting member for 3 replicas',
      (w) => {
        w.members.push({ id: 'x1', name: 'x1', isLearner: false, isLeader: false, healthy: true });
        w.members.push({ id: 'x2', name: 'x2', isLearner: false, isLeader: false, healthy: true });
      },
      'voting members grew to 5',
    ],
    [
      'two operations in flight',
      (w) => {
        w.machines[0]!.m.deletionRequestedAt = '2026-03-01T00:00:00.000Z';
        w.machines[1]!.m.deletionRequestedAt = '2026-03-01T00:00:00.000Z';
      },
      '2 operations in flight',
    ],
  ])('catches %s', (_name, breakIt, violation) => {
    const w = world();
    const before = countsOf(w);
    breakIt(w);
    expect(invariantViolations(w, before).join('; ')).toContain(violation);
  });
});
