import { planMachineSetSync } from '../../../../shared/planners/rollout/planMachineSetSync';
import type { RolloutMachine, RolloutMachineSet } from '../../../../shared/planners/rollout/types';
import { NOW, pendingMachine, runningMachine } from './fixtures';

function ms(
  replicas: number,
  machines: RolloutMachine[],
  patch: Partial<RolloutMachineSet> = {},
): RolloutMachineSet {
  return { name: 'ms', revision: 1, templateHash: 'v1', createdAt: NOW, replicas, machines, ...patch };
}

const three = () => ['c', 'a', 'b'].map((n) => runningMachine(n));

describe('planMachineSetSync (MachineSet syncReplicas)', () => {
  it('creates every missing machine in one pass', () => {
    expect(planMachineSetSync(ms(5, three()), 'Random', NOW).intents).toEqual([
      { type: 'createMachines', machineSet: 'ms', count: 2 },
    ]);
  });

  it('does not create machines when disable-machine-create is set (OnDelete old MachineSet)', () => {
    const plan = planMachineSetSync(ms(5, three(), { disableMachineCreate: true }), 'Random', NOW);
    expect(plan.intents).toEqual([]);
    expect(plan.reason).toContain('machine creation is disabled');
  });

  it('counts machines being deleted, as CAPI does: no replacement until they are gone', () => {
    const machines = [...three().slice(0, 2), runningMachine('x', { deleting: true })];
    expect(planMachineSetSync(ms(3, machines), 'Random', NOW).intents).toEqual([]);
  });

  it('deletes the whole excess at once; "Random" is name order', () => {
    expect(planMachineSetSync(ms(1, three()), 'Random', NOW).intents).toEqual([
      { type: 'deleteMachines', machineSet: 'ms', names: ['a', 'b'] },
    ]);
  });

  it('a machine already deleting fills a slot first and is not deleted twice', () => {
    const machines = [...three(), runningMachine('z', { deleting: true })];
    const plan = planMachineSetSync(ms(2, machines), 'Random', NOW);
    expect(plan.intents).toEqual([{ type: 'deleteMachines', machineSet: 'ms', names: ['a'] }]);
    expect(plan.reason).toContain('waiting for 1 machine already being deleted');
  });

  it('deletes annotated, then unhealthy (no node) machines before the policy', () => {
    const machines = [
      runningMachine('a'),
      runningMachine('b', { annotations: { 'cluster.x-k8s.io/delete-machine': '' } }),
      pendingMachine('c'),
      runningMachine('d'),
    ];
    expect(planMachineSetSync(ms(2, machines), 'Oldest', NOW).intents).toEqual([
      { type: 'deleteMachines', machineSet: 'ms', names: ['b', 'c'] },
    ]);
  });

  it('Oldest deletes the oldest machine, Newest the newest', () => {
    const machines = [
      runningMachine('old', { createdAt: '2026-01-01T00:00:00Z' }),
      runningMachine('new', { createdAt: '2026-02-27T00:00:00Z' }),
    ];
    expect(planMachineSetSync(ms(1, machines), 'Oldest', NOW).intents[0]).toMatchObject({ names: ['old'] });
    expect(planMachineSetSync(ms(1, machines), 'Newest', NOW).intents[0]).toMatchObject({ names: ['new'] });
  });

  it('ignores Deleted tombstones', () => {
    const machines = [...three(), runningMachine('gone', { phase: 'Deleted' })];
    expect(planMachineSetSync(ms(3, machines), 'Random', NOW)).toEqual({
      intents: [],
      reason: 'ms: holding 3 machines',
    });
  });
});
