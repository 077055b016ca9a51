import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DesiredMachineHealthCheck } from '../../shared/model/desired';
import type { Condition } from '../../shared/status/conditions';
import type { HealthCheckStatus, MachineRole } from '../../shared/status/types';
import type { ClusterContext } from '../common/ownerContext';
import type { UnhealthyVerdict } from '../../shared/planners/health/machineSetRemediationRecords';
import type { CarriedRemediationRequest } from './externalRemediation';

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
  /** how often node conditions are re-read between other events, when not long-polled (nodeLongPollMs 0) */
  pollIntervalMs?: number;
  /**
   * How long one long-poll of node conditions may wait for a change (CAPI reacts to node watches);
   * default 60 s. 0 re-reads on a workflow timer every pollIntervalMs instead: a time-skipping test
   * server cannot skip time while an activity runs.
   */
  nodeLongPollMs?: number;
  continueAsNewAfterEvents?: number;
  /** `remediationRequests`: the external remediation requests made and not ended (externalRemediation.ts) */
  carried?: { targets: HealthTargetsUpdate; remediated: string[]; remediationRequests?: CarriedRemediationRequest[] };
}

export type { HealthCheckStatus };

export const healthTargetsSignal = defineSignal<[HealthTargetsUpdate]>('healthTargets');
export const deleteHealthCheckSignal = defineSignal('delete');
export const healthCheckStatusQuery = defineQuery<HealthCheckStatus>('status');
/**
 * Sent to the owner (MachineDeployment) of machines the check found unhealthy. `machines`: the
 * HealthCheckSucceeded=False reason and message of each (absent from checks that predate it).
 */
export const remediateMachinesSignal = defineSignal<[{ names: string[]; reason: string; machines?: UnhealthyVerdict[] }]>('remediateMachines');
/**
 * Sent to a MachineSet owner when machines it was handed are healthy again (HealthCheckSucceeded
 * True): it drops a remediation it has not started yet (CAPI removes the stale OwnerRemediated).
 */
export const machinesHealthyAgainSignal = defineSignal<[{ names: string[] }]>('machinesHealthyAgain');
export const healthCheckStatusSignal = defineSignal<[HealthCheckStatus]>('healthCheckStatus');
