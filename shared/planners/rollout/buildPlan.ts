import { annotationsDiffer, desiredAnnotations } from './machineSetAnnotations';
import { describeProgress } from './describeProgress';
import {
  allMachineSets,
  intendedReplicas,
  type PlannedMachineSet,
  type RolloutContext,
} from './rolloutContext';
import type { RolloutIntent, RolloutPlan } from './types';

export interface PlanExtras {
  complete: boolean;
  cleanup: PlannedMachineSet[];
  /** reasons that frame the whole plan (e.g. "paused: …"), printed first */
  preface?: string[];
}

function notesOf(ctx: RolloutContext, ms: PlannedMachineSet): string {
  return (ctx.notes.get(ms.name) ?? []).join('; ');
}

/**
 * Turns a planning pass into intents in the order CAPI applies them (new MachineSet first, so
 * scale-ups are logged before scale-downs; then old MachineSets; deletions last) and into
 * reasons: one per intent, then what the plan is waiting for.
 */
export function buildPlan(ctx: RolloutContext, extras: PlanExtras): RolloutPlan {
  const intents: RolloutIntent[] = [];
  const reasons: string[] = [...(extras.preface ?? [])];
  const newMS = ctx.newMS;

  if (newMS && !newMS.source) {
    const replicas = intendedReplicas(ctx, newMS);
    const why = ctx.createReason ?? 'no MachineSet matches the MachineDeployment template';
    intents.push({
      type: 'createMachineSet',
      name: newMS.name,
      revision: newMS.revision,
      templateHash: newMS.templateHash,
      replicas,
      createdAt: newMS.createdAt,
      annotations: desiredAnnotations(ctx, newMS),
      why,
    });
    reasons.push(
      `create MachineSet ${newMS.name} (revision ${newMS.revision}) with ${replicas} replicas: ${why}`,
    );
    const notes = notesOf(ctx, newMS);
    if (notes) reasons.push(`new MachineSet ${newMS.name} starts at ${replicas}: ${notes}`);
  }

  const existing = allMachineSets(ctx).filter((ms) => ms.source);
  const ordered = newMS?.source ? [newMS, ...existing.filter((ms) => ms !== newMS)] : existing;
  for (const ms of ordered) {
    const want = desiredAnnotations(ctx, ms);
    if (annotationsDiffer(ms, want))
      intents.push({ type: 'annotateMachineSet', name: ms.name, annotations: want });
  }
  for (const ms of ordered) {
    const to = intendedReplicas(ctx, ms);
    const role = ms === newMS ? 'new' : 'old';
    const notes = notesOf(ctx, ms);
    if (to === ms.replicas) {
      if (notes) reasons.push(`${role} MachineSet ${ms.name}: ${notes}`);
      continue;
    }
    intents.push({ type: 'scaleMachineSet', name: ms.name, role, from: ms.replicas, to, why: notes });
    reasons.push(
      `scale ${to > ms.replicas ? 'up' : 'down'} ${role} MachineSet ${ms.name} ${ms.replicas}→${to}: ${notes}`,
    );
  }

  reasons.push(...ctx.waiting);
  if (extras.complete) {
    reasons.push(
      `rollout complete: ${ctx.spec.replicas}/${ctx.spec.replicas} machines up to date and available`,
    );
  }
  for (const ms of extras.cleanup) {
    const why = 'old MachineSet has no replicas left and the deployment is complete';
    intents.push({ type: 'deleteMachineSet', name: ms.name, why });
    reasons.push(`delete old MachineSet ${ms.name}: ${why}`);
  }
  const acting = intents.some((i) => i.type !== 'annotateMachineSet');
  if (!acting && !extras.complete && ctx.waiting.length === 0) reasons.push(...describeProgress(ctx));
  return { intents, reasons, complete: extras.complete, newMachineSet: newMS?.name };
}
