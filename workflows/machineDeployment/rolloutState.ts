import { rolloutMachineFromStatus, rolloutSpecFromDesired } from '../../shared/planners/rollout';
import type { RolloutIntent, RolloutMachineSet, RolloutState } from '../../shared/planners/rollout';
import type { DesiredMachineDeployment } from '../../shared/model/desired';
import type { MachineSetState } from './definitions';

/** The planner's view of this workflow's MachineSets. */
export function toRolloutMachineSet(ms: MachineSetState): RolloutMachineSet {
  return {
    name: ms.name,
    revision: ms.revision,
    templateHash: ms.templateHash,
    createdAt: ms.createdAt,
    replicas: ms.replicas,
    machines: ms.machines.filter((m) => m.phase !== 'Deleted').map((m) => rolloutMachineFromStatus(m)),
    desiredReplicasAnnotation: ms.desiredReplicasAnnotation,
    maxReplicasAnnotation: ms.maxReplicasAnnotation,
    disableMachineCreate: ms.disableMachineCreate,
  };
}

export function toRolloutState(spec: DesiredMachineDeployment, machineSets: readonly MachineSetState[]): RolloutState {
  return { spec: rolloutSpecFromDesired(spec), machineSets: machineSets.map(toRolloutMachineSet) };
}

/**
 * Applies the rollout planner's MachineSet-level intents to the workflow state. Pure: machines
 * are created and deleted afterwards, per MachineSet, by planMachineSetSync.
 */
export function applyRolloutIntents(
  machineSets: readonly MachineSetState[],
  intents: readonly RolloutIntent[],
  spec: DesiredMachineDeployment,
): MachineSetState[] {
  let next = [...machineSets];
  for (const intent of intents) {
    switch (intent.type) {
      case 'createMachineSet':
        next.push({
          name: intent.name,
          revision: intent.revision,
          templateHash: intent.templateHash,
          createdAt: intent.createdAt,
          replicas: intent.replicas,
          template: spec.template,
          desiredReplicasAnnotation: intent.annotations.desiredReplicas,
          maxReplicasAnnotation: intent.annotations.maxReplicas,
          disableMachineCreate: intent.annotations.disableMachineCreate,
          machines: [],
        });
        break;
      case 'annotateMachineSet':
        next = next.map((ms) =>
          ms.name === intent.name
            ? {
                ...ms,
                revision: intent.annotations.revision,
                desiredReplicasAnnotation: intent.annotations.desiredReplicas,
                maxReplicasAnnotation: intent.annotations.maxReplicas,
                disableMachineCreate: intent.annotations.disableMachineCreate,
              }
            : ms,
        );
        break;
      case 'scaleMachineSet':
        next = next.map((ms) => (ms.name === intent.name ? { ...ms, replicas: intent.to } : ms));
        break;
      case 'deleteMachineSet':
        // Only emitted for empty MachineSets of a complete deployment (CAPI cleanupDeployment).
        next = next.filter((ms) => ms.name !== intent.name || ms.machines.length > 0);
        break;
    }
  }
  return next;
}
