import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DesiredMachineDeployment, DesiredMachineTemplate } from '../../shared/model/desired';
import type { MachineDeploymentStatus, MachineStatus } from '../../shared/status/types';
import type { ClusterContext } from '../common/ownerContext';

/** One MachineSet (a revision): its spec replicas, the annotations CAPI keeps on it, its machines. */
export interface MachineSetState {
  name: string;
  revision: number;
  templateHash: string;
  createdAt: string;
  /** spec.replicas, set by the rollout planner */
  replicas: number;
  /** the template this revision stamps machines from (old revisions keep their own) */
  template: DesiredMachineTemplate;
  desiredReplicasAnnotation?: number;
  maxReplicasAnnotation?: number;
  disableMachineCreate?: boolean;
  machines: MachineStatus[];
}

export interface MachineDeploymentWorkflowInput {
  context: ClusterContext;
  spec: DesiredMachineDeployment;
  specVersion: number;
  continueAsNewAfterEvents?: number;
  carried?: {
    machineSets: MachineSetState[];
    deleting: boolean;
    /** health-check reports received but not yet acted on when the run continued as new */
    remediationRequests?: RemediateMachinesRequest[];
    healthyAgain?: string[];
  };
}

/** What a health check hands over (remediateMachinesSignal). */
export interface RemediateMachinesRequest {
  names: string[];
  reason: string;
  machines?: Array<{ name: string; reason: string; message: string }>;
}

export const updateMachineDeploymentSpecSignal = defineSignal<
  [{ spec: DesiredMachineDeployment; specVersion: number; context: ClusterContext }]
>('updateSpec');
export const deleteMachineDeploymentSignal = defineSignal('delete');
export const machineDeploymentStatusQuery = defineQuery<MachineDeploymentStatus>('status');
