import type { MachineSetStatus, RolloutMachine, RolloutMachineSet } from './types';

/** A machine with a deletionTimestamp still exists (and is counted) until it is gone. */
export function isMachineDeleting(m: RolloutMachine): boolean {
  return m.deleting || m.phase === 'Deleting';
}

/** Machines that still exist; `Deleted` is a tombstone some reporters send before dropping it. */
export function existingMachines(ms: RolloutMachineSet): RolloutMachine[] {
  return ms.machines.filter((m) => m.phase !== 'Deleted');
}

/**
 * Machine Ready (machine_controller_status.go setReadyCondition): `Deleting` has negative polarity,
 * so a deleting machine is never Ready; here Ready is "Running and not deleting".
 */
export function isMachineReady(m: RolloutMachine): boolean {
  return m.phase === 'Running' && !isMachineDeleting(m) && m.readySince !== undefined;
}

/**
 * Machine Available: Ready has been True for at least minReadySeconds, measured from Ready's
 * lastTransitionTime (machine_controller_status.go setAvailableCondition).
 */
export function isMachineAvailable(m: RolloutMachine, minReadySeconds: number, now: string): boolean {
  if (!isMachineReady(m) || m.readySince === undefined) return false;
  return Date.parse(now) - Date.parse(m.readySince) >= minReadySeconds * 1000;
}

/** The MachineSet status counters the MachineDeployment planner reads (status.replicas etc.). */
export function machineSetStatus(
  ms: RolloutMachineSet,
  minReadySeconds: number,
  now: string,
): MachineSetStatus {
  const machines = existingMachines(ms);
  return {
    replicas: machines.length,
    readyReplicas: machines.filter(isMachineReady).length,
    availableReplicas: machines.filter((m) => isMachineAvailable(m, minReadySeconds, now)).length,
    deletingReplicas: machines.filter(isMachineDeleting).length,
  };
}

/**
 * The earliest instant after `now` at which a Ready machine crosses minReadySeconds and becomes
 * Available. CAPI requeues at that exact boundary; a workflow sets a durable timer for it.
 */
export function nextAvailabilityAt(
  machineSets: readonly RolloutMachineSet[],
  minReadySeconds: number,
  now: string,
): string | undefined {
  const nowMs = Date.parse(now);
  let earliest: number | undefined;
  for (const m of machineSets.flatMap(existingMachines)) {
    if (!isMachineReady(m) || m.readySince === undefined) continue;
    const at = Date.parse(m.readySince) + minReadySeconds * 1000;
    if (at > nowMs && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest === undefined ? undefined : new Date(earliest).toISOString();
}
