const MAX_NAME_LENGTH = 63;

/**
 * Name of a MachineSet the planner creates. CAPI uses `<md>-<random>` plus a random suffix on the
 * template-hash label so that two MachineSets with the same template (rolloutAfter) differ; a
 * pure planner derives the same uniqueness from the revision instead, which is strictly
 * increasing (the current MachineSet always holds the maximum and is never cleaned up). The name
 * stays a valid 63-character DNS label.
 */
export function newMachineSetName(machineDeployment: string, templateHash: string, revision: number): string {
  const suffix = `-${templateHash}-${revision}`;
  const base = machineDeployment.slice(0, Math.max(MAX_NAME_LENGTH - suffix.length, 1)).replace(/-+$/, '');
  return `${base}${suffix}`;
}
