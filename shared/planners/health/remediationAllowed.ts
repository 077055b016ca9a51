import { parseUnhealthyRange } from '../../model/rules/unhealthyRange';
import { DEFAULT_MAX_UNHEALTHY } from './constants';
import { scaledValue } from './scaledValue';
import type { HealthCheckSpec } from './types';

export interface RemediationAllowance {
  allowed: boolean;
  /** `status.remediationsAllowed`: 0 when not allowed */
  remediationsAllowed: number;
  /** the limit as the user wrote it, for messages: "40%", "2" or "[1-3]" */
  limit: string;
  /** the limit resolved against expectedMachines (max of the range) */
  resolvedMax: number;
  kind: 'maxUnhealthy' | 'unhealthyRange';
  /** set when the limit could not be parsed; remediation is then never allowed */
  invalid?: string;
}

/**
 * CAPI `isAllowedRemediation`. `unhealthy = expectedMachines − currentHealthy`, so Machines still
 * waiting for a Node or inside a condition timeout count against the limit. `unhealthyRange`
 * "[min-max]" wins when set (allowed iff min ≤ unhealthy ≤ max); else `maxUnhealthy`
 * (int, or a percentage of expectedMachines rounded down; default 100%) allows iff unhealthy ≤ max.
 */
export function isAllowedRemediation(
  check: Pick<HealthCheckSpec, 'maxUnhealthy' | 'unhealthyRange'>,
  expectedMachines: number,
  currentHealthy: number,
): RemediationAllowance {
  const unhealthy = expectedMachines - currentHealthy;
  if (check.unhealthyRange !== undefined && check.unhealthyRange !== '') {
    const range = parseUnhealthyRange(check.unhealthyRange);
    if (!range || range.max < range.min) {
      return notAllowed(
        'unhealthyRange',
        check.unhealthyRange,
        `invalid unhealthyRange "${check.unhealthyRange}"`,
      );
    }
    const allowed = unhealthy >= range.min && unhealthy <= range.max;
    return {
      allowed,
      remediationsAllowed: allowed ? range.max - unhealthy : 0,
      limit: check.unhealthyRange,
      resolvedMax: range.max,
      kind: 'unhealthyRange',
    };
  }
  const limit = check.maxUnhealthy ?? DEFAULT_MAX_UNHEALTHY;
  const max = scaledValue(limit, expectedMachines, false);
  if (max === undefined)
    return notAllowed('maxUnhealthy', String(limit), `invalid maxUnhealthy "${String(limit)}"`);
  const allowed = unhealthy <= max;
  return {
    allowed,
    remediationsAllowed: allowed ? max - unhealthy : 0,
    limit: String(limit),
    resolvedMax: max,
    kind: 'maxUnhealthy',
  };
}

function notAllowed(
  kind: RemediationAllowance['kind'],
  limit: string,
  invalid: string,
): RemediationAllowance {
  return { allowed: false, remediationsAllowed: 0, limit, resolvedMax: 0, kind, invalid };
}
