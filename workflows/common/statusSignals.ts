import { defineSignal } from '@temporalio/workflow';
import type { ControlPlaneStatus, MachineDeploymentStatus, MachineStatus } from '../../shared/status/types';

/**
 * Children push their status up instead of being queried: a parent's `describe` query must
 * answer from its own state, and a pushed status is durable in the parent's history.
 */
export const machineStatusSignal = defineSignal<[MachineStatus]>('machineStatus');
export const controlPlaneStatusSignal = defineSignal<[ControlPlaneStatus]>('controlPlaneStatus');
export const machineDeploymentStatusSignal = defineSignal<[MachineDeploymentStatus]>('machineDeploymentStatus');
