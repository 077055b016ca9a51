import { maxSurgeOf } from './fenceposts';
import type { PlannedMachineSet, RolloutContext } from './rolloutContext';
import type { MachineSetAnnotations } from './types';

/**
 * The annotations the MachineDeployment controller writes on every MachineSet on every pass
 * (mdutil.MachineSetAnnotationsFromMachineDeployment, computeDesiredNewMS/OldMS): revision,
 * desired-replicas = spec.replicas, max-replicas = spec.replicas + maxSurge (what proportional
 * scaling later divides by), and disable-machine-create, "true" only on old MachineSets of an
 * OnDelete deployment.
 */
export function desiredAnnotations(ctx: RolloutContext, ms: PlannedMachineSet): MachineSetAnnotations {
  const isNew = ctx.newMS?.name === ms.name;
  return {
    revision: ms.revision,
    desiredReplicas: ctx.spec.replicas,
    maxReplicas: ctx.spec.replicas + maxSurgeOf(ctx.spec),
    disableMachineCreate: !isNew && ctx.spec.strategy.type === 'OnDelete',
  };
}

/** True when the observed MachineSet does not carry these annotations yet. */
export function annotationsDiffer(ms: PlannedMachineSet, want: MachineSetAnnotations): boolean {
  const src = ms.source;
  if (!src) return true;
  return (
    src.revision !== want.revision ||
    src.desiredReplicasAnnotation !== want.desiredReplicas ||
    src.maxReplicasAnnotation !== want.maxReplicas ||
    (src.disableMachineCreate ?? false) !== want.disableMachineCreate
  );
}
