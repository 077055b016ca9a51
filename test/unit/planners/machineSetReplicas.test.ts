import { planMachineSetReplicas } from '../../../shared/planners/machineSetReplicas';
import { selectMachinesToDelete } from '../../../shared/planners/machineDeletionOrder';
import { machine } from './fixtures';

const NOW = '2026-01-20T00:00:00.000Z';

describe('planMachineSetReplicas', () => {
  it('creates every missing machine in one pass', () => {
    expect(planMachineSetReplicas([machine('a')], 5, 'Random', NOW)).toMatchObject({ create: 4, delete: [] });
  });

  it('holds when the count matches', () => {
    const plan = planMachineSetReplicas([machine('a'), machine('b')], 2, 'Random', NOW);
    expect(plan).toMatchObject({ create: 0, delete: [] });
    expect(plan.reason).toContain('holding 2');
  });

  it('does not count machines already being deleted', () => {
    const ms = [machine('a'), machine('b', { deletionRequestedAt: NOW })];
    expect(planMachineSetReplicas(ms, 2, 'Random', NOW)).toMatchObject({ create: 1, delete: [] });
  });

  it('deletes the whole excess at once, Random breaking ties by name (deterministic, as CAPI)', () => {
    const ms = ['e', 'c', 'a', 'd', 'b'].map((n) => machine(n));
    expect(planMachineSetReplicas(ms, 1, 'Random', NOW).delete).toEqual(['a', 'b', 'c', 'd']);
  });

  it('prefers unhealthy machines (no node, failed) before policy', () => {
    const ms = [machine('a'), machine('b', { nodeName: undefined, phase: 'Provisioned' }), machine('c', { phase: 'Failed' })];
    expect(planMachineSetReplicas(ms, 1, 'Oldest', NOW).delete.sort()).toEqual(['b', 'c']);
  });

  it('Oldest removes the oldest, Newest the newest', () => {
    const ms = [
      machine('old', { createdAt: '2026-01-01T00:00:00.000Z' }),
      machine('mid', { createdAt: '2026-01-10T00:00:00.000Z' }),
      machine('new', { createdAt: '2026-01-19T00:00:00.000Z' }),
    ];
    expect(planMachineSetReplicas(ms, 2, 'Oldest', NOW).delete).toEqual(['old']);
    expect(planMachineSetReplicas(ms, 2, 'Newest', NOW).delete).toEqual(['new']);
  });

  it('the delete-machine annotation wins over every policy', () => {
    const ms = [machine('a'), machine('b'), machine('z')];
    const plan = planMachineSetReplicas(ms, 2, 'Random', NOW, { z: { 'cluster.x-k8s.io/delete-machine': '' } });
    expect(plan.delete).toEqual(['z']);
  });

  it('scales to zero', () => {
    expect(planMachineSetReplicas([machine('a'), machine('b')], 0, 'Random', NOW).delete).toEqual(['a', 'b']);
  });
});

describe('selectMachinesToDelete', () => {
  it('returns nothing for a non-positive count', () => {
    expect(selectMachinesToDelete([{ machine: machine('a') }], 0, 'Random', NOW)).toEqual([]);
  });
});
