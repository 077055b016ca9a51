import type { MachineStatus } from '../../../shared/status/types';

export function machine(name: string, patch: Partial<MachineStatus> = {}): MachineStatus {
  return {
    name,
    role: 'worker',
    version: 'v1.31.4',
    phase: 'Running',
    nodeName: name,
    addresses: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    lastUpdated: '2026-01-01T00:00:00.000Z',
    conditions: [],
    ...patch,
  };
}
