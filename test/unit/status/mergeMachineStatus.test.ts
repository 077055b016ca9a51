import { mergeMachineStatus } from '../../../shared/status/mergeMachineStatus';
import type { MachineStatus } from '../../../shared/status/types';

const machine = (name: string, phase: MachineStatus['phase'], lastUpdated: string, extra: Partial<MachineStatus> = {}): MachineStatus => ({
  name,
  role: 'control-plane',
  version: 'v1.31.4',
  phase,
  addresses: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  lastUpdated,
  conditions: [],
  ...extra,
});

describe('mergeMachineStatus', () => {
  const known = [machine('a', 'Running', '2026-01-01T00:01:00.000Z')];

  it('takes a newer report of a known machine', () => {
    const next = mergeMachineStatus(known, machine('a', 'Deleting', '2026-01-01T00:02:00.000Z'));
    expect(next.map((m) => m.phase)).toEqual(['Deleting']);
  });

  it('ignores an older report of a known machine', () => {
    expect(mergeMachineStatus(known, machine('a', 'Provisioning', '2026-01-01T00:00:30.000Z'))).toBe(known);
  });

  it("keeps the owner's delete marker when the machine has not seen the request yet", () => {
    const marked = [machine('a', 'Running', '2026-01-01T00:01:00.000Z', { deletionRequestedAt: '2026-01-01T00:01:30.000Z' })];
    const next = mergeMachineStatus(marked, machine('a', 'Running', '2026-01-01T00:02:00.000Z'));
    expect(next[0]!.deletionRequestedAt).toBe('2026-01-01T00:01:30.000Z');
  });

  it('adds an unknown machine that reports while alive', () => {
    expect(mergeMachineStatus(known, machine('b', 'Provisioning', '2026-01-01T00:02:00.000Z')).map((m) => m.name)).toEqual(['a', 'b']);
  });

  it.each(['Deleting', 'Deleted'] as const)('drops a late %s report of a machine the owner already forgot (no ghost machine)', (phase) => {
    expect(mergeMachineStatus(known, machine('gone', phase, '2026-01-01T00:02:00.000Z'))).toBe(known);
  });
});

describe('mergeMachineStatus with report counts', () => {
  const at = '2026-01-01T00:01:00.000Z';
  const drained = machine('a', 'Deleting', at, { reportSeq: 7 });
  const waitingForHook = machine('a', 'Deleting', at, { reportSeq: 8 });

  it('two reports of one workflow task (same time) arriving out of order: the later report wins', () => {
    const afterHook = mergeMachineStatus([machine('a', 'Running', '2026-01-01T00:00:00.000Z', { reportSeq: 6 })], waitingForHook);
    expect(mergeMachineStatus(afterHook, drained)).toBe(afterHook);
  });

  it('in order, the later report replaces the earlier one', () => {
    const afterDrain = mergeMachineStatus([machine('a', 'Running', '2026-01-01T00:00:00.000Z', { reportSeq: 6 })], drained);
    expect(mergeMachineStatus(afterDrain, waitingForHook)[0]!.reportSeq).toBe(8);
  });
});
