import type { MachineStatus } from '../status/types';
import { selectMachinesToDelete, type DeletePolicy } from './machineDeletionOrder';

export interface MachineSetReplicaPlan {
  create: number;
  delete: string[];
  reason: string;
}

/**
 * What a MachineSet does to hold `replicas` machines (CAPI syncReplicas): create every missing
 * machine in one pass, or delete the excess chosen by the deletion order, all at once. Machines
 * already being deleted do not count as present, so a scale-down is never double-counted.
 */
export function planMachineSetReplicas(
  machines: readonly MachineStatus[],
  replicas: number,
  policy: DeletePolicy,
  now: string,
  annotations: Record<string, Record<string, string>> = {},
): MachineSetReplicaPlan {
  const live = machines.filter((m) => !m.deletionRequestedAt && m.phase !== 'Deleting' && m.phase !== 'Deleted');
  const diff = live.length - replicas;
  if (diff < 0) {
    return { create: -diff, delete: [], reason: `scaling up: ${live.length} of ${replicas} machines exist` };
  }
  if (diff > 0) {
    const victims = selectMachinesToDelete(
      live.map((machine) => ({ machine, annotations: annotations[machine.name] })),
      diff,
      policy,
      now,
    );
    return {
      create: 0,
      delete: victims.map((m) => m.name),
      reason: `scaling down: ${live.length} machines exist, ${replicas} wanted (deletePolicy ${policy})`,
    };
  }
  return { create: 0, delete: [], reason: `holding ${replicas} machines` };
}
