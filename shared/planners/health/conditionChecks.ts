import { formatGoDuration } from '../goDuration';
import { toMillis } from './time';
import type { UnhealthyConditionCheck } from './types';

interface TimedCondition {
  type: string;
  status: string;
  lastTransitionTime: string;
}

export interface ConditionCheckOutcome {
  /** checks matched for longer than their timeout, as CAPI words them */
  unhealthy: string[];
  /** checks matched but still inside their timeout: when each turns unhealthy (+1 s), in ms */
  pending: { message: string; atMillis: number }[];
}

/**
 * The unhealthy-condition loop of CAPI `needsRemediation`, shared by Node and Machine conditions:
 * a check matches when a condition of that type has exactly that status; it fails once
 * `lastTransitionTime + timeout` is strictly before now. Checks are ORed. A matched check still
 * inside its window asks for a recheck at `timeout − elapsed + 1 s`.
 */
export function evaluateConditionChecks(
  conditions: readonly TimedCondition[],
  checks: readonly UnhealthyConditionCheck[],
  on: 'Node' | 'Machine',
  nowMillis: number,
): ConditionCheckOutcome {
  const outcome: ConditionCheckOutcome = { unhealthy: [], pending: [] };
  for (const check of checks) {
    const condition = conditions.find((c) => c.type === check.type);
    if (!condition || condition.status !== check.status) continue;
    const timeoutMillis = check.timeoutSeconds * 1000;
    const since = toMillis(condition.lastTransitionTime);
    const timeout = formatGoDuration(check.timeoutSeconds);
    if (since + timeoutMillis < nowMillis) {
      outcome.unhealthy.push(
        `Condition ${check.type} on ${on} is reporting status ${check.status} for more than ${timeout}`,
      );
      continue;
    }
    outcome.pending.push({
      message: `Condition ${check.type} on ${on} is reporting status ${check.status}; unhealthy once it lasts more than ${timeout}`,
      atMillis: since + timeoutMillis + 1000,
    });
  }
  return outcome;
}
