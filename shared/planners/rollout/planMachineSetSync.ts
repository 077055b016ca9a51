import type { MachineStatus } from '../../status/types';
import { selectMachinesToDelete, type DeletePolicy, type DeletionCandidate } from '../machineDeletionOrder';
import { existingMachines, isMachineDeleting } from './machineSetStatus';
import type { MachineSetSyncPlan, RolloutMachine, RolloutMachineSet } from './types';
import { plural } from './words';

/**
 * The MachineStatus fields machineDeletionOrder reads (deleting, phase, node, age, name); the
 * rest is filler so the shared deletion order is reused rather than re-implemented.
 */
function asDeletionCandidate(m: RolloutMachine): DeletionCandidate {
  const machine: MachineStatus = {
    name: m.name,
    role: 'worker',
    version: '',
    phase: m.phase,
    nodeName: m.nodeName,
    addresses: [],
    createdAt: m.createdAt,
    lastUpdated: m.createdAt,
    deletionRequestedAt: isMachineDeleting(m) ? m.createdAt : undefined,
    conditions: [],
  };
  return { machine, annotations: m.annotations };
}

/**
 * MachineSet syncReplicas (machineset_controller.go): diff = machines − spec.replicas, where
 * machines being deleted still count, as in CAPI. Missing machines are created all at once unless
 * the MachineSet has disable-machine-create (OnDelete old MachineSets); excess machines are picked
 * all at once by the deletion order — already-deleting first, then delete-machine annotation,
 * unhealthy (no node / failed), then the policy — and only those not yet deleting are returned.
 */
export function planMachineSetSync(
  ms: RolloutMachineSet,
  deletePolicy: DeletePolicy,
  now: string,
): MachineSetSyncPlan {
  const machines = existingMachines(ms);
  const diff = machines.length - ms.replicas;
  if (diff < 0) {
    if (ms.disableMachineCreate) {
      return {
        intents: [],
        reason: `${ms.name}: ${machines.length} of ${ms.replicas} machines exist; machine creation is disabled (old MachineSet of an OnDelete deployment)`,
      };
    }
    return {
      intents: [{ type: 'createMachines', machineSet: ms.name, count: -diff }],
      reason: `${ms.name}: scaling up, creating ${plural(-diff, 'machine')} (${machines.length} of ${ms.replicas} exist)`,
    };
  }
  if (diff > 0) {
    const victims = selectMachinesToDelete(machines.map(asDeletionCandidate), diff, deletePolicy, now);
    // Victims already being deleted take their slot but need no second delete.
    const names = victims.filter((v) => v.deletionRequestedAt === undefined).map((v) => v.name);
    const waiting = diff - names.length;
    const reason =
      `${ms.name}: scaling down to ${ms.replicas}, ${machines.length} machines exist (deletePolicy ${deletePolicy})` +
      (names.length ? `; deleting ${names.join(', ')}` : '') +
      (waiting ? `; waiting for ${plural(waiting, 'machine')} already being deleted` : '');
    return { intents: names.length ? [{ type: 'deleteMachines', machineSet: ms.name, names }] : [], reason };
  }
  return { intents: [], reason: `${ms.name}: holding ${plural(ms.replicas, 'machine')}` };
}
