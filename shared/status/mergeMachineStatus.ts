import type { MachineStatus } from './types';

/** True when `a` was reported before `b`: by report count when both carry one, else by time. */
function reportedBefore(a: MachineStatus, b: MachineStatus): boolean {
  if (a.reportSeq !== undefined && b.reportSeq !== undefined) return a.reportSeq < b.reportSeq;
  return a.lastUpdated < b.lastUpdated;
}

/** Merges a machine's report, ignoring stale ones (a report never moves a record backwards). */
export function mergeMachineStatus(machines: MachineStatus[], incoming: MachineStatus): MachineStatus[] {
  const idx = machines.findIndex((m) => m.name === incoming.name);
  // Owners create a placeholder for every machine they start, so an unknown machine reporting
  // Deleting is a late report of one already seen Deleted and forgotten.
  if (idx < 0) return incoming.phase === 'Deleting' || incoming.phase === 'Deleted' ? machines : [...machines, incoming];
  const current = machines[idx]!;
  if (reportedBefore(incoming, current)) return machines;
  const next = [...machines];
  // keep the owner's own delete marker even if the machine has not seen the request yet
  next[idx] = { ...incoming, deletionRequestedAt: incoming.deletionRequestedAt ?? current.deletionRequestedAt };
  return next;
}
