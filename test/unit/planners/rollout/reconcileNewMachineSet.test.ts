import { reconcileNewMachineSet } from '../../../../shared/planners/rollout/reconcileNewMachineSet';
import type { PlannedMachineSet } from '../../../../shared/planners/rollout/rolloutContext';
import type { RolloutSpec } from '../../../../shared/planners/rollout/types';
import { context, intentsOf, pms, rolloutSpec } from './fixtures';

type Case = [
  string,
  RolloutSpec,
  PlannedMachineSet,
  PlannedMachineSet[],
  Record<string, number>,
  string[] | undefined,
];

/** Ported from CAPI's TestReconcileNewMachineSet, plus OnDelete and percentage surge. */
const cases: Case[] = [
  [
    'RollingUpdate scale up 0 → 2 (surge 2)',
    rolloutSpec({ replicas: 2, maxSurge: 2 }),
    pms('ms', 0),
    [],
    { ms: 2 },
    ['0 current Machines < 2 MachineDeployment spec.replicas + 2 maxSurge'],
  ],
  [
    'RollingUpdate scale down 2 → 0 at once, without availability guard',
    rolloutSpec({ replicas: 0, maxSurge: 2 }),
    pms('ms', 2),
    [],
    { ms: 0 },
    ['scale down to align MachineSet spec.replicas to MachineDeployment spec.replicas'],
  ],
  [
    'scale up does not go above replicas + maxSurge (3 + 2)',
    rolloutSpec({ replicas: 3, maxSurge: 2 }),
    pms('ms', 1),
    [pms('old', 3)],
    { ms: 2 },
    ['4 current Machines < 3 MachineDeployment spec.replicas + 2 maxSurge'],
  ],
  [
    'machines still being deleted count against maxSurge (Σ max(spec, status))',
    rolloutSpec({ replicas: 1, maxSurge: 0, maxUnavailable: 1 }),
    pms('ms', 0, 0, 0),
    [pms('old', 0, 1, 1)],
    {},
    undefined,
  ],
  [
    'maxSurge 25% of 10 rounds up to 3: 10 old → new 0 → 3',
    rolloutSpec({ replicas: 10, maxSurge: '25%', maxUnavailable: '25%' }),
    pms('ms', 0, 0, 0),
    [pms('old', 10)],
    { ms: 3 },
    ['10 current Machines < 10 MachineDeployment spec.replicas + 3 maxSurge'],
  ],
  [
    'never more than spec.replicas on the new MachineSet',
    rolloutSpec({ replicas: 3, maxSurge: 5 }),
    pms('ms', 2),
    [pms('old', 1)],
    { ms: 3 },
    ['3 current Machines < 3 MachineDeployment spec.replicas + 5 maxSurge'],
  ],
  [
    'OnDelete holds while old machines fill the count',
    rolloutSpec({ strategy: { type: 'OnDelete', maxSurge: 1, maxUnavailable: 0 } }),
    pms('ms', 0, 0, 0),
    [pms('old', 3)],
    {},
    undefined,
  ],
  [
    'OnDelete grows once an old spec was trimmed after a manual deletion',
    rolloutSpec({ strategy: { type: 'OnDelete', maxSurge: 1, maxUnavailable: 0 } }),
    pms('ms', 0, 0, 0),
    [pms('old', 2)],
    { ms: 1 },
    ['2 current Machines < 3 MachineDeployment spec.replicas'],
  ],
  [
    'OnDelete does not grow while the deleted machine still exists (spec 3, status 2 → max 3)',
    rolloutSpec({ strategy: { type: 'OnDelete', maxSurge: 1, maxUnavailable: 0 } }),
    pms('ms', 0, 0, 0),
    [pms('old', 3, 2, 2)],
    {},
    undefined,
  ],
];

describe('reconcileNewMachineSet (NewMSNewReplicas)', () => {
  it.each(cases)('%s', (_name, spec, newMS, oldMSs, expected, notes) => {
    const ctx = context(spec, newMS, oldMSs);
    reconcileNewMachineSet(ctx, newMS);
    expect(intentsOf(ctx)).toEqual(expected);
    expect(ctx.notes.get(newMS.name)).toEqual(notes);
  });

  it('explains a hold at the surge cap', () => {
    const ctx = context(rolloutSpec(), pms('ms', 1, 1, 0), [pms('old', 3)]);
    reconcileNewMachineSet(ctx, ctx.newMS!);
    expect(ctx.waiting).toEqual([
      'new MachineSet ms holds at 1 of 3 replicas: 4 current Machines >= 3 MachineDeployment spec.replicas + 1 maxSurge',
    ]);
  });
});
