import { MAX_SURGE_FIELD } from './fenceposts';
import { scaledValueFromIntOrPercent } from './intOrPercent';
import { totalMachineSetsReplicaSum } from './machineSetTotals';
import type { PlannedMachineSet } from './rolloutContext';
import type { RolloutSpec } from './types';

/**
 * mdutil.NewMSNewReplicas: the replica count the new MachineSet may grow to now.
 * - RollingUpdate: maxTotal = replicas + maxSurge (rounded up); current = Σ max(spec, status) over
 *   all MachineSets; if current ≥ maxTotal hold, else grow by min(maxTotal − current,
 *   replicas − newMS.spec).
 * - OnDelete: grow only by replicas − current, i.e. after old machines were deleted by hand and
 *   their MachineSet's spec acknowledged it.
 * The note is CAPI's, word for word, so logs compare with upstream.
 */
export function newMachineSetReplicas(
  spec: RolloutSpec,
  all: readonly PlannedMachineSet[],
  newMSReplicas: number,
): { replicas: number; note: string } {
  const current = totalMachineSetsReplicaSum(all);
  if (spec.strategy.type === 'OnDelete') {
    if (current >= spec.replicas) {
      return {
        replicas: newMSReplicas,
        note: `${current} current Machines >= ${spec.replicas} MachineDeployment spec.replicas`,
      };
    }
    return {
      replicas: newMSReplicas + (spec.replicas - current),
      note: `${current} current Machines < ${spec.replicas} MachineDeployment spec.replicas`,
    };
  }
  // NewMSNewReplicas scales maxSurge directly (not through ResolveFenceposts); the value is the same.
  const maxSurge = scaledValueFromIntOrPercent(spec.strategy.maxSurge, spec.replicas, true, MAX_SURGE_FIELD);
  const maxTotal = spec.replicas + maxSurge;
  if (current >= maxTotal) {
    return {
      replicas: newMSReplicas,
      note: `${current} current Machines >= ${spec.replicas} MachineDeployment spec.replicas + ${maxSurge} maxSurge`,
    };
  }
  const scaleUp = Math.min(maxTotal - current, spec.replicas - newMSReplicas);
  return {
    replicas: newMSReplicas + scaleUp,
    note: `${current} current Machines < ${spec.replicas} MachineDeployment spec.replicas + ${maxSurge} maxSurge`,
  };
}
