import { WorkflowIdReusePolicy } from '@temporalio/common';
import { getExternalWorkflowHandle, log, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { machineWorkflowId } from '../../shared/ids';
import type { MachineStatus } from '../../shared/status/types';
export { mergeMachineStatus } from '../../shared/status/mergeMachineStatus';
import type { MachineWorkflowInput } from '../machine/definitions';
import { requestDeleteSignal } from '../machine/definitions';

/**
 * Starts a machineWorkflow as an abandoned child: machines outlive their owner's run (owners
 * continue-as-new) and report back by signal. The ID is the machine's name, so a duplicate start
 * is refused by Temporal instead of creating a twin.
 */
export async function startMachine(input: MachineWorkflowInput): Promise<void> {
  const workflowId = machineWorkflowId({ namespace: input.cluster.namespace, name: input.name });
  try {
    await startChild('machineWorkflow', {
      workflowId,
      args: [input],
      taskQueue: workflowInfo().taskQueue,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: `machine ${input.cluster.namespace}/${input.name}: ${input.role} ${input.template.version} (${input.bootstrapMode})`,
    });
  } catch (err) {
    // Already started (e.g. by a previous attempt): the existing execution is the machine.
    log.warn('machine workflow already exists', { workflowId, error: String(err) });
  }
}

export async function requestMachineDelete(namespace: string, name: string, reason: string, opts: { skipDrain?: boolean; removeHooks?: string[] } = {}): Promise<void> {
  try {
    await getExternalWorkflowHandle(machineWorkflowId({ namespace, name })).signal(requestDeleteSignal, { reason, ...opts });
  } catch (err) {
    // The machine workflow already finished: nothing left to delete.
    log.warn('machine workflow not running for delete request', { name, error: String(err) });
  }
}

/** A placeholder status for a machine we just started, so planners count it immediately. */
export function pendingMachine(input: MachineWorkflowInput): MachineStatus {
  return {
    name: input.name,
    role: input.role,
    version: input.template.version,
    phase: 'Pending',
    failureDomain: input.failureDomain,
    addresses: [],
    createdAt: input.createdAt,
    lastUpdated: input.createdAt,
    conditions: [],
  };
}
