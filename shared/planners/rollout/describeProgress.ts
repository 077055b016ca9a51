import { oldestFirst } from './machineSetOrder';
import type { RolloutContext } from './rolloutContext';
import { plural } from './words';

/**
 * What a plan that changes nothing is waiting for, from the counters alone: machines the
 * MachineSets still have to create, machines not yet available, deletions in flight. This is the
 * "why is it stuck" line a person reads in `capstan describe`.
 */
export function describeProgress(ctx: RolloutContext): string[] {
  const out: string[] = [];
  const newMS = ctx.newMS;
  if (newMS) {
    const toCreate = newMS.replicas - newMS.status.replicas;
    if (toCreate > 0)
      out.push(`waiting for new MachineSet ${newMS.name} to create ${plural(toCreate, 'machine')}`);
    const notAvailable = newMS.status.replicas - newMS.status.availableReplicas;
    if (notAvailable > 0) {
      const readyNotAvailable = newMS.status.readyReplicas - newMS.status.availableReplicas;
      const minReady =
        readyNotAvailable > 0
          ? ` (${readyNotAvailable} Ready, inside minReadySeconds ${ctx.spec.minReadySeconds})`
          : '';
      out.push(
        `waiting for ${plural(notAvailable, 'machine')} of new MachineSet ${newMS.name} to become available${minReady}`,
      );
    }
  }
  for (const ms of oldestFirst(ctx.oldMSs)) {
    const deleting = ms.status.replicas - ms.replicas;
    if (deleting > 0)
      out.push(`waiting for old MachineSet ${ms.name} to delete ${plural(deleting, 'machine')}`);
  }
  return out;
}
