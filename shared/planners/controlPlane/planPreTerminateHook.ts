import { parseKubeVersion } from '../../model/rules/version';
import {
  KCP_PRE_TERMINATE_HOOK,
  OTHER_HOOKS_FIRST_FROM_VERSION,
  PRE_TERMINATE_HOOK_PREFIX,
} from './constants';
import { targetControlPlaneComponentsHealthy } from './controlPlaneComponentsHealth';
import { selectEtcdLeaderCandidate } from './etcdLeadership';
import { describeEtcdProjection, etcdMemberOf, projectEtcdCluster } from './etcdQuorum';
import { isDeleting, oldestDeletion } from './machineFilters';
import { waitFor, type PlanContext, type RuleOutcome } from './planContext';
import type { ControlPlaneMachine, ControlPlaneSpec } from './types';

/**
 * `reconcilePreTerminateHook` (capi-behaviour.md §4.5). While any Machine is being deleted this
 * rule owns the pass — KCP returns from reconcile here, so nothing else starts until the
 * deletion is over. One deleting Machine at a time (oldest deletion first), once the Machine
 * controller has drained it and stopped at the hooks:
 *   1. not the last CP Machine: re-check that one healthy component set and etcd quorum remain,
 *      move etcd leadership away, remove its etcd member;
 *   2. remove the kcp-cleanup hook so the Machine controller deletes the infrastructure.
 * The last CP Machine just loses the hook: there is no etcd to keep.
 */
export function planPreTerminateHook(ctx: PlanContext): RuleOutcome {
  const { state } = ctx;
  const deleting = state.machines.filter(isDeleting);
  if (deleting.length === 0) return undefined;

  const released = deleting.find((m) => !(KCP_PRE_TERMINATE_HOOK in m.annotations));
  if (released) {
    return waitFor(
      ctx,
      'scaleDown',
      `waiting for Machine ${released.name} to be deleted (pre-terminate hook already removed)`,
    );
  }
  const machine = oldestDeletion(deleting)!;
  if (waitsForOtherHooksFirst(state.spec) && otherPreTerminateHooks(machine).length > 0) {
    return waitFor(
      ctx,
      'scaleDown',
      `waiting for other pre-terminate hooks on Machine ${machine.name} to be removed first: ${otherPreTerminateHooks(machine).join(', ')}`,
    );
  }
  if (!machine.waitingForPreTerminateHook) {
    return waitFor(
      ctx,
      'scaleDown',
      `waiting for Machine ${machine.name} to be drained and reach its pre-terminate hook`,
    );
  }
  if (state.machines.length > 1) {
    const etcdStep = planEtcdCleanup(ctx, machine);
    if (etcdStep) return etcdStep;
  }
  const why =
    state.machines.length > 1
      ? 'its etcd member is gone'
      : 'it is the last control plane Machine, there is no etcd member to remove';
  return {
    type: 'removePreTerminateHook',
    machine: machine.name,
    reason: `releasing Machine ${machine.name} for infrastructure deletion: ${why}`,
  };
}

/** Leadership hand-over and member removal for a deleting Machine that is not the last one. */
function planEtcdCleanup(ctx: PlanContext, machine: ControlPlaneMachine): RuleOutcome {
  const { state } = ctx;
  const members = state.etcdMembers;
  if (!members)
    return waitFor(
      ctx,
      'scaleDown',
      `cannot remove the etcd member of Machine ${machine.name}: the etcd member list is not available`,
    );
  const member = etcdMemberOf(machine, members);
  if (
    !targetControlPlaneComponentsHealthy(state.machines, { addMachine: false, machineToRemove: machine.name })
  ) {
    return waitFor(
      ctx,
      'scaleDown',
      `cannot remove the etcd member of Machine ${machine.name}: no other control plane Machine has all Kubernetes control plane components healthy`,
    );
  }
  if (!member) return undefined;
  const projection = projectEtcdCluster(state.machines, members, {
    addMember: false,
    memberToRemove: member.name,
  });
  if (!projection.safe) {
    return waitFor(
      ctx,
      'scaleDown',
      `cannot remove the etcd member ${member.name} of Machine ${machine.name} yet: etcd would lose quorum (${describeEtcdProjection(projection)})`,
    );
  }
  if (member.isLeader) {
    const to = selectEtcdLeaderCandidate(state.machines, members, machine.name, ctx.isUpToDate);
    if (to) {
      return {
        type: 'forwardEtcdLeadership',
        from: machine.name,
        to: to.name,
        reason: `moving etcd leadership from ${machine.name} to ${to.name} before removing its member`,
      };
    }
    ctx.reasons.push(
      `no other control plane Machine to take etcd leadership from ${machine.name}; removing the member anyway`,
    );
  }
  return {
    type: 'removeEtcdMember',
    memberId: member.id,
    memberName: member.name,
    machine: machine.name,
    reason: `removing etcd member ${member.name} of deleting Machine ${machine.name} (${describeEtcdProjection(projection)})`,
  };
}

function waitsForOtherHooksFirst(spec: ControlPlaneSpec): boolean {
  const v = parseKubeVersion(spec.version);
  if (!v) return false;
  const min = OTHER_HOOKS_FIRST_FROM_VERSION;
  return v.major > min.major || (v.major === min.major && v.minor >= min.minor);
}

function otherPreTerminateHooks(m: ControlPlaneMachine): string[] {
  return Object.keys(m.annotations)
    .filter((k) => k.startsWith(PRE_TERMINATE_HOOK_PREFIX) && k !== KCP_PRE_TERMINATE_HOOK)
    .sort();
}
