import { minAvailableOf } from '../../../../shared/planners/rollout/fenceposts';
import { reconcileOldMachineSetsRollingUpdate } from '../../../../shared/planners/rollout/reconcileOldMachineSets';
import type { PlannedMachineSet } from '../../../../shared/planners/rollout/rolloutContext';
import { context, intentsOf, pms, rolloutSpec } from './fixtures';

const ALIGN =
  'scale down to align to existing Machines or scale down by removing unavailable replicas (and no available replicas exist on the MachineSet)';

interface Case {
  name: string;
  replicas: number;
  surge: number;
  unavailable: number;
  newMS: PlannedMachineSet;
  oldMSs: PlannedMachineSet[];
  intents?: Record<string, number>;
  expect: Record<string, number>;
  notes?: Record<string, string[]>;
  /** the case simulates machines already unavailable below minAvailable */
  skipAvailabilityCheck?: boolean;
}

/** Ported from CAPI's Test_reconcileOldMachineSetsRollingUpdate (status counters as spec/status/available). */
const cases: Case[] = [
  {
    name: 'no op if there are no replicas on old MachineSets',
    replicas: 10,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 10),
    oldMSs: [pms('ms1', 0)],
    expect: {},
  },
  {
    name: 'no scale down when available == minAvailable',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 1),
    oldMSs: [pms('ms1', 2)],
    expect: {},
  },
  {
    name: 'no scale down when available < minAvailable',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 1),
    oldMSs: [pms('ms1', 2, 2, 1)],
    expect: {},
    skipAvailabilityCheck: true,
  },
  {
    name: 'a scale down from a previous pass already takes the availability buffer',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 1),
    oldMSs: [pms('ms1', 2, 3, 3)],
    expect: {},
  },
  {
    name: 'a previous scale down on another MachineSet takes the buffer (6 replicas, 3/1)',
    replicas: 6,
    surge: 3,
    unavailable: 1,
    newMS: pms('ms3', 3, 0, 0),
    oldMSs: [pms('ms1', 2, 3, 3), pms('ms2', 3)],
    expect: {},
  },
  {
    name: 'unavailable new machines stop the rollout (surge 1 / unavailable 0)',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 1, 1, 0),
    oldMSs: [pms('ms1', 3, 3, 0)],
    expect: {},
    skipAvailabilityCheck: true,
  },
  {
    name: 'unavailable new machines stop the rollout (surge 0 / unavailable 1)',
    replicas: 3,
    surge: 0,
    unavailable: 1,
    newMS: pms('ms2', 1, 1, 0),
    oldMSs: [pms('ms1', 2, 2, 0)],
    expect: {},
    skipAvailabilityCheck: true,
  },
  {
    name: 'a new-MachineSet scale-down intent of this pass takes the buffer',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 2),
    oldMSs: [pms('ms1', 2)],
    intents: { ms2: 1 },
    expect: { ms2: 1 },
  },
  {
    name: 'an old-MachineSet scale-down intent of this pass takes the buffer',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 2),
    oldMSs: [pms('ms1', 2)],
    intents: { ms1: 1 },
    expect: { ms1: 1 },
  },
  {
    name: 'no scale down with an unavailable new machine even when old ones are all available',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 1, 1, 0),
    oldMSs: [pms('ms1', 3)],
    expect: {},
  },
  {
    name: 'no scale down with an unavailable old machine (worst case: an available one is deleted)',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 1),
    oldMSs: [pms('ms1', 3, 3, 2)],
    expect: {},
  },
  {
    name: 'scale down by one when 4 available > 3 minimum',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 1),
    oldMSs: [pms('ms1', 3)],
    expect: { ms1: 2 },
    notes: { ms1: ['4 available replicas > 3 minimum available replicas'] },
  },
  {
    name: 'unavailable replicas are scaled down first (pass 1)',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms4', 1),
    oldMSs: [pms('ms1', 2), pms('ms2', 1, 1, 0), pms('ms3', 2, 2, 0)],
    expect: { ms2: 0, ms3: 0 },
    notes: { ms2: [ALIGN], ms3: [ALIGN] },
  },
  {
    name: 'available replicas follow once unavailable ones are gone (pass 2)',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms4', 1),
    oldMSs: [pms('ms1', 3), pms('ms2', 1, 1, 0), pms('ms3', 2, 2, 0)],
    expect: { ms1: 2, ms2: 0, ms3: 0 },
    notes: { ms1: ['4 available replicas > 3 minimum available replicas'], ms2: [ALIGN], ms3: [ALIGN] },
  },
  {
    name: 'replicas without machines are dropped without touching availability',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms4', 1),
    oldMSs: [pms('ms1', 4, 3, 3), pms('ms2', 2, 1, 0), pms('ms3', 5, 2, 0)],
    expect: { ms1: 2, ms2: 0, ms3: 0 },
    notes: {
      ms1: [ALIGN, '4 available replicas > 3 minimum available replicas'],
      ms2: [ALIGN],
      ms3: [ALIGN],
    },
  },
  {
    name: 'scale down stops before breaching minAvailable',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms4', 1),
    oldMSs: [pms('ms1', 1), pms('ms2', 1, 1, 0), pms('ms3', 2, 2, 1)],
    expect: { ms2: 0 },
  },
  {
    name: 'worst-case trimming keeps replica-without-machine drops but no more',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms4', 1),
    oldMSs: [pms('ms1', 2, 1, 1), pms('ms2', 3, 1, 0), pms('ms3', 3, 2, 1)],
    expect: { ms1: 1, ms2: 0, ms3: 2 },
  },
  {
    name: 'pending scale down of a previous pass is accounted for',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 2),
    oldMSs: [pms('ms1', 3, 4, 4)],
    expect: { ms1: 2 },
    notes: { ms1: ['6 available replicas > 3 minimum available replicas'] },
  },
  {
    name: 'the new MachineSet scaling down in this pass is accounted for',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 2),
    oldMSs: [pms('ms1', 3)],
    intents: { ms2: 1 },
    expect: { ms1: 2, ms2: 1 },
    notes: { ms1: ['5 available replicas > 3 minimum available replicas'] },
  },
  {
    name: 'an old MachineSet scaling down in this pass is scaled further from its intent',
    replicas: 3,
    surge: 1,
    unavailable: 0,
    newMS: pms('ms2', 2),
    oldMSs: [pms('ms1', 3)],
    intents: { ms1: 2 },
    expect: { ms1: 1 },
    notes: { ms1: ['5 available replicas > 3 minimum available replicas'] },
  },
];

