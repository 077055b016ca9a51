import { HEALTH_CHECK_SUCCEEDED } from './constants';
import type { UnhealthyVerdict } from './machineSetRemediationRecords';
import type { HealthCheckPlan } from './types';

/** What the health check knows of a target's owner. */
export interface HandOverTarget {
  name: string;
  ownerKind: string;
  ownerWorkflowId: string;
}

/**
 * Machines handed to a MachineSet owner that this pass counts healthy again (HealthCheckSucceeded
 * True), by owner workflow. CAPI's MachineSet reads that on the Machine and drops its stale
 * OwnerRemediated; here the owner keeps its machines' records, so it must be told. KubeadmControlPlane
 * owners are not: they keep their remediation marks as before.
 */
export function recoveredHandOvers(
  plan: Pick<HealthCheckPlan, 'machineConditions'>,
  targets: readonly HandOverTarget[],
  handedOver: ReadonlySet<string>,
  ownerKinds: readonly string[] = ['MachineSet'],
): Map<string, string[]> {
  const byOwner = new Map<string, string[]>();
  for (const { machine, condition } of plan.machineConditions) {
    if (condition.type !== HEALTH_CHECK_SUCCEEDED || condition.status !== 'True' || !handedOver.has(machine)) continue;
    const t = targets.find((x) => x.name === machine);
    if (!t || !ownerKinds.includes(t.ownerKind)) continue;
    byOwner.set(t.ownerWorkflowId, [...(byOwner.get(t.ownerWorkflowId) ?? []), machine]);
  }
  return byOwner;
}

/** The HealthCheckSucceeded=False (reason, message) the owner records for each machine it is handed. */
export function unhealthyVerdicts(plan: Pick<HealthCheckPlan, 'results'>, names: readonly string[]): UnhealthyVerdict[] {
  return plan.results.flatMap((r) =>
    r.health.status === 'unhealthy' && names.includes(r.machine)
      ? [{ name: r.machine, reason: r.health.reason, message: r.health.message }]
      : [],
  );
}
