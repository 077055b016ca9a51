import { newMachineSetReplicas } from './newMachineSetReplicas';
import { addNote, allMachineSets, type PlannedMachineSet, type RolloutContext } from './rolloutContext';

/**
 * rolloutPlanner.reconcileNewMachineSet (used by RollingUpdate and OnDelete). If the new MachineSet
 * holds more replicas than the deployment wants it is scaled down at once, without an
 * availability guard: a documented CAPI limitation (a scale-down of the deployment may
 * briefly breach maxUnavailable). Otherwise it grows as far as NewMSNewReplicas allows.
 */
export function reconcileNewMachineSet(ctx: RolloutContext, newMS: PlannedMachineSet): void {
  const { spec } = ctx;
  if (newMS.replicas === spec.replicas) return;
  if (newMS.replicas > spec.replicas) {
    addNote(ctx, newMS, 'scale down to align MachineSet spec.replicas to MachineDeployment spec.replicas');
    ctx.scaleIntents.set(newMS.name, spec.replicas);
    return;
  }
  const { replicas, note } = newMachineSetReplicas(spec, allMachineSets(ctx), newMS.replicas);
  if (replicas !== newMS.replicas) {
    addNote(ctx, newMS, note);
    ctx.scaleIntents.set(newMS.name, replicas);
    return;
  }
  ctx.waiting.push(
    `new MachineSet ${newMS.name} holds at ${newMS.replicas} of ${spec.replicas} replicas: ${note}`,
  );
}
