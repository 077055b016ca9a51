import { violation, type RuleViolation } from './violation';

/** Kubernetes intstr.IntOrString as CAPI uses it for surge/unavailable/maxUnhealthy: `3` or `"40%"`. */
const PERCENT = /^(0|[1-9][0-9]*)%$/;

export function checkIntOrPercent(value: number | string): RuleViolation | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) {
      return violation(
        'int-or-percent',
        `${value} must be a non-negative integer or a percentage such as "25%"`,
      );
    }
    return undefined;
  }
  if (PERCENT.test(value)) return undefined;
  return violation(
    'int-or-percent',
    `"${value}" must be a non-negative integer or a percentage such as "25%"`,
  );
}

/** True for `0` and `"0%"`: the value that, for both surge and unavailable, deadlocks a rollout. */
export function isZeroIntOrPercent(value: number | string): boolean {
  return value === 0 || value === '0%';
}
