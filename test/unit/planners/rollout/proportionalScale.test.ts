import { planPausedSync, planRollout } from '../../../../shared/planners/rollout/planRollout';
import { roundHalfAwayFromZero } from '../../../../shared/planners/rollout/proportionalScale';
import type { RolloutMachineSet, RolloutPlan } from '../../../../shared/planners/rollout/types';
import { machineSet, NOW, rolloutSpec } from './fixtures';

const NEWER = '2026-02-20T02:00:00Z';
const OLD = '2026-02-20T01:00:00Z';
const OLDER = '2026-02-20T00:00:00Z';

interface Case {
  name: string;
  /** the deployment now */
  replicas: number;
  surge?: number;
  /** the deployment when the MachineSets were last synced (their annotations) */
  was: { replicas: number; surge?: number };
  sets: Array<{ name: string; hash: string; replicas: number; createdAt: string; available?: number }>;
  expect: Record<string, number>;
}

/** Ported from CAPI's (and Kubernetes') TestScale for Reconciler.scale; surge 0 unless given. */
const cases: Case[] = [
  {
    name: 'normal scaling event 10 → 12 (one active MachineSet takes all)',
    replicas: 12,
    was: { replicas: 10 },
    sets: [{ name: 'v1', hash: 'v2', replicas: 10, createdAt: NEWER }],
    expect: { v1: 12 },
  },
  {
    name: 'normal scaling event 10 → 5',
    replicas: 5,
    was: { replicas: 10 },
    sets: [{ name: 'v1', hash: 'v2', replicas: 10, createdAt: NEWER }],
    expect: { v1: 5 },
  },
  {
    name: 'proportional 5 → 10',
    replicas: 10,
    was: { replicas: 5 },
    sets: [
      { name: 'v2', hash: 'v2', replicas: 2, createdAt: NEWER },
      { name: 'v1', hash: 'v1', replicas: 3, createdAt: OLD },
    ],
    expect: { v2: 4, v1: 6 },
  },
  {
    name: 'proportional 5 → 3',
    replicas: 3,
    was: { replicas: 5 },
    sets: [
      { name: 'v2', hash: 'v2', replicas: 2, createdAt: NEWER },
      { name: 'v1', hash: 'v1', replicas: 3, createdAt: OLD },
    ],
    expect: { v2: 1, v1: 2 },
  },
  {
    name: 'proportional 9 → 4',
    replicas: 4,
    was: { replicas: 9 },
    sets: [
      { name: 'v2', hash: 'v2', replicas: 8, createdAt: NEWER },
      { name: 'v1', hash: 'v1', replicas: 1, createdAt: OLD },
    ],
    expect: { v2: 4, v1: 0 },
  },
  {
    name: 'proportional 7 → 10 over three MachineSets',
    replicas: 10,
    was: { replicas: 7 },
    sets: [
      { name: 'v3', hash: 'v2', replicas: 2, createdAt: NEWER },
      { name: 'v2', hash: 'v1', replicas: 3, createdAt: OLD },
      { name: 'v1', hash: 'v0', replicas: 2, createdAt: OLDER },
    ],
    expect: { v3: 3, v2: 4, v1: 3 },
  },
  {
    name: 'proportional 13 → 8 over three MachineSets',
    replicas: 8,
    was: { replicas: 13 },
    sets: [
      { name: 'v3', hash: 'v2', replicas: 2, createdAt: NEWER },
      { name: 'v2', hash: 'v1', replicas: 8, createdAt: OLD },
      { name: 'v1', hash: 'v0', replicas: 3, createdAt: OLDER },
    ],
    expect: { v3: 1, v2: 5, v1: 2 },
  },
  {
    name: 'leftover 3 → 4 goes to the newest of equal MachineSets',
    replicas: 4,
    was: { replicas: 3 },
    sets: [
      { name: 'v3', hash: 'v2', replicas: 1, createdAt: NEWER },
      { name: 'v2', hash: 'v1', replicas: 1, createdAt: OLD },
      { name: 'v1', hash: 'v0', replicas: 1, createdAt: OLDER },
    ],
    expect: { v3: 2, v2: 1, v1: 1 },
  },
  {
    name: 'leftover 3 → 2 is taken from the oldest of equal MachineSets',
    replicas: 2,
    was: { replicas: 3 },
    sets: [
      { name: 'v3', hash: 'v2', replicas: 1, createdAt: NEWER },
      { name: 'v2', hash: 'v1', replicas: 1, createdAt: OLD },
      { name: 'v1', hash: 'v0', replicas: 1, createdAt: OLDER },
    ],
    expect: { v3: 1, v2: 1, v1: 0 },
  },
  {
    name: 'no new MachineSet: 4 → 5 scales the latest first',
    replicas: 5,
    was: { replicas: 4 },
    sets: [
      { name: 'v2', hash: 'v1', replicas: 2, createdAt: OLD },
      { name: 'v1', hash: 'v0', replicas: 2, createdAt: OLDER },
    ],
    expect: { v2: 3, v1: 2 },
  },
  {
    name: 'scale to 0 empties every MachineSet',
    replicas: 0,
    was: { replicas: 6 },
    sets: [
      { name: 'v3', hash: 'v2', replicas: 3, createdAt: NEWER },
      { name: 'v2', hash: 'v1', replicas: 2, createdAt: OLD },
      { name: 'v1', hash: 'v0', replicas: 1, createdAt: OLDER },
    ],
    expect: { v3: 0, v2: 0, v1: 0 },
  },
  {
    name: 'scale up from 0 goes to the new MachineSet only',
    replicas: 6,
    was: { replicas: 6 },
    sets: [
      { name: 'v3', hash: 'v2', replicas: 0, createdAt: NEWER },
      { name: 'v2', hash: 'v1', replicas: 0, createdAt: OLD },
      { name: 'v1', hash: 'v0', replicas: 0, createdAt: OLDER },
    ],
    expect: { v3: 6, v2: 0, v1: 0 },
  },
  {
    name: 'with surge machines 10 → 20 (surge 2)',
    replicas: 20,
    surge: 2,
    was: { replicas: 10, surge: 2 },
    sets: [
      { name: 'v2', hash: 'v2', replicas: 6, createdAt: NEWER },
      { name: 'v1', hash: 'v1', replicas: 6, createdAt: OLD },
    ],
    expect: { v2: 11, v1: 11 },
  },
  {
    name: 'both surge and size change 10/3 → 50/6',
    replicas: 50,
    surge: 6,
    was: { replicas: 10, surge: 3 },
    sets: [
      { name: 'v2', hash: 'v2', replicas: 5, createdAt: NEWER },
      { name: 'v1', hash: 'v1', replicas: 8, createdAt: OLD },
    ],
    expect: { v2: 22, v1: 34 },
  },
  {
    name: 'size and template change together: no new MachineSet while paused',
    replicas: 14,
    was: { replicas: 10 },
    sets: [
      { name: 'v2', hash: 'v1', replicas: 7, createdAt: NEWER },
      { name: 'v1', hash: 'v0', replicas: 3, createdAt: OLD },
    ],
    expect: { v2: 10, v1: 4 },
  },
  {
    name: 'a saturated but broken new MachineSet does not touch old machines',
    replicas: 2,
    surge: 1,
    was: { replicas: 2, surge: 1 },
    sets: [
      { name: 'v2', hash: 'v2', replicas: 2, createdAt: NEWER, available: 0 },
      { name: 'v1', hash: 'v1', replicas: 1, createdAt: OLD },
    ],
    expect: { v2: 2, v1: 1 },
  },
  {
    name: 'a saturated, available new MachineSet drains the old ones',
    replicas: 2,
    surge: 1,
    was: { replicas: 2, surge: 1 },
    sets: [
      { name: 'v2', hash: 'v2', replicas: 2, createdAt: NEWER },
      { name: 'v1', hash: 'v1', replicas: 1, createdAt: OLD },
    ],
    expect: { v2: 2, v1: 0 },
  },
];

