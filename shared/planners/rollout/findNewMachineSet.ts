import { mostReplicasFirst } from './machineSetOrder';
import type { RolloutMachineSet, RolloutSpec } from './types';

export interface NewAndOldMachineSets {
  /** the MachineSet matching the deployment's intent; undefined when one must be created */
  newMS?: RolloutMachineSet;
  oldMSs: RolloutMachineSet[];
  /** why a new MachineSet is needed, when `newMS` is undefined */
  createReason?: string;
}

/**
 * mdutil.FindNewAndOldMachineSets. Candidates are the MachineSets whose template hash matches;
 * with several, the one with the most replicas wins (least churn), then the oldest. Once
 * rollout.after has passed (now ≥ after, CAPI checks `!now.Before(after)`), only a candidate created
 * at or after it counts; if none was, a fresh MachineSet must be created even though the template
 * did not change. Discarded candidates become old MachineSets.
 */
export function findNewAndOldMachineSets(
  spec: RolloutSpec,
  machineSets: readonly RolloutMachineSet[],
  now: string,
): NewAndOldMachineSets {
  if (machineSets.length === 0) {
    return { oldMSs: [], createReason: 'no MachineSets exist for the MachineDeployment' };
  }
  const sorted = mostReplicasFirst(machineSets);
  const candidates = sorted.filter((ms) => ms.templateHash === spec.templateHash);
  const outdated = sorted.filter((ms) => ms.templateHash !== spec.templateHash);

  if (candidates.length === 0) {
    const diffs = outdated.map((ms) => `MachineSet ${ms.name} has template ${ms.templateHash}`).join('; ');
    return {
      oldMSs: outdated,
      createReason: `couldn't find MachineSet matching MachineDeployment template ${spec.templateHash}: ${diffs}`,
    };
  }

  const after = spec.rolloutAfter === undefined ? undefined : Date.parse(spec.rolloutAfter);
  if (after === undefined || Date.parse(now) < after) {
    const [first, ...rest] = candidates;
    return { newMS: first, oldMSs: [...outdated, ...rest] };
  }

  const fresh = candidates.find((ms) => Date.parse(ms.createdAt) >= after);
  const oldMSs = [...outdated, ...candidates.filter((ms) => ms !== fresh)];
  if (fresh) return { newMS: fresh, oldMSs };
  return {
    oldMSs,
    createReason: `spec.rollout.after on MachineDeployment set to ${spec.rolloutAfter}, no MachineSet has been created afterwards`,
  };
}
