import type { ObjectRef } from '../../model/desired';

/**
 * What a request of a kind Capstan does not run says while it waits: which controller it waits
 * for, and how that controller (or an operator) tells Capstan it is done.
 */
export function externalControllerMessage(template: Pick<ObjectRef, 'kind' | 'name'>, workflowId: string): string {
  return `waiting for an external controller to remediate (${template.kind}/${template.name}); when it is done: temporal workflow signal --workflow-id ${workflowId} --name complete`;
}

/** Who finished a request and why (the MachineHealthCheck, or whoever sent the `complete` signal). */
export interface RemediationCompletion {
  /** e.g. "MachineHealthCheck", "metal3-remediation-controller", "operator" */
  by: string;
  reason: string;
}

/** A `complete` signal sent by hand may carry no input at all. */
export function completionOf(input: Partial<RemediationCompletion> | undefined): RemediationCompletion {
  return {
    by: typeof input?.by === 'string' && input.by ? input.by : 'signal',
    reason: typeof input?.reason === 'string' && input.reason ? input.reason : 'completed by the complete signal',
  };
}
