import {
  planOnDelete,
  planRollingUpdate,
  planRollout,
} from '../../../../shared/planners/rollout/planRollout';
import type { RolloutMachineSet, RolloutSpec } from '../../../../shared/planners/rollout/types';
import { machineSet, NOW, rolloutSpec, runningMachine } from './fixtures';
import { moves } from './moves';

const OLD_AT = '2026-02-01T00:00:00Z';
const NEW_AT = '2026-03-01T11:00:00Z';

/** The old (v1, revision 1) and new (v2, revision 2) MachineSets of a rollout in progress. */
function sets(
  old: [spec: number, counts?: { machines?: number; available?: number; deleting?: number }],
  cur?: [spec: number, counts?: { machines?: number; available?: number; deleting?: number }],
): RolloutMachineSet[] {
  const list = [machineSet('md-v1-1', 'v1', old[0], old[1], { createdAt: OLD_AT })];
  if (cur) list.push(machineSet('md-v2-2', 'v2', cur[0], cur[1], { createdAt: NEW_AT, revision: 2 }));
  return list;
}

function plan(spec: RolloutSpec, machineSets: RolloutMachineSet[]) {
  return planRollout({ spec, machineSets }, NOW);
}

describe('§2.3 worked example: replicas 3, maxSurge 1, maxUnavailable 0 (strictly one in, one out)', () => {
  const spec = rolloutSpec();

  it('1. template changed: create the new MachineSet already scaled to 1 (total 4)', () => {
    const p = plan(spec, sets([3]));
    expect(moves(p)).toEqual(['create md-v2-2 r2 1']);
    expect(p.reasons).toEqual([
      "create MachineSet md-v2-2 (revision 2) with 1 replicas: couldn't find MachineSet matching MachineDeployment template v2: MachineSet md-v1-1 has template v1",
      'new MachineSet md-v2-2 starts at 1: 3 current Machines < 3 MachineDeployment spec.replicas + 1 maxSurge',
      'waiting for new MachineSet md-v2-2 to add machines before scaling down old MachineSet md-v1-1: 3 of 3 replicas must stay available (maxUnavailable 0)',
    ]);
  });

  it('2. the new machine is not available yet: hold, and say so', () => {
    const p = plan(spec, sets([3], [1, { available: 0 }]));
    expect(moves(p)).toEqual([]);
    expect(p.reasons).toEqual([
      'new MachineSet md-v2-2 holds at 1 of 3 replicas: 4 current Machines >= 3 MachineDeployment spec.replicas + 1 maxSurge',
      'waiting for 1 new machine to become available before scaling down old MachineSet md-v1-1 (maxUnavailable 0)',
    ]);
  });

  it('3. the new machine is available: old 3 → 2', () => {
    const p = plan(spec, sets([3], [1]));
    expect(moves(p)).toEqual(['old md-v1-1 3→2']);
    expect(p.reasons).toContain(
      'scale down old MachineSet md-v1-1 3→2: 4 available replicas > 3 minimum available replicas',
    );
  });

  it('4. the old machine is still being deleted: neither side moves', () => {
    const p = plan(spec, sets([2, { machines: 2, deleting: 1 }], [1]));
    expect(moves(p)).toEqual([]);
    expect(p.reasons.join('\n')).toContain(
      'waiting for 1 machine already being removed before scaling down old MachineSet md-v1-1 further',
    );
  });

  it('5. the deletion finished: new 1 → 2', () => {
    expect(moves(plan(spec, sets([2], [1])))).toEqual(['new md-v2-2 1→2']);
  });

  it('6. last old machine goes once the third new one is available', () => {
    expect(moves(plan(spec, sets([1], [3])))).toEqual(['old md-v1-1 1→0']);
  });

  it('7. complete: delete the empty old MachineSet', () => {
    const p = plan(spec, sets([0], [3]));
    expect(moves(p)).toEqual(['delete md-v1-1']);
    expect(p.complete).toBe(true);
    expect(p.reasons).toContain('rollout complete: 3/3 machines up to date and available');
  });
});

describe('§2.3 worked example: replicas 3, maxSurge 0, maxUnavailable 1', () => {
  const spec = rolloutSpec({ maxSurge: 0, maxUnavailable: 1 });

  it('old 3 → 2 first; the new MachineSet is created empty', () => {
    expect(moves(plan(spec, sets([3])))).toEqual(['create md-v2-2 r2 0', 'old md-v1-1 3→2']);
  });

  it('while the old machine is deleted nothing moves', () => {
    expect(moves(plan(spec, sets([2, { machines: 2, deleting: 1 }], [0])))).toEqual([]);
  });

  it('when old status is 2, new 0 → 1', () => {
    expect(moves(plan(spec, sets([2], [0])))).toEqual(['new md-v2-2 0→1']);
  });

  it('old cannot shrink again until the new machine is available (newMSUnavailable = 1)', () => {
    const p = plan(spec, sets([2], [1, { available: 0 }]));
    expect(moves(p)).toEqual([]);
    expect(p.reasons).toContain(
      'waiting for 1 new machine to become available before scaling down old MachineSet md-v1-1 (maxUnavailable 1)',
    );
  });

  it('then old 2 → 1', () => {
    expect(moves(plan(spec, sets([2], [1])))).toEqual(['old md-v1-1 2→1']);
  });
});

