import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DesiredMachineDeployment } from '../../shared/model/desired';
import type { MachineDeploymentStatus, MachineStatus } from '../../shared/status/types';
import type { ClusterContext } from '../common/ownerContext';

export interface MachineSetState {
  name: string;
  revision: number;
  templateHash: string;
  machines: MachineStatus[];
}

export interface MachineDeploymentWorkflowInput {
  context: ClusterContext;
  spec: DesiredMachineDeployment;
  specVersion: number;
  continueAsNewAfterEvents?: number;
  carried?: { machineSets: MachineSetState[]; deleting: boolean };
}

export const updateMachineDeploymentSpecSignal = defineSignal<
  [{ spec: DesiredMachineDeployment; specVersion: number; context: ClusterContext }]
>('updateSpec');
export const deleteMachineDeploymentSignal = defineSignal('delete');
export const machineDeploymentStatusQuery = defineQuery<MachineDeploymentStatus>('status');
