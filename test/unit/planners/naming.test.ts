import { machineName, machineSetName, stableHash, suffixFromUuid } from '../../../shared/naming';
import { machineTemplateHash } from '../../../shared/planners/machineTemplateHash';

describe('naming', () => {
  it('derives the same 5-char suffix from the same uuid', () => {
    const u = '3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c';
    expect(suffixFromUuid(u)).toBe(suffixFromUuid(u));
    expect(suffixFromUuid(u)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('keeps machine names within a DNS label', () => {
    const long = 'x'.repeat(80);
    expect(machineName(long, 'abcde').length).toBeLessThanOrEqual(63);
    expect(machineSetName(long, stableHash('t')).length).toBeLessThanOrEqual(63);
    expect(machineName('md-0', 'bcdfg')).toBe('md-0-bcdfg');
  });

  it('template hash changes with rollout fields only', () => {
    const base = {
      version: 'v1.31.4',
      infrastructure: { apiVersion: 'x', kind: 'SimMachineTemplate', name: 'a', spec: {} },
      bootstrap: { apiVersion: 'x', kind: 'KubeadmConfigTemplate', name: 'b', spec: {} },
      labels: {},
      annotations: {},
      minReadySeconds: 0,
      nodeDeletionTimeoutSeconds: 10,
    };
    const h = machineTemplateHash(base);
    expect(machineTemplateHash({ ...base, labels: { a: 'b' }, minReadySeconds: 30 })).toBe(h);
    expect(machineTemplateHash({ ...base, version: 'v1.32.0' })).not.toBe(h);
    expect(machineTemplateHash({ ...base, infrastructure: { ...base.infrastructure, name: 'a2' } })).not.toBe(h);
  });
});