function finalSizes(sets: RolloutMachineSet[], plan: RolloutPlan): Record<string, number> {
  const sizes = Object.fromEntries(sets.map((ms) => [ms.name, ms.replicas]));
  for (const i of plan.intents) if (i.type === 'scaleMachineSet') sizes[i.name] = i.to;
  return sizes;
}

describe('planPausedSync: proportional scaling (Reconciler.scale, max-replicas annotation)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const wasSurge = c.was.surge ?? 0;
    const sets = c.sets.map((s) =>
      machineSet(
        s.name,
        s.hash,
        s.replicas,
        { available: s.available },
        {
          createdAt: s.createdAt,
          desiredReplicasAnnotation: c.was.replicas,
          maxReplicasAnnotation: c.was.replicas + wasSurge,
        },
      ),
    );
    const spec = rolloutSpec({
      replicas: c.replicas,
      maxSurge: c.surge ?? 0,
      maxUnavailable: 1,
      paused: true,
    });
    const plan = planRollout({ spec, machineSets: sets }, NOW);
    expect(finalSizes(sets, plan)).toEqual(c.expect);
    expect(plan.intents.some((i) => i.type === 'createMachineSet')).toBe(false);
  });

  it('falls back to the deployment status.replicas when the max-replicas annotation is missing', () => {
    // 5 machines exist; 5 → 10 with surge 0: v2 2 → 4, v1 3 → 6, as with the annotation.
    const sets = [
      machineSet('v2', 'v2', 2, {}, { createdAt: NEWER }),
      machineSet('v1', 'v1', 3, {}, { createdAt: OLD }),
    ];
    const plan = planPausedSync(
      {
        spec: rolloutSpec({ replicas: 10, maxSurge: 0, maxUnavailable: 1, paused: true }),
        machineSets: sets,
      },
      NOW,
    );
    expect(finalSizes(sets, plan)).toEqual({ v2: 4, v1: 6 });
  });

  it('refreshes desired/max-replicas annotations so the next pass divides by the new size', () => {
    const sets = [
      machineSet(
        'v2',
        'v2',
        2,
        {},
        { createdAt: NEWER, revision: 2, desiredReplicasAnnotation: 5, maxReplicasAnnotation: 5 },
      ),
      machineSet(
        'v1',
        'v1',
        3,
        {},
        { createdAt: OLD, revision: 1, desiredReplicasAnnotation: 5, maxReplicasAnnotation: 5 },
      ),
    ];
    const plan = planPausedSync(
      {
        spec: rolloutSpec({ replicas: 10, maxSurge: 0, maxUnavailable: 1, paused: true }),
        machineSets: sets,
      },
      NOW,
    );
    expect(plan.intents.filter((i) => i.type === 'annotateMachineSet')).toEqual([
      {
        type: 'annotateMachineSet',
        name: 'v2',
        annotations: { revision: 2, desiredReplicas: 10, maxReplicas: 10, disableMachineCreate: false },
      },
      {
        type: 'annotateMachineSet',
        name: 'v1',
        annotations: { revision: 1, desiredReplicas: 10, maxReplicas: 10, disableMachineCreate: false },
      },
    ]);
    expect(plan.reasons[0]).toBe(
      'paused: the rollout does not progress; only replica changes are applied, proportionally',
    );
  });

  it('does not start a rollout while paused, and says one will start on resume', () => {
    const sets = [machineSet('v1', 'v1', 3, {}, { desiredReplicasAnnotation: 3, maxReplicasAnnotation: 4 })];
    const plan = planRollout({ spec: rolloutSpec({ paused: true }), machineSets: sets }, NOW);
    expect(plan.intents).toEqual([]);
    expect(plan.reasons[1]).toContain('paused: on resume a new MachineSet is created');
  });

  it('rounds halves away from zero (k8s.io/utils/integer.RoundToInt32)', () => {
    expect([2.5, 1.5, 0.49, -2.5, -0.5].map(roundHalfAwayFromZero)).toEqual([3, 2, 0, -3, -1]);
  });
});
