import type { ConditionInput } from '../../status/conditions';
import { OwnerRemediatedReason } from './constants';
import { formatGoDuration } from '../goDuration';
import type { ControlPlaneMachine, ControlPlaneSpec, RemediationRecord } from './types';

export type RetryLimitsVerdict =
  | { allowed: true; record: RemediationRecord }
  | { allowed: false; condition: ConditionInput };

/**
 * `checkRetryLimits` (remediation.go; capi-behaviour.md §4.6). A Machine that replaced a
 * remediated one carries `remediation-for`. If it fails again within minHealthyPeriod of that
 * remediation, this is a retry of the same problem: it keeps the retry count, waits retryPeriod
 * after the previous remediation, and stops at maxRetry. Outside minHealthyPeriod a new
 * sequence starts at 0.
 */
export function checkRetryLimits(
  machine: ControlPlaneMachine,
  spec: ControlPlaneSpec,
  now: string,
): RetryLimitsVerdict {
  const record: RemediationRecord = { machine: machine.name, timestamp: now, retryCount: 0 };
  const last = machine.remediationFor;
  if (!last) return { allowed: true, record };

  const nowMs = Date.parse(now);
  const minHealthyMs = spec.remediation.minHealthyPeriodSeconds * 1000;
  const retryPeriodMs = spec.remediation.retryPeriodSeconds * 1000;
  // A lost timestamp is treated as long expired (both periods), as CAPI does.
  const parsed = Date.parse(last.timestamp);
  const lastMs = Number.isNaN(parsed) ? nowMs - 2 * Math.max(minHealthyMs, retryPeriodMs) : parsed;

  const retryOfSameProblem = lastMs + minHealthyMs > nowMs;
  if (!retryOfSameProblem) return { allowed: true, record };

  record.retryCount = last.retryCount;
  if (lastMs + retryPeriodMs > nowMs) {
    return {
      allowed: false,
      condition: {
        type: 'OwnerRemediated',
        status: 'False',
        reason: OwnerRemediatedReason.RemediationDeferred,
        severity: 'Warning',
        message: `KubeadmControlPlane can't remediate this machine because the operation already failed in the latest ${formatGoDuration(spec.remediation.retryPeriodSeconds)} (RetryPeriodSeconds)`,
      },
    };
  }
  const maxRetry = spec.remediation.maxRetry;
  if (maxRetry !== undefined && record.retryCount >= maxRetry) {
    return {
      allowed: false,
      condition: {
        type: 'OwnerRemediated',
        status: 'False',
        reason: OwnerRemediatedReason.CannotBeRemediated,
        severity: 'Warning',
        message: `KubeadmControlPlane can't remediate this machine because the operation already failed ${maxRetry} times (MaxRetry)`,
      },
    };
  }
  record.retryCount++;
  return { allowed: true, record };
}
