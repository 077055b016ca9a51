import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ObjectRef } from '../../shared/model/desired';
import type { RemediationCompletion } from '../../shared/planners/externalRemediation';
import type { RemediationRequestStatus } from '../../shared/status/types';
import type { ClusterContext } from '../common/ownerContext';

export interface ExternalRemediationWorkflowInput {
  context: ClusterContext;
  /** the Machine to remediate; the request is named exactly like it */
  machine: string;
  /** the MachineHealthCheck that made the request: it hears the request's progress and deletes it */
  healthCheck: { name: string; workflowId: string };
  /** the owner (MachineDeployment or KubeadmControlPlane) a failed Reboot hands the machine to */
  ownerWorkflowId: string;
  template: ObjectRef;
  /** the template's `spec.template.spec` when Capstan runs the kind itself (RebootRemediationTemplate) */
  templateSpec?: Record<string, unknown>;
  /** why the health check found the machine unhealthy */
  reason: string;
  createdAt: string;
}

/** A request's status as its MachineHealthCheck receives it; `runId` tells runs of one request apart. */
export interface RemediationRequestReport extends RemediationRequestStatus {
  runId: string;
}

/**
 * Ends the request: sent by the MachineHealthCheck when the machine is healthy again or gone
 * (CAPI deletes the request object), or by the external controller (or an operator) that acted
 * on it. The input is optional, so the Temporal CLI can send it bare.
 */
export const completeRemediationSignal = defineSignal<[Partial<RemediationCompletion>?]>('complete');
export const remediationStatusQuery = defineQuery<RemediationRequestStatus>('status');
/** sent by each request to its MachineHealthCheck whenever its phase or message changes */
export const remediationRequestStatusSignal = defineSignal<[RemediationRequestReport]>('remediationRequestStatus');
