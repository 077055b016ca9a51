// A deliberately incompatible machineWorkflow: it sleeps before creating the machine, which adds a
// timer command the recorded histories do not have. Replaying them against this bundle must fail,
// proving the replay check can fail (a check that cannot fail proves nothing).
import { sleep } from '@temporalio/workflow';
import { machineWorkflow as original } from '../../../workflows/machine/workflow';
import type { MachineWorkflowInput } from '../../../workflows/machine/definitions';

export async function machineWorkflow(input: MachineWorkflowInput): ReturnType<typeof original> {
  await sleep('1s');
  return original(input);
}
export { clusterWorkflow } from '../../../workflows/cluster/workflow';
export { controlPlaneWorkflow } from '../../../workflows/controlPlane/workflow';
export { machineDeploymentWorkflow } from '../../../workflows/machineDeployment/workflow';
