import type { RemediationAllowance } from './remediationAllowed';

/**
 * The RemediationAllowed=False/TooManyUnhealthy message: CAPI's sentence (with `unhealthy` = the
 * Machines that need remediation), then the numbers the decision actually used, because the
 * short-circuit compares expected − currentHealthy, which also counts Machines still waiting
 * for a Node or inside a condition timeout (the opacity users complain about, CAPI #5451).
 */
export function shortCircuitMessage(
  allowance: RemediationAllowance,
  expectedMachines: number,
  currentHealthy: number,
  needingRemediation: number,
): string {
  const notHealthy = expectedMachines - currentHealthy;
  const counting = `${notHealthy} of ${expectedMachines} machines are not healthy (expected ${expectedMachines} − currently healthy ${currentHealthy}; machines still inside a startup or condition timeout count)`;
  if (allowance.invalid) return `Remediation is not allowed: ${allowance.invalid}`;
  if (allowance.kind === 'unhealthyRange') {
    return (
      `Remediation is not allowed, the number of not started or unhealthy machines does not fall within the range ` +
      `(total: ${expectedMachines}, unhealthy: ${needingRemediation}, unhealthyRange: ${allowance.limit}); ` +
      `${counting}, remediation only happens with ${allowance.limit.slice(1, -1).replace('-', ' to ')} not healthy`
    );
  }
  const resolved = allowance.limit.endsWith('%')
    ? ` (${allowance.limit} of ${expectedMachines}, rounded down)`
    : '';
  return (
    `Remediation is not allowed, the number of not started or unhealthy machines exceeds maxUnhealthy ` +
    `(total: ${expectedMachines}, unhealthy: ${needingRemediation}, maxUnhealthy: ${allowance.limit}); ` +
    `${counting}, at most ${allowance.resolvedMax}${resolved} allowed`
  );
}
