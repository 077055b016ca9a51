import {
  maxSurgeOf,
  maxUnavailableOf,
  minAvailableOf,
  resolveFenceposts,
} from '../../../../shared/planners/rollout/fenceposts';
import {
  RolloutStrategyError,
  scaledValueFromIntOrPercent,
} from '../../../../shared/planners/rollout/intOrPercent';
import { rolloutSpec } from './fixtures';

describe('resolveFenceposts (mdutil.ResolveFenceposts)', () => {
  it.each<[number, number | string, number | string, number, number, string]>([
    // [replicas, maxSurge, maxUnavailable, surge, unavailable, why]
    [3, 1, 0, 1, 0, 'defaults: surge 1, unavailable 0'],
    [10, '25%', '25%', 3, 2, '§2.3: 25% of 10 → surge rounds up to 3, unavailable down to 2'],
    [3, '50%', '50%', 2, 1, '1.5 → ceil 2 for surge, floor 1 for unavailable'],
    [3, '33%', '33%', 1, 0, '0.99 → surge 1, unavailable 0'],
    [3, '0%', '10%', 0, 1, 'both resolve to 0 → unavailable forced to 1 (quota theory)'],
    [2, '0%', '1%', 0, 1, 'upstream comment: 2 desired, unavailable 1%, surge 0% → old(-1) first'],
    [2, '1%', '25%', 1, 0, 'upstream comment: 1% surge of 2 rounds up to 1'],
    [100, '29%', '29%', 29, 29, 'float arithmetic matches Go: 29*100/100 is exactly 29'],
  ])(
    'replicas %p surge %p unavailable %p → surge %p, unavailable %p (%s)',
    (replicas, s, u, surge, unavailable) => {
      expect(resolveFenceposts(rolloutSpec({ replicas, maxSurge: s, maxUnavailable: u }))).toEqual({
        maxSurge: surge,
        maxUnavailable: unavailable,
      });
    },
  );
});

describe('maxUnavailableOf / maxSurgeOf / minAvailableOf', () => {
  it('caps maxUnavailable at spec.replicas (mdutil.MaxUnavailable)', () => {
    const spec = rolloutSpec({ replicas: 3, maxSurge: 1, maxUnavailable: 5 });
    expect(maxUnavailableOf(spec)).toBe(3);
    expect(minAvailableOf(spec)).toBe(0);
  });

  it('is 0 for a deployment scaled to zero', () => {
    expect(maxUnavailableOf(rolloutSpec({ replicas: 0, maxUnavailable: 2 }))).toBe(0);
  });

  it('OnDelete has no surge and no unavailability budget: every replica must be available', () => {
    const spec = rolloutSpec({ strategy: { type: 'OnDelete', maxSurge: 3, maxUnavailable: 3 } });
    expect(maxSurgeOf(spec)).toBe(0);
    expect(maxUnavailableOf(spec)).toBe(0);
    expect(minAvailableOf(spec)).toBe(3);
  });
});

describe('scaledValueFromIntOrPercent (intstr.GetScaledValueFromIntOrPercent)', () => {
  it('takes an integer as is and scales a percentage of the total', () => {
    expect(scaledValueFromIntOrPercent(4, 10, true, 'f')).toBe(4);
    expect(scaledValueFromIntOrPercent('25%', 10, true, 'f')).toBe(3);
    expect(scaledValueFromIntOrPercent('25%', 10, false, 'f')).toBe(2);
  });

  it.each([
    ['abc', 'not a percentage'],
    ['5', 'not a percentage'],
    ['x%', 'not an integer percentage'],
    [1.5, 'not an integer'],
  ])('rejects %p with an error naming the field', (value, message) => {
    const attempt = () =>
      resolveFenceposts(rolloutSpec({ maxSurge: value as number | string, maxUnavailable: 0 }));
    expect(attempt).toThrow(RolloutStrategyError);
    expect(attempt).toThrow(`spec.rollout.strategy.rollingUpdate.maxSurge`);
    expect(attempt).toThrow(message);
  });

  it('names maxUnavailable when that is the broken one', () => {
    expect(() => resolveFenceposts(rolloutSpec({ maxSurge: 1, maxUnavailable: '10 %' }))).toThrow(
      'spec.rollout.strategy.rollingUpdate.maxUnavailable',
    );
  });
});
