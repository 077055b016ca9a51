import { selectMachinesToDelete, type DeletePolicy } from '../../../shared/planners/machineDeletionOrder';
import type { MachineStatus } from '../../../shared/status/types';
import { machine } from './fixtures';

const NOW = '2026-01-20T00:00:00.000Z';

function pick(ms: MachineStatus[], count: number, policy: DeletePolicy, annotations: Record<string, Record<string, string>> = {}): string[] {
  return selectMachinesToDelete(
    ms.map((m) => ({ machine: m, annotations: annotations[m.name] })),
    count,
    policy,
    NOW,
  ).map((m) => m.name);
}

/** CAPI's MachineSet deletion order (machineset_deletion_order.go), used by planMachineSetSync. */
describe('selectMachinesToDelete', () => {
  it('Random breaks ties by name, so it is deterministic (as CAPI)', () => {
    const ms = ['e', 'c', 'a', 'd', 'b'].map((n) => machine(n));
    expect(pick(ms, 4, 'Random')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('prefers unhealthy machines (no node, failed) before policy', () => {
    const ms = [machine('a'), machine('b', { nodeName: undefined, phase: 'Provisioned' }), machine('c', { phase: 'Failed' })];
    expect(pick(ms, 2, 'Oldest').sort()).toEqual(['b', 'c']);
  });

  it('Oldest removes the oldest, Newest the newest', () => {
    const ms = [
      machine('old', { createdAt: '2026-01-01T00:00:00.000Z' }),
      machine('mid', { createdAt: '2026-01-10T00:00:00.000Z' }),
      machine('new', { createdAt: '2026-01-19T00:00:00.000Z' }),
    ];
    expect(pick(ms, 1, 'Oldest')).toEqual(['old']);
    expect(pick(ms, 1, 'Newest')).toEqual(['new']);
  });

  it('the delete-machine annotation wins over every policy', () => {
    const ms = [machine('a'), machine('b'), machine('z')];
    expect(pick(ms, 1, 'Random', { z: { 'cluster.x-k8s.io/delete-machine': '' } })).toEqual(['z']);
  });

  it('machines already deleting go first', () => {
    const ms = [machine('a'), machine('b', { deletionRequestedAt: NOW })];
    expect(pick(ms, 1, 'Random')).toEqual(['b']);
  });

  it('returns nothing for a non-positive count', () => {
    expect(pick([machine('a')], 0, 'Random')).toEqual([]);
  });
});
