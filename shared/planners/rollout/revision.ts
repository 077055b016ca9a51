/**
 * mdutil.ComputeRevisionAnnotations: the current MachineSet carries the highest revision, max of
 * the old ones + 1; an existing revision is never decreased (old MachineSets may have been
 * deleted since it was assigned). An old MachineSet that becomes current again (template rolled
 * back) is renumbered this way, which is how `kubectl rollout history`-style numbering stays
 * monotonic.
 */
export function revisionForNewMachineSet(
  current: { revision: number } | undefined,
  oldMachineSets: readonly { revision: number }[],
): number {
  const next = oldMachineSets.reduce((max, ms) => Math.max(max, ms.revision), 0) + 1;
  return current && current.revision > next ? current.revision : next;
}