describe('reconcileOldMachineSetsRollingUpdate (CAPI table)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const spec = rolloutSpec({ replicas: c.replicas, maxSurge: c.surge, maxUnavailable: c.unavailable });
    const ctx = context(spec, c.newMS, c.oldMSs, c.intents);
    reconcileOldMachineSetsRollingUpdate(ctx, c.newMS);
    expect(intentsOf(ctx)).toEqual(c.expect);
    if (c.notes) expect(Object.fromEntries(ctx.notes)).toEqual(c.notes);

    // As upstream: apply the intents assuming every deleted machine was an available one.
    if (c.skipAvailabilityCheck) return;
    let available = c.newMS.status.availableReplicas;
    for (const ms of c.oldMSs) {
      const intent = ctx.scaleIntents.get(ms.name) ?? ms.replicas;
      const deleted = Math.max(ms.status.replicas - intent, 0);
      available += Math.max(ms.status.availableReplicas - deleted, 0);
    }
    expect(available).toBeGreaterThanOrEqual(minAvailableOf(spec));
  });
});

describe('reconcileOldMachineSetsRollingUpdate: why it waits', () => {
  it('names the unavailable new machine that blocks the scale-down (PR #13020 slow-down)', () => {
    const ctx = context(rolloutSpec(), pms('ms2', 1, 1, 0), [pms('ms1', 3)]);
    reconcileOldMachineSetsRollingUpdate(ctx, ctx.newMS!);
    expect(ctx.waiting).toEqual([
      'waiting for 1 new machine to become available before scaling down old MachineSet ms1 (maxUnavailable 0)',
    ]);
  });

  it('says when machines already leaving consume the budget', () => {
    const ctx = context(rolloutSpec(), pms('ms2', 1), [pms('ms1', 2, 3, 3)]);
    reconcileOldMachineSetsRollingUpdate(ctx, ctx.newMS!);
    expect(ctx.waiting[0]).toContain('waiting for 1 machine already being removed');
  });

  it('says when the new MachineSet has to add machines first', () => {
    const ctx = context(rolloutSpec(), pms('ms2', 0, 0, 0), [pms('ms1', 3)]);
    reconcileOldMachineSetsRollingUpdate(ctx, ctx.newMS!);
    expect(ctx.waiting[0]).toBe(
      'waiting for new MachineSet ms2 to add machines before scaling down old MachineSet ms1: 3 of 3 replicas must stay available (maxUnavailable 0)',
    );
  });

  it('explains the worst-case assumption when an old machine is unavailable', () => {
    const ctx = context(rolloutSpec(), pms('ms2', 1), [pms('ms1', 3, 3, 2)]);
    reconcileOldMachineSetsRollingUpdate(ctx, ctx.newMS!);
    expect(ctx.waiting[0]).toBe(
      'not scaling down old MachineSets: 1 old machine unavailable, but a scale-down may delete an available one instead, which would leave fewer than 3 available (maxUnavailable 0)',
    );
  });
});

