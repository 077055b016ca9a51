import type { MachineStatus } from '../status/types';
import { DELETE_MACHINE_ANNOTATION } from './machineDeletionOrder';
import { pickFailureDomainForScaleUp, pickMachineForScaleDown, type FailureDomain } from './failureDomains';

export type ControlPlaneIntent =
  | { action: 'create'; role: 'init' | 'join'; failureDomain?: string; reason: string }
  | { action: 'delete'; machine: string; reason: string }
  | { action: 'wait'; reason: string }
  | { action: 'none'; reason: string };

export interface ControlPlaneScaleState {
  replicas: number;
  machines: readonly MachineStatus[];
  failureDomains: readonly FailureDomain[];
  /** latched once the first control-plane machine's node registered (CAPI: one-way latch) */
  initialized: boolean;
  annotations?: Record<string, Record<string, string>>;
}

/**
 * One KubeadmControlPlane scaling step, as KCP does it: strictly one operation at a time, the
 * first machine runs `kubeadm init`, the others join only after initialization, and nothing
 * happens while a machine is being deleted or has no node yet (KCP preflight checks).
 */
export function planControlPlaneScale(s: ControlPlaneScaleState): ControlPlaneIntent {
  const deleting = s.machines.filter((m) => m.deletionRequestedAt && m.phase !== 'Deleted');
  if (deleting.length > 0) {
    return { action: 'wait', reason: `waiting for machine ${deleting[0]!.name} to be deleted` };
  }
  const live = s.machines.filter((m) => m.phase !== 'Deleted');
  if (live.length === 0 && s.replicas > 0) {
    return {
      action: 'create',
      role: 'init',
      failureDomain: pickFailureDomainForScaleUp(s.failureDomains, live),
      reason: 'creating the first control-plane machine (kubeadm init)',
    };
  }
  const withoutNode = live.filter((m) => !m.nodeName);
  if (!s.initialized) {
    return { action: 'wait', reason: `waiting for the control plane to initialize on ${live[0]?.name ?? 'its first machine'}` };
  }
  if (withoutNode.length > 0) {
    const names = withoutNode.map((m) => `${m.name} (${m.phase})`).join(', ');
    return { action: 'wait', reason: `preflight: waiting for machines to get a node: ${names}` };
  }
  if (live.length < s.replicas) {
    return {
      action: 'create',
      role: 'join',
      failureDomain: pickFailureDomainForScaleUp(s.failureDomains, live),
      reason: `scaling up: ${live.length} of ${s.replicas} control-plane machines`,
    };
  }
  if (live.length > s.replicas) {
    const annotated = live.filter((m) => DELETE_MACHINE_ANNOTATION in (s.annotations?.[m.name] ?? {}));
    const victim = pickMachineForScaleDown(s.failureDomains, annotated.length > 0 ? annotated : live)!;
    return {
      action: 'delete',
      machine: victim.name,
      reason: `scaling down: ${live.length} control-plane machines, ${s.replicas} wanted`,
    };
  }
  return { action: 'none', reason: `holding ${s.replicas} control-plane machines` };
}
