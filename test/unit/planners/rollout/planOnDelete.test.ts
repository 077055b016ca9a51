import { planRollout } from '../../../../shared/planners/rollout/planRollout';
import type { RolloutMachineSet } from '../../../../shared/planners/rollout/types';
import { machineSet, NOW, rolloutSpec } from './fixtures';
import { moves } from './moves';

const onDelete = (replicas = 3) =>
  rolloutSpec({ replicas, strategy: { type: 'OnDelete', maxSurge: 1, maxUnavailable: 0 } });

function sets(
  old: [spec: number, machines: number, deleting?: number],
  cur: [spec: number, machines: number] = [0, 0],
): RolloutMachineSet[] {
  return [
    machineSet(
      'md-v1-1',
      'v1',
      old[0],
      { machines: old[1], deleting: old[2] ?? 0 },
      { createdAt: '2026-02-01T00:00:00Z' },
    ),
    machineSet(
      'md-v2-2',
      'v2',
      cur[0],
      { machines: cur[1] },
      { createdAt: '2026-03-01T11:00:00Z', revision: 2 },
    ),
  ];
}

describe('planOnDelete (§2.4)', () => {
  it('creates the new MachineSet empty and stops the old one from creating machines', () => {
    const p = planRollout({ spec: onDelete(), machineSets: [sets([3, 3])[0]!] }, NOW);
    expect(moves(p)).toEqual(['create md-v2-2 r2 0']);
    expect(p.intents).toContainEqual({
      type: 'annotateMachineSet',
      name: 'md-v1-1',
      annotations: { revision: 1, desiredReplicas: 3, maxReplicas: 3, disableMachineCreate: true },
    });
    expect(p.reasons.at(-1)).toBe(
      'OnDelete: waiting for 3 old machines to be deleted by hand: md-v1-1 (3); each deletion is replaced from new MachineSet md-v2-2',
    );
  });

  it('a machine being deleted by the user still counts: nothing moves', () => {
    expect(moves(planRollout({ spec: onDelete(), machineSets: sets([3, 2, 1]) }, NOW))).toEqual([]);
  });

  it('acknowledges a machine deleted by hand: old spec trimmed to status, new one not yet grown', () => {
    const p = planRollout({ spec: onDelete(), machineSets: sets([3, 2]) }, NOW);
    expect(moves(p)).toEqual(['old md-v1-1 3→2']);
    expect(p.reasons[0]).toBe(
      'scale down old MachineSet md-v1-1 3→2: scale down to align to existing Machines',
    );
  });

  it('the next pass grows the new MachineSet into the freed slot (Σ max(spec, status) < replicas)', () => {
    expect(moves(planRollout({ spec: onDelete(), machineSets: sets([2, 2]) }, NOW))).toEqual([
      'new md-v2-2 0→1',
    ]);
  });

  it('a scale-down of the deployment shrinks old MachineSets first', () => {
    expect(moves(planRollout({ spec: onDelete(2), machineSets: sets([2, 2], [1, 1]) }, NOW))).toEqual([
      'old md-v1-1 2→1',
    ]);
  });

  it('trim and scale-down in one pass: the scale-down lands next pass (upstream computes from spec)', () => {
    expect(moves(planRollout({ spec: onDelete(1), machineSets: sets([3, 2]) }, NOW))).toEqual([
      'old md-v1-1 3→2',
    ]);
    expect(moves(planRollout({ spec: onDelete(1), machineSets: sets([2, 2]) }, NOW))).toEqual([
      'old md-v1-1 2→1',
    ]);
  });

  it('when every machine was replaced the old MachineSet is deleted', () => {
    const p = planRollout({ spec: onDelete(), machineSets: sets([0, 0], [3, 3]) }, NOW);
    expect(moves(p)).toEqual(['delete md-v1-1']);
    expect(p.complete).toBe(true);
  });
});
