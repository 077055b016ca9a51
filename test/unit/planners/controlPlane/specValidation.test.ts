import {
  checkControlPlaneSpec,
  checkControlPlaneVersionChange,
} from '../../../../shared/planners/controlPlane';
import { spec } from './fixtures';

describe('checkControlPlaneVersionChange (KCP webhook, §4.7)', () => {
  it.each([
    ['v1.30.4', 'v1.31.0', undefined],
    ['v1.30.4', 'v1.30.9', undefined],
    ['v1.30.4', 'v1.32.0', 'one-minor-per-upgrade'],
    ['v1.30.4', 'v1.29.9', 'version-no-downgrade'],
    ['v1.30.4', 'v1.30.3', 'version-no-downgrade'],
    ['v1.30.4', 'v2.0.0', 'one-minor-per-upgrade'],
    ['v1.30.4', '1.31', 'version-format'],
  ])('%s → %s: %s', (from, to, rule) => {
    expect(checkControlPlaneVersionChange(from, to)?.rule).toBe(rule);
  });
});

describe('checkControlPlaneSpec (KCP webhook, §4.1)', () => {
  it.each([
    [3, 1, []],
    [1, 1, []],
    [4, 1, ['kcp-replicas-odd']],
    [0, 1, ['kcp-replicas-min']],
    [1, 0, ['kcp-scale-in-min-replicas']],
    [3, 0, []],
  ] as const)('replicas %i, maxSurge %i → %j', (replicas, maxSurge, rules) => {
    expect(checkControlPlaneSpec(spec({ replicas, rollout: { maxSurge } })).map((v) => v.rule)).toEqual(
      rules,
    );
  });
});
