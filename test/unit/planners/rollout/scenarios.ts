import type { RolloutSpec } from '../../../../shared/planners/rollout/types';
import { steadyModel, type SimEvent, type SimModel, type SimOptions } from './driver';

/** One whole rollout: a starting world, what happens to it, and how machines behave. */
export interface Scenario {
  name: string;
  title: string;
  initial: SimModel;
  events: SimEvent[];
  options: SimOptions;
}

const START = '2026-03-01T00:00:00.000Z';
const tick = (t: number) => new Date(Date.parse(START) + t * 10_000).toISOString();
const machines: SimOptions = { readyAfterTicks: 2, deleteAfterTicks: 1, start: START };

function spec(patch: Partial<RolloutSpec>): RolloutSpec {
  return {
    name: 'md',
    replicas: 3,
    strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
    deletePolicy: 'Random',
    paused: false,
    minReadySeconds: 0,
    templateHash: 'v1',
    ...patch,
  };
}

const rolling = (replicas: number, maxSurge: number | string, maxUnavailable: number | string) =>
  spec({ replicas, strategy: { type: 'RollingUpdate', maxSurge, maxUnavailable } });

/** Machine m<k> is Ready (k mod 3) ticks late: the three machines of a maxSurge-3 wave report one by one. */
function staggerByIndex(name: string): number {
  return Number(/-m(\d+)$/.exec(name)?.[1] ?? 0) % 3;
}

const newTemplate: SimEvent = {
  at: 0,
  kind: 'spec',
  patch: { templateHash: 'v2' },
  label: 'template v1 → v2',
};

export const scenarios: Scenario[] = [
  {
    name: 'rolling-3-surge1-unavailable0',
    title: 'replicas 3, maxSurge 1, maxUnavailable 0: one in, one out',
    initial: steadyModel(rolling(3, 1, 0), { start: START }),
    events: [newTemplate],
    options: machines,
  },
  {
    name: 'rolling-3-surge0-unavailable1',
    title: 'replicas 3, maxSurge 0, maxUnavailable 1: one out, then one in',
    initial: steadyModel(rolling(3, 0, 1), { start: START }),
    events: [newTemplate],
    options: machines,
  },
  {
    name: 'rolling-10-surge25pct-unavailable25pct',
    title: 'replicas 10, maxSurge 25% (→3), maxUnavailable 25% (→2): up to 13 machines, at least 8 available',
    initial: steadyModel(rolling(10, '25%', '25%'), { start: START }),
    events: [newTemplate],
    options: machines,
  },
  {
    name: 'broken-template-stops',
    title:
      'replicas 4, maxSurge 1, maxUnavailable 1, new machines never become Ready: the rollout stops at 3 available',
    initial: steadyModel(rolling(4, 1, 1), { start: START }),
    events: [newTemplate],
    options: { ...machines, brokenTemplates: ['v2'] },
  },
  {
    name: 'deadlock-breaker-unhealthy-old',
    title:
      'replicas 3, maxSurge 1, maxUnavailable 0, one old machine unhealthy: the deadlock breaker removes it',
    initial: steadyModel(rolling(3, 1, 0), { start: START, unhealthy: 1 }),
    events: [newTemplate],
    options: machines,
  },
  {
    name: 'scale-3-to-6-mid-rollout',
    title: 'replicas 3 → 6 in the middle of a maxSurge 1 / maxUnavailable 0 rollout',
    initial: steadyModel(rolling(3, 1, 0), { start: START }),
    events: [newTemplate, { at: 3, kind: 'spec', patch: { replicas: 6 }, label: 'replicas 3 → 6' }],
    options: machines,
  },
  {
    name: 'ondelete-manual-replacement',
    title: 'OnDelete, replicas 3: each old machine a person deletes is replaced from the new MachineSet',
    initial: steadyModel(spec({ strategy: { type: 'OnDelete', maxSurge: 1, maxUnavailable: 0 } }), {
      start: START,
    }),
    events: [
      newTemplate,
      { at: 2, kind: 'userDeletesOldMachine' },
      { at: 7, kind: 'userDeletesOldMachine' },
      { at: 12, kind: 'userDeletesOldMachine' },
    ],
    options: machines,
  },
  {
    name: 'paused-mid-rollout-then-resumed',
    title:
      'replicas 4, maxSurge 1, maxUnavailable 0: paused mid-rollout, scaled to 8 while paused (proportional), resumed',
    initial: steadyModel(rolling(4, 1, 0), { start: START }),
    events: [
      newTemplate,
      { at: 4, kind: 'spec', patch: { paused: true }, label: 'pause' },
      { at: 6, kind: 'spec', patch: { replicas: 8 }, label: 'replicas 4 → 8 while paused' },
      { at: 10, kind: 'spec', patch: { paused: false }, label: 'resume' },
    ],
    options: machines,
  },
  {
    name: 'rollout-after',
    title: 'replicas 3, template unchanged, rolloutAfter at t=2: every machine is replaced once it passes',
    initial: steadyModel(rolling(3, 1, 0), { start: START }),
    events: [{ at: 0, kind: 'spec', patch: { rolloutAfter: tick(2) }, label: `rolloutAfter ${tick(2)}` }],
    options: machines,
  },
  {
    name: 'rolling-9-surge3-staggered-capi',
    title:
      "replicas 9, maxSurge 3, maxUnavailable 0, a wave's machines Ready one tick apart; CAPI's scale-down budget to the letter: deletions chain",
    initial: steadyModel(rolling(9, 3, 0), { start: START }),
    events: [newTemplate],
    options: { ...machines, deleteAfterTicks: 3, readyJitter: staggerByIndex },
  },
  {
    name: 'rolling-9-surge3-staggered-same-pass',
    title:
      "the same with samePassSync (the MachineDeployment workflow's planning): machines already deleting are not counted twice, so the waves hold",
    initial: steadyModel(rolling(9, 3, 0), { start: START }),
    events: [newTemplate],
    options: { ...machines, deleteAfterTicks: 3, readyJitter: staggerByIndex, samePassSync: true },
  },
];
