import {
  HEALTH_CHECK_SUCCEEDED,
  HEALTH_CHECK_SUCCEEDED_REASON,
  REMEDIATION_ALLOWED,
  REMEDIATION_ALLOWED_REASON,
  TOO_MANY_UNHEALTHY_REASON,
} from './constants';
import { evaluateMachineHealth } from './evaluateMachineHealth';
import { isAllowedRemediation } from './remediationAllowed';
import { planRemediationMarks } from './remediationMarks';
import { shortCircuitMessage } from './remediationMessage';
import { selectHealthCheckMachines } from './targets';
import { toMillis, fromMillis } from './time';
import type {
  HealthCheckMachine,
  HealthCheckPlan,
  HealthCheckState,
  MachineConditionPatch,
  MachineHealthResult,
} from './types';

/** Counted in `status.currentHealthy` and marked HealthCheckSucceeded=True (`healthCheckTargets`). */
function isCountedHealthy(result: MachineHealthResult): boolean {
  const h = result.health;
  return (h.status === 'healthy' || h.status === 'notEvaluated') && h.counted;
}

/**
 * One MachineHealthCheck reconcile (CAPI `Reconciler.reconcile`), pure: judge every target,
 * count expected vs currently healthy, apply the short-circuit, and say which Machines to mark
 * for their owner (or for external remediation). When the short-circuit trips nothing is marked
 * for remediation, but HealthCheckSucceeded is still written on every judged Machine.
 */
export function planHealthCheck(state: HealthCheckState, now: string): HealthCheckPlan {
  if (state.cluster.paused || state.checkPaused) {
    return emptyPlan(state.cluster.paused ? 'the Cluster is paused' : 'the MachineHealthCheck is paused');
  }
  const candidates = selectHealthCheckMachines(state.check, state.machines);
  const results: MachineHealthResult[] = candidates.map((m) => ({
    machine: m.name,
    health: evaluateMachineHealth(m, state.check, state.cluster, now),
  }));
  const byName = new Map(candidates.map((m) => [m.name, m]));
  const judged = results.filter((r) => r.health.status !== 'skipped');
  const unhealthy = judged.filter((r) => r.health.status === 'unhealthy');
  const healthy = judged.filter(isCountedHealthy);
  const expectedMachines = judged.length;
  const currentHealthy = healthy.length;

  const machineConditions: MachineConditionPatch[] = [];
  for (const r of judged) {
    if (r.health.status === 'unhealthy') {
      machineConditions.push({
        machine: r.machine,
        condition: {
          type: HEALTH_CHECK_SUCCEEDED,
          status: 'False',
          reason: r.health.reason,
          message: r.health.message,
          severity: 'Warning',
        },
      });
    } else if (isCountedHealthy(r)) {
      machineConditions.push({
        machine: r.machine,
        condition: { type: HEALTH_CHECK_SUCCEEDED, status: 'True', reason: HEALTH_CHECK_SUCCEEDED_REASON },
      });
    }
  }
  const nextCheckAt = earliestRecheck(results);
  const allowance = isAllowedRemediation(state.check, expectedMachines, currentHealthy);
  const base = {
    targets: judged.map((r) => r.machine),
    results,
    expectedMachines,
    currentHealthy,
    unhealthyCount: expectedMachines - currentHealthy,
    nextCheckAt,
  };

  if (!allowance.allowed) {
    const message = shortCircuitMessage(allowance, expectedMachines, currentHealthy, unhealthy.length);
    return {
      ...base,
      remediationAllowed: false,
      remediationsAllowed: 0,
      condition: {
        type: REMEDIATION_ALLOWED,
        status: 'False',
        reason: TOO_MANY_UNHEALTHY_REASON,
        message,
        severity: 'Warning',
      },
      machineConditions,
      markOwnerRemediated: [],
      notRemediable: [],
      createRemediationRequests: [],
      deleteRemediationRequests: [],
      event: unhealthy.length > 0 ? { type: 'Warning', reason: 'RemediationRestricted', message } : undefined,
      requeue: true,
    };
  }

  const machinesOf = (list: readonly MachineHealthResult[]): HealthCheckMachine[] =>
    list.map((r) => byName.get(r.machine)!);
  const marks = planRemediationMarks(
    state.check,
    machinesOf(unhealthy),
    machinesOf(healthy),
    state.remediationRequests ?? [],
  );
  return {
    ...base,
    remediationAllowed: true,
    remediationsAllowed: allowance.remediationsAllowed,
    condition: { type: REMEDIATION_ALLOWED, status: 'True', reason: REMEDIATION_ALLOWED_REASON },
    machineConditions: [...machineConditions, ...marks.conditions],
    markOwnerRemediated: marks.markOwnerRemediated,
    notRemediable: marks.notRemediable,
    createRemediationRequests: marks.createRemediationRequests,
    deleteRemediationRequests: marks.deleteRemediationRequests,
    requeue: false,
  };
}

/** CAPI requeues after `minDuration(nextCheckTimes)`: the earliest pending Machine's deadline + 1 s. */
function earliestRecheck(results: readonly MachineHealthResult[]): string | undefined {
  let earliest: number | undefined;
  for (const r of results) {
    if (r.health.status !== 'pending') continue;
    const at = toMillis(r.health.recheckAt);
    if (earliest === undefined || at < earliest) earliest = at;
  }
  return earliest === undefined ? undefined : fromMillis(earliest);
}

function emptyPlan(paused: string): HealthCheckPlan {
  return {
    paused,
    targets: [],
    results: [],
    expectedMachines: 0,
    currentHealthy: 0,
    unhealthyCount: 0,
    remediationAllowed: false,
    remediationsAllowed: 0,
    condition: { type: 'Paused', status: 'True', reason: 'Paused', message: paused },
    machineConditions: [],
    markOwnerRemediated: [],
    notRemediable: [],
    createRemediationRequests: [],
    deleteRemediationRequests: [],
    requeue: false,
  };
}