/**
 * samePassSync: the MachineDeployment workflow syncs its MachineSets in the same pass, so
 * machines already deleting are known to be unavailable. The situation is the third new machine
 * of a maxSurge-3 wave becoming available after the first two have each released an old one:
 * old ms1 spec 28, 30 machines of which 2 are deleting (28 available), new ms2 3/3 available.
 */
describe('reconcileOldMachineSetsRollingUpdate with samePassSync', () => {
  const spec = rolloutSpec({ replicas: 30, maxSurge: 3, maxUnavailable: 0 });
  const wave = () => ({
    newMS: pms('ms2', 3, 3, 3),
    old: pms('ms1', 28, 30, 28, { status: { replicas: 30, readyReplicas: 28, availableReplicas: 28, deletingReplicas: 2 } }),
  });

  it("CAPI's arithmetic to the letter counts the 2 deleting machines twice and releases nothing", () => {
    const { newMS, old } = wave();
    const ctx = context(spec, newMS, [old]);
    reconcileOldMachineSetsRollingUpdate(ctx, newMS);
    expect(intentsOf(ctx)).toEqual({});
    expect(ctx.waiting[0]).toContain('waiting for 2 machines already being removed');
  });

  it('releases the third old machine, keeping 30 available', () => {
    const { newMS, old } = wave();
    const ctx = context(spec, newMS, [old], {}, true);
    reconcileOldMachineSetsRollingUpdate(ctx, newMS);
    expect(intentsOf(ctx)).toEqual({ ms1: 27 });
    // 28 + 3 available, one more deleted (the 2 deleting ones were not available): 30 = minAvailable
    expect(old.status.availableReplicas - (28 - 27) + newMS.status.availableReplicas).toBe(minAvailableOf(spec));
  });

  it('still never goes below minAvailable: with only 30 available nothing more is released', () => {
    const { old } = wave();
    const newMS = pms('ms2', 3, 3, 2);
    const ctx = context(spec, newMS, [old], {}, true);
    reconcileOldMachineSetsRollingUpdate(ctx, newMS);
    expect(intentsOf(ctx)).toEqual({});
  });

  it('still counts a spec lowered in this pass but not yet synced as pending', () => {
    const newMS = pms('ms2', 3, 3, 3);
    // spec already 29 from an earlier step of this pass, no machine marked yet
    const old = pms('ms1', 30, 30, 30, { status: { replicas: 30, readyReplicas: 30, availableReplicas: 30, deletingReplicas: 0 } });
    const ctx = context(spec, newMS, [old], { ms1: 29 }, true);
    reconcileOldMachineSetsRollingUpdate(ctx, newMS);
    // budget Σspec 33 − pending 1 − 30 = 2 more: spec 27, 3 deleted of 33 available leaves 30
    expect(intentsOf(ctx)).toEqual({ ms1: 27 });
  });
});
