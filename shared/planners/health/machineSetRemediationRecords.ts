import { setCondition, type Condition } from '../../status/conditions';
import {
  HEALTH_CHECK_SUCCEEDED,
  HEALTH_CHECK_SUCCEEDED_REASON,
  OWNER_REMEDIATED,
  WAITING_FOR_REMEDIATION_REASON,
} from './constants';
import type { MachineSetRemediationPlan } from './machineSetRemediation';

/**
 * A MachineSet's remediation state lives on its machine records, as CAPI keeps it on Machines:
 * HealthCheckSucceeded (written by the MachineHealthCheck) and OwnerRemediated (set by the check,
 * then driven by the MachineSet). Here the owner keeps them; these pure helpers write them.
 */
export interface ConditionedRecord {
  name: string;
  conditions: Condition[];
}

/** Conditions the owner writes; a machine's own report never carries them. */
export const OWNER_HELD_CONDITIONS: readonly string[] = [HEALTH_CHECK_SUCCEEDED, OWNER_REMEDIATED];

/** One machine the health check found unhealthy: the HealthCheckSucceeded=False it would write. */
export interface UnhealthyVerdict {
  name: string;
  /** UnhealthyNode, NodeStartupTimeout, NodeDeleted, HasRemediateAnnotation, UnhealthyMachine */
  reason: string;
  message: string;
}

/**
 * Writes what the health check reported, as CAPI's MHC patches its targets: unhealthy ones get
 * HealthCheckSucceeded=False and OwnerRemediated=False/WaitingForRemediation (only when that is
 * absent or True: once False, the owner drives it); healthy ones HealthCheckSucceeded=True, which
 * lets the planner drop a stale OwnerRemediated. Machines not on the records are ignored.
 */
export function recordHealthVerdicts<T extends ConditionedRecord>(
  machines: readonly T[],
  verdicts: { unhealthy: readonly UnhealthyVerdict[]; healthy: readonly string[] },
  now: string,
): T[] {
  return machines.map((m) => {
    const bad = verdicts.unhealthy.find((v) => v.name === m.name);
    if (bad) {
      let conditions = setCondition(
        m.conditions,
        { type: HEALTH_CHECK_SUCCEEDED, status: 'False', reason: bad.reason, message: bad.message, severity: 'Warning' },
        now,
      );
      const owner = conditions.find((c) => c.type === OWNER_REMEDIATED);
      if (!owner || owner.status === 'True') {
        conditions = setCondition(
          conditions,
          { type: OWNER_REMEDIATED, status: 'False', reason: WAITING_FOR_REMEDIATION_REASON, message: 'Waiting for remediation', severity: 'Warning' },
          now,
        );
      }
      return { ...m, conditions };
    }
    if (verdicts.healthy.includes(m.name)) {
      return {
        ...m,
        conditions: setCondition(m.conditions, { type: HEALTH_CHECK_SUCCEEDED, status: 'True', reason: HEALTH_CHECK_SUCCEEDED_REASON }, now),
      };
    }
    return m;
  });
}

/**
 * Applies planMachineSetRemediation's condition changes to the records, before any delete (the
 * MachineDeleting mark is what keeps a remediation counted in flight until the machine is gone).
 */
export function applyRemediationConditions<T extends ConditionedRecord>(
  machines: readonly T[],
  plan: Pick<MachineSetRemediationPlan, 'clearOwnerRemediated' | 'conditions'>,
  now: string,
): T[] {
  return machines.map((m) => {
    let conditions = plan.clearOwnerRemediated.includes(m.name)
      ? m.conditions.filter((c) => c.type !== OWNER_REMEDIATED)
      : m.conditions;
    for (const patch of plan.conditions) if (patch.machine === m.name) conditions = setCondition(conditions, patch.condition, now);
    return conditions === m.conditions ? m : { ...m, conditions };
  });
}

/**
 * A machine's report replaces its record but knows nothing of the owner's conditions: carry them
 * over from the record it replaces (by name), so a deferred remediation is not forgotten.
 */
export function keepOwnerConditions<T extends ConditionedRecord>(previous: readonly T[], next: readonly T[]): T[] {
  return next.map((m) => {
    const before = previous.find((p) => p.name === m.name);
    const held = before?.conditions.filter((c) => OWNER_HELD_CONDITIONS.includes(c.type)) ?? [];
    const missing = held.filter((c) => !m.conditions.some((x) => x.type === c.type));
    if (missing.length === 0) return m;
    return { ...m, conditions: [...m.conditions, ...missing].sort(readyFirstThenByType) };
  });
}

/** The order setCondition keeps. */
const readyFirstThenByType = (a: Condition, b: Condition) =>
  a.type === 'Ready' ? -1 : b.type === 'Ready' ? 1 : a.type.localeCompare(b.type);
