import type { HookRequest, LifecycleHookName, LifecycleHookState } from './types';

export interface LifecycleHookInput {
  hooks: LifecycleHookState;
  /** the control plane's desired version (spec.topology.version / KCP spec.version) */
  desiredVersion: string;
  /** the version every control-plane machine runs, when the control plane is settled */
  controlPlaneSettledAt?: string;
  /** every MachineDeployment runs the latest spec, at its version, ready */
  workersSettled: boolean;
  deleting: boolean;
  /** the Cluster object sent in every request */
  cluster: Record<string, unknown>;
  now: string;
}

export interface LifecycleHookPlan {
  /** the hook to call now (absent: none is due, or the blocking one's retry time has not come) */
  call?: HookRequest;
  /** when the blocking hook is called again */
  retryAt?: string;
  /** set while nothing may go to the control plane or the MachineDeployments: why */
  holdAll?: string;
  /** set while MachineDeployments must not change version: why */
  holdWorkers?: string;
  /** the recorded block is of a hook no longer due (the version went back): drop it */
  dropBlock?: boolean;
}

const API_VERSION = 'hooks.runtime.cluster.x-k8s.io/v1alpha1';

/**
 * Which lifecycle hook is due, and what waits on it (capi-behaviour.md §7.3, §7.5):
 * - BeforeClusterUpgrade, when the desired control-plane version moves past the approved one:
 *   until it passes, no change reaches the control plane or any MachineDeployment.
 * - AfterControlPlaneUpgrade, owed once the upgrade was let through, when every control-plane
 *   machine runs the new version: until it passes, MachineDeployments keep their version.
 * - AfterClusterUpgrade, owed likewise, when the workers are done too: until it passes, the
 *   cluster's version cannot change again (the update validator refuses it).
 * - BeforeClusterDelete, before anything is torn down.
 * A blocked hook is called again at its retry time, never earlier.
 */
export function planLifecycleHook(s: LifecycleHookInput): LifecycleHookPlan {
  const due = dueHook(s);
  const dropBlock = s.hooks.blocking !== undefined && s.hooks.blocking.hook !== due?.hook ? { dropBlock: true } : {};
  if (!due) return dropBlock;
  const block = s.hooks.blocking?.hook === due.hook ? s.hooks.blocking : undefined;
  const why = block
    ? `hook "${due.hook}" ${block.failed ? 'failed' : 'is blocking'}: ${block.message}`
    : `waiting for hook "${due.hook}"`;
  const plan: LifecycleHookPlan = {
    ...dropBlock,
    ...(due.hook === 'BeforeClusterUpgrade' ? { holdAll: why } : {}),
    ...(due.hook === 'AfterControlPlaneUpgrade' ? { holdWorkers: why } : {}),
  };
  if (block && block.retryAt > s.now) return { ...plan, retryAt: block.retryAt };
  return { ...plan, call: due };
}

function dueHook(s: LifecycleHookInput): HookRequest | undefined {
  const request = (hook: LifecycleHookName, fields: Record<string, unknown> = {}): HookRequest => ({
    hook,
    body: { apiVersion: API_VERSION, kind: `${hook}Request`, cluster: s.cluster, ...fields },
  });
  if (s.deleting) return s.hooks.okToDelete ? undefined : request('BeforeClusterDelete');
  const approved = s.hooks.approvedVersion;
  if (approved !== undefined && approved !== s.desiredVersion) {
    return request('BeforeClusterUpgrade', { fromKubernetesVersion: approved, toKubernetesVersion: s.desiredVersion });
  }
  const afterCp = s.hooks.pending.find((p) => p.hook === 'AfterControlPlaneUpgrade');
  if (afterCp) {
    return s.controlPlaneSettledAt === afterCp.version
      ? request('AfterControlPlaneUpgrade', { kubernetesVersion: afterCp.version })
      : undefined;
  }
  const afterCluster = s.hooks.pending.find((p) => p.hook === 'AfterClusterUpgrade');
  if (afterCluster && s.controlPlaneSettledAt === afterCluster.version && s.workersSettled) {
    return request('AfterClusterUpgrade', { kubernetesVersion: afterCluster.version });
  }
  return undefined;
}
