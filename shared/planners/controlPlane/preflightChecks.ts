import { PREFLIGHT_CONDITIONS } from './constants';
import { targetControlPlaneComponentsHealthy } from './controlPlaneComponentsHealth';
import { isEtcdQuorumSafe } from './etcdQuorum';
import { conditionOf, isDeleting, names } from './machineFilters';
import type { ControlPlaneMachine, ControlPlaneState } from './types';

export interface PreflightOptions {
  isScaleUp: boolean;
  /** on scale down, the Machine about to be deleted is not checked */
  exclude?: string;
}

/**
 * KCP `preflightChecks` (scale.go; capi-behaviour.md §4.4): the control plane must be stable
 * before any scale up or scale down, which is what makes KCP do one operation at a time.
 * Returns the failures, worded as KCP words them; empty means go.
 */
export function preflightFailures(state: ControlPlaneState, opts: PreflightOptions): string[] {
  // No Machines yet: nothing to be stable (the kubeadm init Machine is created without checks).
  if (state.machines.length === 0) return [];
  const deleting = state.machines.filter(isDeleting);
  if (deleting.length > 0) return [`waiting for Machines to be deleted: ${names(deleting)}`];
  const failures = checkHealthiness(state.machines, opts.exclude);
  if (failures.length > 0 && opts.isScaleUp && state.remediationInProgress) {
    // A replacement after remediation may be created on a less-than-perfect control plane, so
    // that several failures can be recovered one by one.
    return checkHealthinessWhileRemediationInProgress(state);
  }
  return failures;
}

/** `checkHealthiness`: every Machine has a Node and every component/etcd condition True. */
export function checkHealthiness(machines: readonly ControlPlaneMachine[], exclude?: string): string[] {
  const failures: string[] = [];
  for (const m of machines) {
    if (m.name === exclude) continue;
    if (!m.nodeName) {
      failures.push(
        `Machine ${m.name} does not have a corresponding Node yet (Machine.status.nodeRef not set)`,
      );
      continue;
    }
    for (const type of PREFLIGHT_CONDITIONS) {
      const status = conditionOf(m, type);
      if (status === undefined) failures.push(`Machine ${m.name} does not have ${type} condition`);
      else if (status === 'False') failures.push(`Machine ${m.name} reports ${type} condition is false`);
      else if (status === 'Unknown') failures.push(`Machine ${m.name} reports ${type} condition is unknown`);
    }
  }
  return failures;
}

/**
 * `checkHealthinessWhileRemediationInProgress`: one healthy set of components must remain and
 * etcd must keep quorum with the new member counted as unhealthy.
 */
export function checkHealthinessWhileRemediationInProgress(state: ControlPlaneState): string[] {
  const failures: string[] = [];
  if (!targetControlPlaneComponentsHealthy(state.machines, { addMachine: true })) {
    failures.push(
      'cannot add a new control plane Machine when there are no control plane Machines with all Kubernetes control plane components in healthy state',
    );
  }
  if (!state.etcdMembers || state.etcdMembers.length === 0) {
    failures.push('cannot check etcd cluster health before scale up, etcd member list is empty');
  } else if (!isEtcdQuorumSafe(state.machines, state.etcdMembers, { addMember: true })) {
    failures.push('adding a new control plane Machine can lead to etcd quorum loss');
  }
  return failures;
}
