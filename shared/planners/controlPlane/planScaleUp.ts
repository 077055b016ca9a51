import { pickFailureDomainForNewMachine } from './failureDomainPlacement';
import { waitFor, type PlanContext, type RuleOutcome } from './planContext';
import { preflightFailures } from './preflightChecks';
import { activeRemediation } from './remediationInProgress';
import type { ControlPlaneIntent } from './types';

/**
 * One new control-plane Machine: `initializeControlPlane` when there are none (kubeadm init, no
 * preflight), else `scaleUpControlPlane` (kubeadm join) — only after the control plane is
 * initialized and the preflight checks pass. A pending remediation rides along as the new
 * Machine's remediation-for (`cloneConfigsAndGenerateMachine`).
 */
export function planScaleUp(ctx: PlanContext, why: string): RuleOutcome {
  const { state } = ctx;
  const upToDate = state.machines.filter(ctx.isUpToDate);
  const failureDomain = pickFailureDomainForNewMachine(state.failureDomains, state.machines, upToDate);
  const remediationFor = activeRemediation(state);
  const forRemediation = remediationFor ? `, replacing remediated Machine ${remediationFor.machine}` : '';
  const where = failureDomain ? ` in failure domain ${failureDomain}` : '';

  if (state.machines.length === 0) {
    return createMachine(
      'init',
      failureDomain,
      `creating the first control plane Machine (kubeadm init)${where}${forRemediation}`,
      remediationFor,
    );
  }
  if (!state.initialized) {
    return waitFor(
      ctx,
      'scaleUp',
      `waiting for the control plane to be initialized (kubeadm init) before joining more Machines`,
    );
  }
  const failures = preflightFailures(state, { isScaleUp: true });
  if (failures.length > 0) {
    return waitFor(
      ctx,
      'scaleUp',
      `waiting for control plane to pass preflight checks to ${why}: ${failures.join('; ')}`,
    );
  }
  return createMachine(
    'join',
    failureDomain,
    `${why}: creating a control plane Machine (kubeadm join)${where}${forRemediation}`,
    remediationFor,
  );
}

function createMachine(
  role: 'init' | 'join',
  failureDomain: string | undefined,
  reason: string,
  remediationFor: ReturnType<typeof activeRemediation>,
): ControlPlaneIntent {
  return {
    type: 'createMachine',
    role,
    ...(failureDomain !== undefined ? { failureDomain } : {}),
    reason,
    ...(remediationFor ? { remediationFor } : {}),
  };
}
