import { outdatedReasons } from '../../../../shared/planners/controlPlane';
import type { ControlPlaneMachine, ControlPlaneSpec } from '../../../../shared/planners/controlPlane';
import { NOW, OLD, machine, spec } from './fixtures';

describe('outdated Machines (filters.go UpToDate)', () => {
  it.each<[string, Partial<ControlPlaneMachine>, Partial<ControlPlaneSpec>, string | undefined]>([
    ['identical', {}, {}, undefined],
    ['another version', { version: OLD }, {}, 'is not equal to KCP version'],
    ['another template', { templateHash: 'tmpl-old' }, {}, 'machine template changed'],
    [
      'rollout.after passed, Machine older',
      {},
      { rollout: { maxSurge: 1, after: '2026-03-01T11:00:00.000Z' } },
      'created before rollout.after',
    ],
    [
      'rollout.after still in the future',
      {},
      { rollout: { maxSurge: 1, after: '2026-03-02T00:00:00.000Z' } },
      undefined,
    ],
    [
      'Machine created after rollout.after',
      {},
      { rollout: { maxSurge: 1, after: '2026-03-01T09:00:00.000Z' } },
      undefined,
    ],
    ['failure domain is never a reason', { failureDomain: 'fd-gone' }, {}, undefined],
    [
      'certificates expire within certificatesExpiryDays',
      { certificatesExpiryDate: '2026-03-05T00:00:00.000Z' },
      { rollout: { maxSurge: 1, certificatesExpiryDays: 7 } },
      'certificates expire',
    ],
  ])('%s', (_name, machinePatch, specPatch, reason) => {
    const reasons = outdatedReasons(machine('m1', 1, machinePatch), spec(specPatch), NOW);
    if (reason === undefined) expect(reasons).toEqual([]);
    else expect(reasons.join('; ')).toContain(reason);
  });
});
