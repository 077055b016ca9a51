import type { ConditionInput } from '../../status/conditions';
import { machinesNeedingRollout, isUpToDate } from './outdatedMachines';
import type { ControlPlaneIntent, ControlPlaneMachine, ControlPlaneState } from './types';

/** An operation a rule wanted to start but could not, with the reason (for conditions). */
export interface BlockedOperation {
  operation: 'scaleUp' | 'scaleDown' | 'remediation' | 'etcdMemberCleanup';
  reason: string;
}

/**
 * What one planning pass shares between its rules: the observed state, the time, the derived
 * sets, and the notes each rule leaves (reasons, Machine conditions, blocked operations).
 */
export interface PlanContext {
  readonly state: ControlPlaneState;
  readonly now: string;
  /** `MachinesNeedingRollout`: outdated Machines that are not being deleted */
  readonly outdated: readonly ControlPlaneMachine[];
  readonly isUpToDate: (m: ControlPlaneMachine) => boolean;
  readonly reasons: string[];
  readonly machineConditions: Record<string, ConditionInput[]>;
  readonly blocked: BlockedOperation[];
}

export function newPlanContext(state: ControlPlaneState, now: string): PlanContext {
  return {
    state,
    now,
    outdated: machinesNeedingRollout(state.machines, state.spec, now),
    isUpToDate: (m) => isUpToDate(m, state.spec, now),
    reasons: [],
    machineConditions: {},
    blocked: [],
  };
}

export function setMachineCondition(ctx: PlanContext, machine: string, condition: ConditionInput): void {
  const list = (ctx.machineConditions[machine] ??= []);
  const i = list.findIndex((c) => c.type === condition.type);
  if (i >= 0) list[i] = condition;
  else list.push(condition);
}

export function block(ctx: PlanContext, operation: BlockedOperation['operation'], reason: string): void {
  ctx.blocked.push({ operation, reason });
  ctx.reasons.push(reason);
}

/** A rule either decides this pass (an intent) or lets the next rule run (undefined). */
export type RuleOutcome = ControlPlaneIntent | undefined;

export function waitFor(
  ctx: PlanContext,
  operation: BlockedOperation['operation'],
  reason: string,
): ControlPlaneIntent {
  block(ctx, operation, reason);
  return { type: 'wait', reason };
}
