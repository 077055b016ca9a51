import { PAUSED_ANNOTATION, SKIP_REMEDIATION_ANNOTATION } from './constants';
import type { HealthCheckMachine, MachineHealth } from './types';

/**
 * CAPI `shouldSkipRemediation` (machinehealthcheck_targets.go): a Machine carrying the paused or
 * the skip-remediation annotation is not a target at all, so it is neither marked nor counted.
 */
export function shouldSkipRemediation(
  machine: HealthCheckMachine,
): Extract<MachineHealth, { status: 'skipped' }> | undefined {
  if (PAUSED_ANNOTATION in machine.annotations) {
    return {
      status: 'skipped',
      reason: 'PausedAnnotation',
      message: `machine has "${PAUSED_ANNOTATION}" annotation`,
    };
  }
  if (SKIP_REMEDIATION_ANNOTATION in machine.annotations) {
    return {
      status: 'skipped',
      reason: 'SkipRemediationAnnotation',
      message: `machine has "${SKIP_REMEDIATION_ANNOTATION}" annotation`,
    };
  }
  return undefined;
}
