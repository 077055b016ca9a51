import { patched, proxyActivities } from '@temporalio/workflow';
import type { GenericActivities } from '../../activities';
import type { DesiredCluster, DesiredRuntimeExtension } from '../../shared/model/desired';
import {
  approveCreationVersion,
  planLifecycleHook,
  recordHookOutcome,
  type LifecycleHookPlan,
  type LifecycleHookState,
} from '../../shared/planners/lifecycleHooks';
import { controlPlaneUpgradeProgress, machineDeploymentsSettled } from '../../shared/planners/upgradeSequence';
import { nowIso } from '../common/time';
import type { ClusterCarriedState } from './definitions';

// Generic activities run on the workflow's own task queue. A call covers discovery plus every
// handler (each bounded by its own timeout of at most 30 s); retries cover a lost worker only,
// since the activity turns every extension error into an outcome.
const hooks = proxyActivities<GenericActivities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});

/** The Runtime Extensions the cluster calls; hooks are off without any (and for runs recorded before them). */
export function activeExtensions(desired: DesiredCluster): DesiredRuntimeExtension[] | undefined {
  const extensions = desired.runtimeExtensions ?? [];
  if (extensions.length === 0 || !patched('lifecycle-hooks')) return undefined;
  return extensions;
}

/** The Cluster object of the desired state, as the hooks' requests carry it. */
function clusterObject(desired: DesiredCluster): Record<string, unknown> {
  return (
    desired.resources.find((r) => r.kind === 'Cluster') ?? {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'Cluster',
      metadata: { name: desired.name, namespace: desired.namespace, labels: desired.labels, annotations: desired.annotations },
    }
  );
}

/**
 * Hook state for a cluster that has extensions: a cluster that gets its first ExtensionConfig
 * while running approves the version its control plane already has, so the next version change
 * calls BeforeClusterUpgrade.
 */
function hookStateOf(state: ClusterCarriedState): LifecycleHookState {
  if (state.hooks) return state.hooks;
  return state.started.controlPlane
    ? approveCreationVersion(undefined, state.controlPlane?.version ?? state.desired.controlPlane.version)
    : { pending: [] };
}

/**
 * Calls every lifecycle hook that is due, recording each outcome in `state.hooks`, until none is
 * due or the due one blocks; returns what must wait (and until when the block holds).
 * `onOutcome` publishes the cluster's status after each call.
 */
export async function runLifecycleHooks(state: ClusterCarriedState, onOutcome: () => void): Promise<LifecycleHookPlan> {
  const extensions = activeExtensions(state.desired);
  if (!extensions) {
    // ExtensionConfigs removed: owed hooks are dropped with them (nothing left to call).
    delete state.hooks;
    return {};
  }
  state.hooks = hookStateOf(state);
  for (;;) {
    const settled = controlPlaneUpgradeProgress(state.desired, state.controlPlane);
    const plan = planLifecycleHook({
      hooks: state.hooks,
      desiredVersion: state.desired.controlPlane.version,
      controlPlaneSettledAt: settled.settled ? state.desired.controlPlane.version : undefined,
      workersSettled: machineDeploymentsSettled({
        desired: state.desired,
        generation: state.generation,
        machineDeployments: state.machineDeployments,
        sentSpecVersions: state.sentSpecVersions.machineDeployments,
      }),
      deleting: state.deleting,
      cluster: clusterObject(state.desired),
      now: nowIso(),
    });
    if (plan.dropBlock) {
      const { blocking: _dropped, ...rest } = state.hooks;
      state.hooks = rest;
    }
    if (!plan.call) return plan;
    const outcome = await hooks.callLifecycleHook({ extensions, request: plan.call });
    state.hooks = recordHookOutcome(state.hooks, plan.call, outcome, nowIso());
    onOutcome();
  }
}

/** Records the version the control plane is created with: it needs no BeforeClusterUpgrade. */
export function approveCreation(state: ClusterCarriedState, version: string): void {
  if (state.hooks || activeExtensions(state.desired)) state.hooks = approveCreationVersion(state.hooks, version);
}

/**
 * CAPI's webhook rule: the version cannot change while AfterClusterUpgrade is owed (the previous
 * upgrade is not finished as far as the extensions know). Returns the refusal, or undefined.
 */
export function versionChangeRefusal(state: ClusterCarriedState, next: DesiredCluster): string | undefined {
  if (next.controlPlane.version === state.desired.controlPlane.version) return undefined;
  if ((next.runtimeExtensions ?? []).length === 0) return undefined;
  const owed = state.hooks?.pending.find((p) => p.hook === 'AfterClusterUpgrade');
  if (!owed) return undefined;
  return (
    `version cannot change from ${state.desired.controlPlane.version} to ${next.controlPlane.version} while the ` +
    `AfterClusterUpgrade hook for ${owed.version} is pending (as Cluster API's webhook refuses); it is called once the ` +
    `whole cluster runs ${owed.version}${state.hooks?.blocking?.hook === 'AfterClusterUpgrade' ? ` and is now blocked: ${state.hooks.blocking.message}` : ''}`
  );
}
