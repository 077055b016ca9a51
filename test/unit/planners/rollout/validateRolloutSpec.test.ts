import { validateRolloutSpec } from '../../../../shared/planners/rollout/validateRolloutSpec';
import { rolloutSpec } from './fixtures';

describe('validateRolloutSpec (MachineDeployment webhook rollout rules)', () => {
  it('accepts the defaults, percentages and OnDelete', () => {
    expect(validateRolloutSpec(rolloutSpec())).toEqual([]);
    expect(validateRolloutSpec(rolloutSpec({ maxSurge: '25%', maxUnavailable: '25%' }))).toEqual([]);
    expect(
      validateRolloutSpec(rolloutSpec({ strategy: { type: 'OnDelete', maxSurge: 0, maxUnavailable: 0 } })),
    ).toEqual([]);
  });

  it.each([
    [{ maxSurge: 'lots' }, 'spec.rollout.strategy.rollingUpdate.maxSurge', 'int-or-percent'],
    [{ maxUnavailable: -1 }, 'spec.rollout.strategy.rollingUpdate.maxUnavailable', 'int-or-percent'],
    [
      { maxSurge: 0, maxUnavailable: '0%' },
      'spec.rollout.strategy.rollingUpdate.maxSurge',
      'md-surge-and-unavailable-zero',
    ],
    [{ rolloutAfter: 'tomorrow' }, 'spec.rollout.after', 'time-format'],
    [{ replicas: -2 }, 'spec.replicas', 'replicas-non-negative'],
    [{ minReadySeconds: 1.5 }, 'spec.template.spec.minReadySeconds', 'min-ready-seconds-non-negative'],
  ])('%p breaks %s (%s), and the message names the field', (patch, field, rule) => {
    const issues = validateRolloutSpec(rolloutSpec(patch));
    expect(issues).toEqual([expect.objectContaining({ field, rule })]);
    expect(issues[0]?.message.startsWith(`${field}: `)).toBe(true);
  });

  it('does not check surge/unavailable of an OnDelete deployment (CAPI ignores them)', () => {
    expect(
      validateRolloutSpec(rolloutSpec({ strategy: { type: 'OnDelete', maxSurge: 'x', maxUnavailable: 0 } })),
    ).toEqual([]);
  });
});
