import {
  HEALTH_CHECK_SUCCEEDED,
  OWNER_REMEDIATED,
  planMachineSetRemediation,
  type MachineSetRemediationState,
} from '../../shared/planners/health';
import {
  applyRemediationConditions,
  OWNER_HELD_CONDITIONS,
  recordHealthVerdicts,
  type UnhealthyVerdict,
} from '../../shared/planners/health/machineSetRemediationRecords';
import { getCondition } from '../../shared/status/conditions';
import type { DesiredMachineDeployment } from '../../shared/model/desired';
import type { MachineStatus } from '../../shared/status/types';
import type { MachineSetState } from './definitions';

/** What the health checks told this MachineDeployment since its last pass. */
export interface HealthReports {
  unhealthy: UnhealthyVerdict[];
  healthy: string[];
}

/** HealthCheckSucceeded's reason when a check did not say (a check started before it sent reasons). */
const UNSPECIFIED_REASON = 'MachineHealthCheckFailed';

/** The remediateMachines requests of a pass as verdicts, one per machine (the last word wins). */
export function verdictsOf(requests: ReadonlyArray<{ names: string[]; reason: string; machines?: UnhealthyVerdict[] }>): UnhealthyVerdict[] {
  const byName = new Map<string, UnhealthyVerdict>();
  for (const req of requests) {
    for (const name of req.names) {
      byName.set(name, req.machines?.find((m) => m.name === name) ?? { name, reason: UNSPECIFIED_REASON, message: req.reason });
    }
  }
  return [...byName.values()];
}

/** The workflow still holds remediation state a pass must look at (deferred or in-flight remediations). */
export function holdsRemediationState(machineSets: readonly MachineSetState[]): boolean {
  return machineSets.some((ms) => ms.machines.some((m) => getCondition(m.conditions, OWNER_REMEDIATED)));
}

/** The owner-held remediation conditions of a machine, for the status fingerprint: `[]` when it has none. */
export function remediationFingerprint(m: Pick<MachineStatus, 'conditions'>): string[] {
  return OWNER_HELD_CONDITIONS.flatMap((type) => {
    const c = getCondition(m.conditions, type);
    return c ? [type, c.status, c.reason] : [];
  });
}

/** The planner's view of one MachineSet: only the MachineDeployment's current revision remediates. */
export function remediationStateOf(
  ms: MachineSetState,
  spec: DesiredMachineDeployment,
  currentHash: string,
  preflightFailures: readonly string[] = [],
): MachineSetRemediationState {
  return {
    machines: ms.machines
      .filter((m) => m.phase !== 'Deleted')
      .map((m) => ({
        name: m.name,
        createdAt: m.createdAt,
        // Machine annotations are the template's here (remediate-machine included).
        annotations: ms.template.annotations,
        conditions: m.conditions,
        deleting: m.deletionRequestedAt !== undefined || m.phase === 'Deleting',
      })),
    deploymentChild: true,
    currentRevision: ms.templateHash === currentHash,
    maxInFlight: spec.strategy.remediation?.maxInFlight,
    deploymentReplicas: spec.replicas,
    ...(preflightFailures.length ? { preflightFailures } : {}),
  };
}

export interface RemediationPass {
  machineSets: MachineSetState[];
  /** delete these, in order, each with its reason (conditions already say MachineDeleting) */
  remediate: Array<{ name: string; why: string }>;
  reasons: string[];
}

/**
 * One pass of CAPI's MachineSet `reconcileUnhealthyMachines` over every MachineSet: record what the
 * health checks reported, plan (maxInFlight budget, deferrals, old revisions), and write the
 * OwnerRemediated conditions before anything is deleted.
 */
export function planRemediationPass(
  machineSets: readonly MachineSetState[],
  reports: HealthReports,
  spec: DesiredMachineDeployment,
  currentHash: string,
  now: string,
  /** the MachineSet preflight checks' failures, per MachineSet (CAPI runs them before remediating) */
  preflight: (ms: MachineSetState) => readonly string[] = () => [],
): RemediationPass {
  const pass: RemediationPass = { machineSets: [], remediate: [], reasons: [] };
  for (const ms of machineSets) {
    const recorded = { ...ms, machines: recordHealthVerdicts(ms.machines, reports, now) };
    const plan = planMachineSetRemediation(remediationStateOf(recorded, spec, currentHash, preflight(recorded)));
    const machines = applyRemediationConditions(recorded.machines, plan, now);
    pass.machineSets.push({ ...recorded, machines });
    for (const name of plan.remediate) {
      const why = getCondition(machines.find((m) => m.name === name)?.conditions ?? [], HEALTH_CHECK_SUCCEEDED)?.message;
      pass.remediate.push({ name, why: `remediation: ${why || 'the machine failed its health check'}` });
    }
    if (plan.conditions.length) pass.reasons.push(`${ms.name}: ${plan.reason}`);
  }
  return pass;
}
