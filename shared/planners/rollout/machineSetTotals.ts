import type { PlannedMachineSet } from './rolloutContext';

/** mdutil.GetReplicaCountForMachineSets: Σ spec.replicas. */
export function totalSpecReplicas(list: readonly PlannedMachineSet[]): number {
  return list.reduce((n, ms) => n + ms.replicas, 0);
}

/** mdutil.GetActualReplicaCountForMachineSets: Σ status.replicas (deleting machines included). */
export function totalStatusReplicas(list: readonly PlannedMachineSet[]): number {
  return list.reduce((n, ms) => n + ms.status.replicas, 0);
}

/** mdutil.GetAvailableReplicaCountForMachineSets: Σ status.availableReplicas. */
export function totalAvailableReplicas(list: readonly PlannedMachineSet[]): number {
  return list.reduce((n, ms) => n + ms.status.availableReplicas, 0);
}

/**
 * mdutil.TotalMachineSetsReplicaSum: Σ max(spec, status). Counts machines not yet created
 * (spec > status) and machines not yet deleted (status > spec), so a scale-up never exceeds
 * replicas + maxSurge while earlier changes are still in flight.
 */
export function totalMachineSetsReplicaSum(list: readonly PlannedMachineSet[]): number {
  return list.reduce((n, ms) => n + Math.max(ms.replicas, ms.status.replicas), 0);
}
