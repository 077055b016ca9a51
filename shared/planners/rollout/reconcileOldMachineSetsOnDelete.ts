import { oldestFirst } from './machineSetOrder';
import { totalSpecReplicas } from './machineSetTotals';
import { addNote, type PlannedMachineSet, type RolloutContext } from './rolloutContext';
import { plural } from './words';

/**
 * rolloutPlanner.reconcileOldMachineSetsOnDelete. Old MachineSets never create machines
 * (disable-machine-create), so a machine a user deleted leaves spec above status: first every old
 * MachineSet's spec is trimmed to its status, acknowledging the deletion (which lets the new
 * MachineSet grow on the next pass); then, if the deployment was scaled down, old MachineSets
 * shrink further, oldest first.
 *
 * The second loop computes the new value from spec.replicas, not from the trimmed intent, exactly
 * as upstream does: when both apply in one pass the MD scale-down lands on the next pass.
 */
export function reconcileOldMachineSetsOnDelete(ctx: RolloutContext, newMS: PlannedMachineSet): void {
  const oldCount = totalSpecReplicas(ctx.oldMSs);
  if (oldCount === 0) return;

  const newMSReplicas = ctx.scaleIntents.get(newMS.name) ?? newMS.replicas;
  let toScaleDown = Math.max(oldCount + newMSReplicas - ctx.spec.replicas, 0);

  ctx.oldMSs = oldestFirst(ctx.oldMSs);
  for (const oldMS of ctx.oldMSs) {
    if (oldMS.replicas <= 0) continue;
    const gone = Math.max(oldMS.replicas - oldMS.status.replicas, 0);
    if (gone > 0) {
      addNote(ctx, oldMS, 'scale down to align to existing Machines');
      ctx.scaleIntents.set(oldMS.name, Math.max(oldMS.replicas - gone, 0));
      toScaleDown -= gone;
    }
  }

  for (const oldMS of ctx.oldMSs) {
    if (toScaleDown <= 0) break;
    const intent = ctx.scaleIntents.get(oldMS.name) ?? oldMS.replicas;
    if (intent <= 0) continue;
    const scaleDown = Math.min(intent, toScaleDown);
    addNote(ctx, oldMS, 'scale down to align MachineSet spec.replicas to MachineDeployment spec.replicas');
    ctx.scaleIntents.set(oldMS.name, Math.max(oldMS.replicas - scaleDown, 0));
    toScaleDown -= scaleDown;
  }

  const remaining = ctx.oldMSs
    .map((ms) => ({ ms, replicas: ctx.scaleIntents.get(ms.name) ?? ms.replicas }))
    .filter((x) => x.replicas > 0);
  if (remaining.length > 0) {
    const list = remaining.map((x) => `${x.ms.name} (${x.replicas})`).join(', ');
    ctx.waiting.push(
      `OnDelete: waiting for ${plural(
        remaining.reduce((n, x) => n + x.replicas, 0),
        'old machine',
      )} to be deleted by hand: ${list}; each deletion is replaced from new MachineSet ${newMS.name}`,
    );
  }
}
