import type { SimModel, SimResult, SimStep } from '../../planners/rollout/driver';
import { violation, type Violation } from '../violation';

/**
 * The rollout invariants, over the driver's per-step record. The driver runs planRollout and
 * every MachineSet's planMachineSetSync each tick, so these hold the two planners together.
 */

/**
 * Machines (deleting ones included) never exceed replicas + maxSurge. After a scale-down the
 * surplus takes a while to go, so the bound is checked where the planners add: a step that
 * created machines must end within the bound of the spec in force.
 *
 * Paused deployments are the exception CAPI itself makes: `Reconciler.scale` (the only thing a
 * paused deployment does) sizes MachineSets by Σ spec.replicas and ignores machines that are
 * still being deleted, so it can top the MachineSets up while old machines are going away. For
 * a paused step the bound is therefore on Σ spec.replicas, which is what `scale` guarantees.
 */
export function surgeViolation(step: SimStep): Violation | undefined {
  if (step.created === 0) return undefined;
  if (step.spec.paused) {
    if (step.specTotal <= step.maxTotal) return undefined;
    return violation(
      'machines-bound',
      `t=${step.t} (paused): Σ MachineSet spec.replicas ${step.specTotal} > replicas ${step.replicas} + maxSurge = ${step.maxTotal}`,
    );
  }
  if (step.total <= step.maxTotal) return undefined;
  return violation(
    'machines-bound',
    `t=${step.t}: ${step.created} machine(s) created, ${step.total} exist > replicas ${step.replicas} + maxSurge = ${step.maxTotal}`,
  );
}

/**
 * Availability never falls below replicas − maxUnavailable through the planners. The floor is
 * min(minAvailable, available before the planners acted): a machine that fails by itself or a
 * scale-up is not the planners' doing. The deadlock breaker is the planner's sanctioned, logged
 * breach (it says so in its reasons and in the scale intent's why), so its steps are exempt.
 *
 * maxUnavailable only constrains a RollingUpdate that is not paused. OnDelete replaces only what
 * a person deleted and shrinks old MachineSets first on a scale-down; a paused deployment only
 * scales proportionally — neither looks at availability, in CAPI as here. What they do promise
 * is never to delete below the desired count: machines not being deleted stay at least
 * min(replicas, what there was before). The same holds for a RollingUpdate step that trims a new
 * MachineSet larger than replicas (after a scale-down): CAPI's reconcileNewMachineSet scales it
 * straight down "with no availability guard" (capi-behaviour.md §2.3, a documented limitation),
 * and the MachineSet's deletion order knows Nodes and health, not minReadySeconds.
 */
export function availabilityViolation(step: SimStep): Violation | undefined {
  if (step.spec.strategy.type === 'OnDelete' || step.spec.paused || trimsNewMachineSet(step)) {
    const floor = Math.min(step.replicas, step.liveBefore);
    if (step.liveAfter >= floor) return undefined;
    return violation(
      'below-replicas',
      `t=${step.t}: ${step.liveAfter} machines left not deleting < ${floor} (replicas ${step.replicas}, before the planners ${step.liveBefore})`,
    );
  }
  const floor = Math.min(step.minAvailable, step.availableBefore);
  if (step.deadlockBreaker || step.availableAfter >= floor) return undefined;
  return violation(
    'availability',
    `t=${step.t}: available ${step.availableAfter} < ${floor} (replicas ${step.replicas} − maxUnavailable = ${step.minAvailable}, available before the planners ${step.availableBefore})`,
  );
}

/**
 * Outside a pause (proportional scaling), a rollout only grows the new MachineSet and only
 * shrinks old ones, and never makes the new one larger than replicas.
 */
export function directionViolation(step: SimStep): Violation | undefined {
  if (step.spec.paused) return undefined;
  for (const i of step.intents) {
    if (i.type === 'scaleMachineSet' && i.role === 'old' && i.to > i.from)
      return violation('old-scaled-up', `t=${step.t}: old MachineSet ${i.name} scaled up ${i.from}→${i.to}`);
    const to =
      i.type === 'scaleMachineSet' && i.role === 'new'
        ? i.to
        : i.type === 'createMachineSet'
          ? i.replicas
          : 0;
    if (to > step.replicas)
      return violation(
        'new-above-replicas',
        `t=${step.t}: new MachineSet ${i.name} set to ${to} > replicas ${step.replicas}`,
      );
  }
  return undefined;
}

const trimsNewMachineSet = (step: SimStep): boolean =>
  step.intents.some((i) => i.type === 'scaleMachineSet' && i.role === 'new' && i.to < i.from);

export function stepViolations(
  steps: readonly SimStep[],
): { step: SimStep; violation: Violation } | undefined {
  for (const step of steps) {
    const v = surgeViolation(step) ?? availabilityViolation(step) ?? directionViolation(step);
    if (v) return { step, violation: v };
  }
  return undefined;
}

/**
 * Without failures a rollout converges: one MachineSet, stamped from the current template,
 * holding exactly `replicas` machines, all available, and the planner calls it complete.
 */
export function convergenceViolation(result: SimResult): Violation | undefined {
  const { final, outcome, steps } = result;
  const last = steps[steps.length - 1];
  const sets = final.machineSets;
  const only = sets.length === 1 ? sets[0] : undefined;
  const ok =
    outcome === 'converged' &&
    only !== undefined &&
    only.templateHash === final.spec.templateHash &&
    only.machines.length === final.spec.replicas &&
    last?.availableAfter === final.spec.replicas;
  if (ok) return undefined;
  return violation('liveness', `no convergence (${outcome}): ${describeModel(final)}`);
}

export function describeModel(model: SimModel): string {
  const sets = model.machineSets
    .map((ms) => `${ms.name}(${ms.templateHash}) spec ${ms.replicas}/machines ${ms.machines.length}`)
    .join(', ');
  return `replicas ${model.spec.replicas}, template ${model.spec.templateHash}: ${sets || 'no MachineSets'}`;
}
