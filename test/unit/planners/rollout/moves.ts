import type { RolloutPlan } from '../../../../shared/planners/rollout/types';

/** A plan's MachineSet changes in one line each, leaving out annotation refreshes. */
export function moves(plan: RolloutPlan): string[] {
  return plan.intents.flatMap((i) => {
    switch (i.type) {
      case 'createMachineSet':
        return [`create ${i.name} r${i.revision} ${i.replicas}`];
      case 'scaleMachineSet':
        return [`${i.role} ${i.name} ${i.from}→${i.to}`];
      case 'deleteMachineSet':
        return [`delete ${i.name}`];
      case 'annotateMachineSet':
        return [];
    }
  });
}
