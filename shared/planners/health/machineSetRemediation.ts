import { getCondition, isTrue, type Condition } from '../../status/conditions';
import type { IntOrPercent } from '../../model/desired';
import { HEALTH_CHECK_SUCCEEDED, OWNER_REMEDIATED, REMEDIATE_MACHINE_ANNOTATION } from './constants';
import { scaledValue } from './scaledValue';
import { toMillis } from './time';
import type { MachineConditionPatch } from './types';

/** MachineSet preflight checks requeue (`preflightFailedRequeueAfter`). */
export const MACHINE_SET_PREFLIGHT_REQUEUE_SECONDS = 15;

export interface RemediationCandidate {
  name: string;
  createdAt: string;
  annotations: Record<string, string>;
  conditions: readonly Condition[];
  deleting: boolean;
}

export interface MachineSetRemediationState {
  machines: readonly RemediationCandidate[];
  /** the MachineSet belongs to a MachineDeployment */
  deploymentChild: boolean;
  /** ...and carries the MachineDeployment's current revision (ignored for a standalone MachineSet) */
  currentRevision: boolean;
  /** MachineDeployment `spec.remediation.maxInFlight`; unset means every Machine at once */
  maxInFlight?: IntOrPercent;
  /** MachineDeployment `spec.replicas` (default 1), the base of a percentage maxInFlight */
  deploymentReplicas?: number;
  /** messages of failed MachineSet preflight checks (ControlPlaneIsStable, version skew, ...) */
  preflightFailures?: readonly string[];
}

export interface MachineSetRemediationPlan {
  /** remove OwnerRemediated: HealthCheckSucceeded is True again */
  clearOwnerRemediated: string[];
  /** patch OwnerRemediated=False/MachineDeleting first, then delete, in this order */
  remediate: string[];
  /** over the maxInFlight budget or blocked by preflight checks */
  deferred: string[];
  conditions: MachineConditionPatch[];
  requeueAfterSeconds?: number;
  reason: string;
}

const CANNOT_BE_REMEDIATED = 'CannotBeRemediated';
const REMEDIATION_DEFERRED = 'RemediationDeferred';
const MACHINE_DELETING = 'MachineDeleting';

/**
 * CAPI MachineSet `reconcileUnhealthyMachines`: remediate Machines with HealthCheckSucceeded=False
 * and OwnerRemediated=False by deleting them (the replacement comes from the normal scale-up).
 * Only the MachineDeployment's current revision remediates; `maxInFlight` (rounded up) minus
 * remediations still deleting is the budget; order is remediate-machine annotation first, then
 * newest first, then name; the condition is patched before the delete so a crash in between is safe.
 */
export function planMachineSetRemediation(state: MachineSetRemediationState): MachineSetRemediationPlan {
  const plan: MachineSetRemediationPlan = {
    clearOwnerRemediated: [],
    remediate: [],
    deferred: [],
    conditions: [],
    reason: '',
  };
  const isFalse = (m: RemediationCandidate, type: string) =>
    getCondition(m.conditions, type)?.status === 'False';
  for (const m of state.machines) {
    if (!m.deleting && isTrue(m.conditions, HEALTH_CHECK_SUCCEEDED) && isFalse(m, OWNER_REMEDIATED))
      plan.clearOwnerRemediated.push(m.name);
  }
  let toRemediate = state.machines.filter(
    (m) => !m.deleting && isFalse(m, HEALTH_CHECK_SUCCEEDED) && isFalse(m, OWNER_REMEDIATED),
  );
  if (toRemediate.length === 0) return { ...plan, reason: 'no machine needs remediation' };

  const mark = (names: readonly RemediationCandidate[], reason: string, message: string): void => {
    for (const m of names) {
      plan.conditions.push({
        machine: m.name,
        condition: { type: OWNER_REMEDIATED, status: 'False', reason, message, severity: 'Warning' },
      });
    }
  };

  let maxInFlight = Number.POSITIVE_INFINITY;
  if (state.deploymentChild) {
    if (!state.currentRevision) {
      mark(
        toRemediate,
        CANNOT_BE_REMEDIATED,
        "Machine won't be remediated because it is pending removal due to rollout",
      );
      return {
        ...plan,
        reason:
          'not the current revision: old MachineSets never remediate, their machines go away with the rollout',
      };
    }
    if (state.maxInFlight !== undefined) {
      maxInFlight = scaledValue(state.maxInFlight, state.deploymentReplicas ?? 1, true) ?? 0;
    }
  }
  const inFlight = state.machines.filter(
    (m) =>
      m.deleting &&
      getCondition(m.conditions, OWNER_REMEDIATED)?.status === 'False' &&
      getCondition(m.conditions, OWNER_REMEDIATED)?.reason === MACHINE_DELETING,
  ).length;
  maxInFlight -= inFlight;
  const deferredMessage = `Waiting because there are already too many remediations in progress (spec.strategy.remediation.maxInFlight is ${String(state.maxInFlight)})`;
  if (maxInFlight <= 0) {
    mark(toRemediate, REMEDIATION_DEFERRED, deferredMessage);
    plan.deferred = toRemediate.map((m) => m.name);
    return {
      ...plan,
      reason: `maxInFlight ${String(state.maxInFlight)} reached: ${inFlight} remediation(s) still deleting`,
    };
  }

  toRemediate = sortMachinesToRemediate(toRemediate);
  if (toRemediate.length > maxInFlight) {
    const later = toRemediate.slice(maxInFlight);
    toRemediate = toRemediate.slice(0, maxInFlight);
    mark(later, REMEDIATION_DEFERRED, deferredMessage);
    plan.deferred.push(...later.map((m) => m.name));
  }

  const failures = state.preflightFailures ?? [];
  if (failures.length > 0) {
    mark(toRemediate, REMEDIATION_DEFERRED, failures.map((f) => `* ${f}`).join('\n'));
    plan.deferred.push(...toRemediate.map((m) => m.name));
    return {
      ...plan,
      requeueAfterSeconds: MACHINE_SET_PREFLIGHT_REQUEUE_SECONDS,
      reason: `preflight checks failed: ${failures.join('; ')}`,
    };
  }

  mark(toRemediate, MACHINE_DELETING, 'Machine is deleting');
  plan.remediate = toRemediate.map((m) => m.name);
  const deferredNote =
    plan.deferred.length > 0
      ? `; ${plan.deferred.length} deferred by maxInFlight ${String(state.maxInFlight)}`
      : '';
  return {
    ...plan,
    reason: `remediating ${plan.remediate.join(', ')} by deleting and replacing${deferredNote}`,
  };
}

/** CAPI `SortMachinesToRemediate`: remediate-machine annotation first, then newest, then name. */
export function sortMachinesToRemediate<
  T extends Pick<RemediationCandidate, 'name' | 'createdAt' | 'annotations'>,
>(machines: readonly T[]): T[] {
  const annotated = (m: T) => REMEDIATE_MACHINE_ANNOTATION in m.annotations;
  return [...machines].sort((a, b) => {
    if (annotated(a) !== annotated(b)) return annotated(a) ? -1 : 1;
    const diff = toMillis(b.createdAt) - toMillis(a.createdAt);
    if (diff !== 0) return diff;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}
