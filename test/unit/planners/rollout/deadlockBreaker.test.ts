import {
  DEADLOCK_BREAKER_NOTE,
  reconcileDeadlockBreaker,
} from '../../../../shared/planners/rollout/deadlockBreaker';
import type { PlannedMachineSet } from '../../../../shared/planners/rollout/rolloutContext';
import { context, intentsOf, pms, rolloutSpec } from './fixtures';

/** Ported from CAPI's Test_reconcileDeadlockBreaker, plus the ordering rule for several old sets. */
const cases: Array<
  [string, PlannedMachineSet, PlannedMachineSet[], Record<string, number>, Record<string, number>]
> = [
  ['no op if there are no replicas on old MachineSets', pms('ms2', 10), [pms('ms1', 0)], {}, {}],
  ['no op if all old replicas are available', pms('ms2', 5), [pms('ms1', 5)], {}, {}],
  [
    'no op while the new MachineSet scales from a previous pass',
    pms('ms2', 6, 5, 5),
    [pms('ms1', 5, 5, 4)],
    {},
    {},
  ],
  ['no op while an old MachineSet scales from a previous pass', pms('ms2', 5), [pms('ms1', 4, 5, 4)], {}, {}],
  [
    'no op when this pass scales the new MachineSet',
    pms('ms2', 5),
    [pms('ms1', 5, 5, 4)],
    { ms2: 6 },
    { ms2: 6 },
  ],
  [
    'no op when this pass scales an old MachineSet',
    pms('ms2', 5),
    [pms('ms1', 5, 5, 4)],
    { ms1: 4 },
    { ms1: 4 },
  ],
  ['waits for unavailable new machines first', pms('ms2', 5, 5, 3), [pms('ms1', 5, 5, 4)], {}, {}],
  [
    'unblocks a deadlock: oldest old MachineSet with unavailable replicas −1',
    pms('ms2', 5),
    [pms('ms1', 5, 5, 3)],
    {},
    { ms1: 4 },
  ],
  [
    'picks the oldest old MachineSet that has unavailable replicas',
    pms('ms9', 1),
    [
      pms('ms3', 1, 1, 0, { createdAt: '2026-02-03T00:00:00Z' }),
      pms('ms1', 1, 1, 1, { createdAt: '2026-02-01T00:00:00Z' }),
      pms('ms2', 2, 2, 1, { createdAt: '2026-02-02T00:00:00Z' }),
    ],
    {},
    { ms2: 1 },
  ],
];

describe('reconcileDeadlockBreaker', () => {
  it.each(cases)('%s', (_name, newMS, oldMSs, before, after) => {
    const ctx = context(rolloutSpec(), newMS, oldMSs, before);
    const fired = reconcileDeadlockBreaker(ctx, newMS);
    expect(intentsOf(ctx)).toEqual(after);
    expect(fired).toBe(JSON.stringify(before) !== JSON.stringify(after));
  });

  it('notes the breach on the MachineSet it scales down and says so in words', () => {
    const ctx = context(rolloutSpec({ replicas: 5 }), pms('ms2', 5), [pms('ms1', 5, 5, 3)]);
    reconcileDeadlockBreaker(ctx, ctx.newMS!);
    expect(ctx.notes.get('ms1')).toEqual([DEADLOCK_BREAKER_NOTE]);
    expect(ctx.waiting[0]).toBe(
      'deadlock breaker: old MachineSet ms1 has 2 unavailable machines and nothing else can move; scaling it down by 1 (may formally breach maxUnavailable 0)',
    );
  });
});
