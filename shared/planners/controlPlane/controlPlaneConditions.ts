import type { ConditionInput } from '../../status/conditions';
import { isToBeRemediatedByKcp } from './machineFilters';
import { outdatedReasons } from './outdatedMachines';
import type { PlanContext } from './planContext';
import { activeRemediation } from './remediationInProgress';

/**
 * KCP's operation conditions (v1beta2 names; `status.go` setRollingOutCondition,
 * setScalingUpCondition, setScalingDownCondition, setRemediatingCondition). Blocked operations
 * add their reason to the message, as KCP appends its preflight-check results.
 */
export function controlPlaneConditions(ctx: PlanContext): ConditionInput[] {
  return [rollingOut(ctx), scaling(ctx, 'up'), scaling(ctx, 'down'), remediating(ctx)];
}

/** Per-Machine UpToDate conditions (`setMachinesUpToDateCondition` on each Machine). */
export function machineUpToDateConditions(ctx: PlanContext): Record<string, ConditionInput> {
  const out: Record<string, ConditionInput> = {};
  for (const m of ctx.state.machines) {
    const reasons = outdatedReasons(m, ctx.state.spec, ctx.now);
    out[m.name] =
      reasons.length === 0
        ? { type: 'UpToDate', status: 'True', reason: 'UpToDate' }
        : { type: 'UpToDate', status: 'False', reason: 'NotUpToDate', message: reasons.join('; ') };
  }
  return out;
}

function rollingOut(ctx: PlanContext): ConditionInput {
  const n = ctx.outdated.length;
  if (n === 0) return { type: 'RollingOut', status: 'False', reason: 'NotRollingOut' };
  return {
    type: 'RollingOut',
    status: 'True',
    reason: 'RollingOut',
    message: `Rolling out ${n} not up-to-date replica(s)`,
  };
}

function scaling(ctx: PlanContext, direction: 'up' | 'down'): ConditionInput {
  const current = ctx.state.machines.length;
  const desired = ctx.state.spec.replicas;
  const type = direction === 'up' ? 'ScalingUp' : 'ScalingDown';
  const active = direction === 'up' ? current < desired : current > desired;
  if (!active)
    return { type, status: 'False', reason: direction === 'up' ? 'NotScalingUp' : 'NotScalingDown' };
  const operation = direction === 'up' ? 'scaleUp' : 'scaleDown';
  const blocked = ctx.blocked.filter((b) => b.operation === operation).map((b) => `* ${b.reason}`);
  const message = [`Scaling ${direction} from ${current} to ${desired} replicas`, ...blocked].join('\n');
  return { type, status: 'True', reason: type, message };
}

function remediating(ctx: PlanContext): ConditionInput {
  const toRemediate = ctx.state.machines.filter(isToBeRemediatedByKcp);
  const inProgress = activeRemediation(ctx.state);
  if (toRemediate.length === 0 && !inProgress) {
    const last = ctx.state.lastRemediation;
    const message = last
      ? `Last remediation: Machine ${last.machine} at ${last.timestamp} (retry ${last.retryCount})`
      : '';
    return { type: 'Remediating', status: 'False', reason: 'NotRemediating', message };
  }
  const lines: string[] = [];
  if (inProgress)
    lines.push(`Machine ${inProgress.machine} deleted for remediation, waiting for its replacement`);
  for (const m of toRemediate) {
    const owner = ctx.machineConditions[m.name]?.find((c) => c.type === 'OwnerRemediated');
    lines.push(`* Machine ${m.name}: ${owner?.message ?? 'waiting for remediation'}`);
  }
  return { type: 'Remediating', status: 'True', reason: 'Remediating', message: lines.join('\n') };
}
