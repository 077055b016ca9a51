import { OwnerRemediatedReason } from './constants';
import { targetControlPlaneComponentsHealthy } from './controlPlaneComponentsHealth';
import { hostsEtcdLeader, selectEtcdLeaderCandidate } from './etcdLeadership';
import { describeEtcdProjection, etcdMemberOf, projectEtcdCluster } from './etcdQuorum';
import { hasNode, isDeleting, isMarkedUnhealthyByMhc, isToBeRemediatedByKcp } from './machineFilters';
import { block, setMachineCondition, type PlanContext, type RuleOutcome } from './planContext';
import { activeRemediation } from './remediationInProgress';
import { checkRetryLimits } from './remediationRetryLimits';
import { selectMachineToRemediate } from './selectMachineToRemediate';
import type { ControlPlaneMachine } from './types';

/**
 * KCP remediation, `reconcileUnhealthyMachines` (remediation.go; capi-behaviour.md §4.6).
 * Remediation is delete-and-recreate: this rule only deletes (markRemediation); the scale-up
 * rule creates the replacement, which carries the record as `remediation-for`. When
 * remediation is not possible the Machine's OwnerRemediated condition says why and planning
 * continues with rollout and scale, exactly as KCP's reconcile does.
 */
export function planRemediation(ctx: PlanContext): RuleOutcome {
  const { state, now } = ctx;
  const candidates = state.machines.filter(isToBeRemediatedByKcp);
  if (candidates.length === 0) return undefined;
  const victim = selectMachineToRemediate(candidates)!;
  if (isDeleting(victim)) return undefined;

  const inProgress = activeRemediation(state);
  if (inProgress) {
    ctx.reasons.push(
      `remediation of ${inProgress.machine} is in progress: waiting for its replacement before remediating ${victim.name}`,
    );
    return undefined;
  }

  const limits = checkRetryLimits(victim, state.spec, now);
  if (!limits.allowed)
    return refuse(ctx, victim, limits.condition.reason ?? '', limits.condition.message ?? '');

  if (state.initialized) {
    const refusal = initializedPreconditionFailure(ctx, victim);
    if (refusal) return refuse(ctx, victim, refusal.reason, refusal.message);
    if (hostsEtcdLeader(victim, state.etcdMembers)) {
      const to = selectEtcdLeaderCandidate(state.machines, state.etcdMembers, victim.name, ctx.isUpToDate)!;
      return {
        type: 'forwardEtcdLeadership',
        from: victim.name,
        to: to.name,
        reason: `moving etcd leadership from ${victim.name} to ${to.name} before remediating ${victim.name}`,
      };
    }
  } else {
    ctx.reasons.push(
      'control plane not initialized: remediating without quorum checks (a failed kubeadm init is replaced)',
    );
  }

  setMachineCondition(ctx, victim.name, {
    type: 'OwnerRemediated',
    status: 'False',
    reason: OwnerRemediatedReason.MachineDeleting,
    severity: 'Warning',
    message: 'Machine is deleting',
  });
  const retry = limits.record.retryCount > 0 ? ` (retry ${limits.record.retryCount})` : '';
  return {
    type: 'markRemediation',
    machine: victim.name,
    record: limits.record,
    reason: `remediating unhealthy Machine ${victim.name}${retry}: deleting it; a replacement follows`,
  };
}

/** The checks KCP runs only once the control plane is initialized, in its order. */
function initializedPreconditionFailure(
  ctx: PlanContext,
  victim: ControlPlaneMachine,
): { reason: string; message: string } | undefined {
  const { state } = ctx;
  if (state.machines.length <= 1) {
    return {
      reason: OwnerRemediatedReason.CannotBeRemediated,
      message: "KubeadmControlPlane can't remediate if current replicas are less or equal to 1",
    };
  }
  // HasHealthyMachineStillProvisioning: an MHC-healthy Machine without a Node yet.
  if (state.machines.some((m) => !isMarkedUnhealthyByMhc(m) && !hasNode(m))) {
    return {
      reason: OwnerRemediatedReason.RemediationDeferred,
      message:
        'KubeadmControlPlane waiting for control plane Machine provisioning to complete before triggering remediation',
    };
  }
  if (state.machines.some(isDeleting)) {
    return {
      reason: OwnerRemediatedReason.RemediationDeferred,
      message:
        'KubeadmControlPlane waiting for control plane Machine deletion to complete before triggering remediation',
    };
  }
  if (!canSafelyRemediateMachine(ctx, victim)) {
    return {
      reason: OwnerRemediatedReason.CannotBeRemediated,
      message:
        "KubeadmControlPlane can't remediate this Machine because this could result in losing Kubernetes control plane components or in etcd quorum loss",
    };
  }
  if (!selectEtcdLeaderCandidate(state.machines, state.etcdMembers, victim.name, ctx.isUpToDate)) {
    return {
      reason: OwnerRemediatedReason.CannotBeRemediated,
      message:
        "KubeadmControlPlane can't remediate this Machine because there is no healthy Machine to forward etcd leadership to",
    };
  }
  return undefined;
}

/**
 * `canSafelyRemediateMachine`: one healthy set of components must remain; etcd must keep quorum
 * without the victim's member. A victim without a known member (no Node) passes the etcd part:
 * KCP treats remediation as the user's intent and re-checks at the pre-terminate hook.
 */
function canSafelyRemediateMachine(ctx: PlanContext, victim: ControlPlaneMachine): boolean {
  const { state } = ctx;
  if (
    !targetControlPlaneComponentsHealthy(state.machines, { addMachine: false, machineToRemove: victim.name })
  ) {
    ctx.reasons.push(`without ${victim.name} no control plane Machine would have all components healthy`);
    return false;
  }
  if (!victim.nodeName) return true;
  if (!state.etcdMembers || state.etcdMembers.length === 0) {
    ctx.reasons.push('cannot check etcd cluster health before remediation, etcd member list is empty');
    return false;
  }
  const member = etcdMemberOf(victim, state.etcdMembers);
  const projection = projectEtcdCluster(state.machines, state.etcdMembers, {
    addMember: false,
    memberToRemove: member?.name ?? victim.nodeName,
  });
  if (!projection.safe)
    ctx.reasons.push(`etcd without ${victim.name}: ${describeEtcdProjection(projection)}`);
  return projection.safe;
}

function refuse(ctx: PlanContext, victim: ControlPlaneMachine, reason: string, message: string): RuleOutcome {
  setMachineCondition(ctx, victim.name, {
    type: 'OwnerRemediated',
    status: 'False',
    reason,
    severity: 'Warning',
    message,
  });
  block(ctx, 'remediation', `cannot remediate Machine ${victim.name}: ${message}`);
  return undefined;
}
