import { patched } from '@temporalio/workflow';
import { controlPlaneLoop } from './controlPlaneLoop';
import type { ControlPlaneWorkflowInput } from './definitions';
import { legacyControlPlaneLoop } from './legacyScaleLoop';

/**
 * KubeadmControlPlane entity (`kcp/<ns>/<name>`). Runs started before `planControlPlane` was
 * wired in replay on the scale-only loop they were recorded with and move to the planner loop at
 * their next continue-as-new; every new run records the `kcp-planner` marker first.
 */
export async function controlPlaneWorkflow(input: ControlPlaneWorkflowInput): Promise<void> {
  if (!patched('kcp-planner')) return legacyControlPlaneLoop(input);
  return controlPlaneLoop(input);
}
