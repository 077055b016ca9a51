import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DesiredControlPlane } from '../../shared/model/desired';
import type { ControlPlaneStatus, MachineStatus } from '../../shared/status/types';
import type { ClusterContext } from '../common/ownerContext';

export interface ControlPlaneWorkflowInput {
  context: ClusterContext;
  spec: DesiredControlPlane;
  specVersion: number;
  /** history length that triggers continue-as-new (tests set it low) */
  continueAsNewAfterEvents?: number;
  /** carried across continue-as-new */
  carried?: { machines: MachineStatus[]; initialized: boolean; deleting: boolean; createdAt: string };
}

export const updateControlPlaneSpecSignal = defineSignal<[{ spec: DesiredControlPlane; specVersion: number; context: ClusterContext }]>(
  'updateSpec',
);
export const deleteControlPlaneSignal = defineSignal('delete');
export const controlPlaneStatusQuery = defineQuery<ControlPlaneStatus>('status');
