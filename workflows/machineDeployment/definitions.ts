import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DesiredMachineDeployment, DesiredMachineTemplate } from '../../shared/model/desired';
import type { ControlPlaneView } from '../../shared/planners/rollout';
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
  /**
   * The cluster's control plane as of the start, for the MachineSet preflight checks; later
   * changes come by controlPlaneViewSignal. Absent in runs started before the checks: nothing
   * is checked then (CAPI without a control-plane version).
   */
  controlPlane?: ControlPlaneView;
  continueAsNewAfterEvents?: number;
  carried?: {
    machineSets: MachineSetState[];
    deleting: boolean;
    controlPlane?: ControlPlaneView;
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
/** The cluster's control plane changed (version, oldest machine version): the newest `seq` wins. */
export const controlPlaneViewSignal = defineSignal<[ControlPlaneView]>('controlPlaneView');
export const machineDeploymentStatusQuery = defineQuery<MachineDeploymentStatus>('status');
