import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DesiredMachineHealthCheck } from '../../shared/model/desired';
import type { Condition } from '../../shared/status/conditions';
import type { HealthCheckStatus, MachineRole } from '../../shared/status/types';
import type { ClusterContext } from '../common/ownerContext';

/** A machine as the cluster tells its health checks about it (labels decide the selector match). */
export interface HealthTarget {
  name: string;
  role: MachineRole;
  createdAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  conditions: Condition[];
  deleting: boolean;
  ownerKind: 'MachineSet' | 'KubeadmControlPlane';
  /** the owner's workflow, which remediates (replaces) the machine */
  ownerWorkflowId: string;
  nodeRef?: string;
}

export interface HealthTargetsUpdate {
  targets: HealthTarget[];
  clusterConditions: Condition[];
  paused: boolean;
}

export interface MachineHealthCheckWorkflowInput {
  context: ClusterContext;
  spec: DesiredMachineHealthCheck;
  /** how often node conditions are re-read between other events (CAPI reacts to node watches) */
  pollIntervalMs?: number;
  continueAsNewAfterEvents?: number;
  carried?: { targets: HealthTargetsUpdate; remediated: string[] };
}

export type { HealthCheckStatus };

export const healthTargetsSignal = defineSignal<[HealthTargetsUpdate]>('healthTargets');
export const deleteHealthCheckSignal = defineSignal('delete');
export const healthCheckStatusQuery = defineQuery<HealthCheckStatus>('status');
/** sent to the owner (MachineDeployment) of machines the check found unhealthy */
export const remediateMachinesSignal = defineSignal<[{ names: string[]; reason: string }]>('remediateMachines');
export const healthCheckStatusSignal = defineSignal<[HealthCheckStatus]>('healthCheckStatus');
