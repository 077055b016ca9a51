import { defineSignal } from '@temporalio/workflow';
import type { ControlPlaneStatus, MachineDeploymentStatus, MachineStatus } from '../../shared/status/types';

/**
 * Children push their status up instead of being queried: a parent's `describe` query must
 * answer from its own state, and a pushed status is durable in the parent's history.
 */
export const machineStatusSignal = defineSignal<[MachineStatus]>('machineStatus');
export const controlPlaneStatusSignal = defineSignal<[ControlPlaneStatus]>('controlPlaneStatus');
export const machineDeploymentStatusSignal = defineSignal<[MachineDeploymentStatus]>('machineDeploymentStatus');

/** What makes a control-plane report worth a signal: everything but condition timestamps. */
export function controlPlaneFingerprint(s: ControlPlaneStatus): string {
  return JSON.stringify({ ...s, conditions: s.conditions.map((c) => [c.type, c.status, c.reason, c.message]) });
}
