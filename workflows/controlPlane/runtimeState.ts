import type { DesiredControlPlane } from '../../shared/model/desired';
import type { ControlPlaneMachineExtras, ControlPlanePlan, RemediationRecord } from '../../shared/planners/controlPlane';
import type { MachineStatus } from '../../shared/status/types';
import type { ControlPlaneObservation } from '../../activities/machine/controlPlane';
import type { ClusterContext } from '../common/ownerContext';
import type { ControlPlaneCarriedState, ControlPlaneWorkflowInput } from './definitions';

/** Everything one control-plane run holds between planning passes (and carries across continue-as-new). */
export interface ControlPlaneRuntime {
  spec: DesiredControlPlane;
  specVersion: number;
  context: ClusterContext;
  machines: MachineStatus[];
  extras: Record<string, ControlPlaneMachineExtras>;
  initialized: boolean;
  deleting: boolean;
  createdAt: string;
  remediationMarks: Set<string>;
  remediationInProgress?: RemediationRecord;
  lastRemediation?: RemediationRecord;
  /** the latest workload-cluster observation (undefined before kubeadm init) */
  observation?: ControlPlaneObservation;
  /** the latest plan: its reasons and conditions feed `describe` */
  plan?: ControlPlanePlan;
  /** what the control plane does or waits for now, in words */
  reason: string;
}

export function runtimeFromInput(input: ControlPlaneWorkflowInput, now: string): ControlPlaneRuntime {
  const c = input.carried;
  return {
    spec: input.spec,
    specVersion: input.specVersion,
    context: input.context,
    machines: c?.machines ?? [],
    extras: c?.extras ?? {},
    initialized: c?.initialized ?? false,
    deleting: c?.deleting ?? false,
    createdAt: c?.createdAt ?? now,
    remediationMarks: new Set(c?.remediationMarks ?? []),
    ...(c?.remediationInProgress ? { remediationInProgress: c.remediationInProgress } : {}),
    ...(c?.lastRemediation ? { lastRemediation: c.lastRemediation } : {}),
    reason: 'starting',
  };
}

export function carriedFromRuntime(rt: ControlPlaneRuntime): ControlPlaneCarriedState {
  return {
    machines: rt.machines,
    initialized: rt.initialized,
    deleting: rt.deleting,
    createdAt: rt.createdAt,
    extras: rt.extras,
    remediationMarks: [...rt.remediationMarks],
    ...(rt.remediationInProgress ? { remediationInProgress: rt.remediationInProgress } : {}),
    ...(rt.lastRemediation ? { lastRemediation: rt.lastRemediation } : {}),
  };
}

/** Marks a machine as deleting in the owner's view at once, before its own report arrives. */
export function markDeleting(rt: ControlPlaneRuntime, name: string, at: string): void {
  rt.machines = rt.machines.map((m) => (m.name === name && !m.deletionRequestedAt ? { ...m, deletionRequestedAt: at } : m));
}

/** Forgets a machine that is gone, with everything recorded about it. */
export function forgetMachine(rt: ControlPlaneRuntime, name: string): void {
  rt.machines = rt.machines.filter((m) => m.name !== name);
  delete rt.extras[name];
  rt.remediationMarks.delete(name);
}
