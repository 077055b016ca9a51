import type { ControlPlaneMachine, ControlPlaneState, RemediationRecord } from './types';

/**
 * The remediation-in-progress record is stale once any Machine was created after it: the
 * replacement exists, only the bookkeeping was lost (crash between create and clearing it).
 * KCP then drops it (`reconcileUnhealthyMachines`); the workflow should too.
 */
export function isRemediationRecordStale(
  record: RemediationRecord,
  machines: readonly ControlPlaneMachine[],
): boolean {
  const at = Date.parse(record.timestamp);
  return machines.some((m) => Date.parse(m.createdAt) > at);
}

/** The record that still blocks further remediation, if any. */
export function activeRemediation(state: ControlPlaneState): RemediationRecord | undefined {
  const record = state.remediationInProgress;
  return record && !isRemediationRecordStale(record, state.machines) ? record : undefined;
}