describe('§2.3 worked example: replicas 10, maxSurge 25% (3), maxUnavailable 25% (2)', () => {
  const spec = rolloutSpec({ replicas: 10, maxSurge: '25%', maxUnavailable: '25%' });

  it('first pass: new 0 → 3 and old 10 → 8: up to 13 machines, at least 8 available', () => {
    expect(moves(plan(spec, sets([10])))).toEqual(['create md-v2-2 r2 3', 'old md-v1-1 10→8']);
  });

  it('with 3 new machines unavailable the new MachineSet fills the surge (11 < 13) but the old one holds at 8', () => {
    const p = plan(spec, sets([8], [3, { available: 0 }]));
    expect(moves(p)).toEqual(['new md-v2-2 3→5']);
    expect(p.reasons).toContain(
      'waiting for 3 new machines to become available before scaling down old MachineSet md-v1-1 (maxUnavailable 2)',
    );
  });

  it('with 2 of 3 new available: new 3 → 5 and old 8 → 6 (budget 11 spec − 8 minAvailable − 1 unavailable)', () => {
    // Worst case after the scale-down: 10 available − 2 deleted = 8 = minAvailable; 8 + 5 = 13 machines.
    expect(moves(plan(spec, sets([8], [3, { available: 2 }])))).toEqual([
      'new md-v2-2 3→5',
      'old md-v1-1 8→6',
    ]);
  });
});

describe('planRollingUpdate edge cases (§15)', () => {
  it('scales the new MachineSet down at once when the deployment shrinks below it (no availability guard)', () => {
    expect(moves(plan(rolloutSpec({ replicas: 2 }), sets([0], [3])))).toEqual(['new md-v2-2 3→2']);
  });

  it('does not clean up an old MachineSet whose machines are still being deleted', () => {
    const p = plan(rolloutSpec(), sets([0, { machines: 0, deleting: 1 }], [3]));
    expect(p.complete).toBe(false);
    expect(moves(p)).toEqual([]);
    expect(p.reasons).toEqual(['waiting for old MachineSet md-v1-1 to delete 1 machine']);
  });

  it('cleans up every empty old MachineSet, oldest first, and keeps non-empty ones', () => {
    const list = [
      machineSet('md-a', 'v0', 0, {}, { createdAt: '2026-01-02T00:00:00Z' }),
      machineSet('md-b', 'v1', 0, {}, { createdAt: '2026-01-01T00:00:00Z' }),
      machineSet('md-v2-2', 'v2', 3, {}, { createdAt: NEW_AT, revision: 2 }),
    ];
    expect(moves(plan(rolloutSpec(), list))).toEqual(['delete md-b', 'delete md-a']);
  });

  it('a Ready machine inside minReadySeconds is not available yet, and the reason says so', () => {
    const list = sets([0], [3]);
    list[1]!.machines[0] = runningMachine('fresh', { readySince: '2026-03-01T11:59:50Z' });
    const p = plan(rolloutSpec({ minReadySeconds: 30 }), list);
    expect(p.complete).toBe(false);
    expect(p.reasons).toEqual([
      'waiting for 1 machine of new MachineSet md-v2-2 to become available (1 Ready, inside minReadySeconds 30)',
    ]);
  });

  it('a steady deployment only refreshes missing annotations', () => {
    const p = plan(rolloutSpec({ templateHash: 'v1' }), sets([3]));
    expect(p.intents).toEqual([
      {
        type: 'annotateMachineSet',
        name: 'md-v1-1',
        annotations: { revision: 1, desiredReplicas: 3, maxReplicas: 4, disableMachineCreate: false },
      },
    ]);
    expect(p.complete).toBe(true);
  });

  it('planRollingUpdate hands a paused deployment to the paused sync', () => {
    const p = planRollingUpdate({ spec: rolloutSpec({ paused: true }), machineSets: sets([3]) }, NOW);
    expect(moves(p)).toEqual([]);
    expect(p.reasons[0]).toMatch(/^paused:/);
  });

  it('refuses a deployment of the other strategy', () => {
    expect(() => planOnDelete({ spec: rolloutSpec(), machineSets: [] }, NOW)).toThrow('use planRollout');
  });
});
