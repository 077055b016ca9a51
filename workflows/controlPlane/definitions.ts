import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DesiredControlPlane } from '../../shared/model/desired';
import type { ControlPlaneStatus, MachineStatus } from '../../shared/status/types';
import type { ControlPlaneMachineExtras, RemediationRecord } from '../../shared/planners/controlPlane';
import type { ClusterContext } from '../common/ownerContext';

export interface ControlPlaneWorkflowInput {
  context: ClusterContext;
  spec: DesiredControlPlane;
  specVersion: number;
  /** history length that triggers continue-as-new (tests set it low) */
  continueAsNewAfterEvents?: number;
  /** carried across continue-as-new (the optional fields were added with the planner loop) */
  carried?: ControlPlaneCarriedState;
}

export interface ControlPlaneCarriedState {
  machines: MachineStatus[];
  initialized: boolean;
  deleting: boolean;
  createdAt: string;
  /** what KCP recorded on each Machine it created (template hash, annotations, remediation-for) */
  extras?: Record<string, ControlPlaneMachineExtras>;
  /** Machines a MachineHealthCheck asked KCP to remediate */
  remediationMarks?: string[];
  remediationInProgress?: RemediationRecord;
  lastRemediation?: RemediationRecord;
}

export const updateControlPlaneSpecSignal = defineSignal<[{ spec: DesiredControlPlane; specVersion: number; context: ClusterContext }]>(
  'updateSpec',
);
export const deleteControlPlaneSignal = defineSignal('delete');
export const controlPlaneStatusQuery = defineQuery<ControlPlaneStatus>('status');
