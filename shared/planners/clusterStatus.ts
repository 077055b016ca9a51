import type { DesiredCluster } from '../model/desired';
import { isClusterPaused, pausedReason } from './pause';
import { LIFECYCLE_HOOK_CONDITION, lifecycleHookCondition, type LifecycleHookState } from './lifecycleHooks';
import { setCondition, setReadyCondition, type Condition } from '../status/conditions';
import type {
  ClusterDescription,
  ClusterPhase,
  ControlPlaneStatus,
  HealthCheckStatus,
  InfrastructureStatus,
  MachineDeploymentStatus,
} from '../status/types';

export interface ClusterStatusInput {
  desired: DesiredCluster;
  infrastructure: InfrastructureStatus;
  infrastructureRequested: boolean;
  controlPlane?: ControlPlaneStatus;
  machineDeployments: Record<string, MachineDeploymentStatus>;
  healthChecks?: Record<string, HealthCheckStatus>;
  /** spec versions sent to children, to tell whether they observed the latest generation */
  sentSpecVersions: { controlPlane: number; machineDeployments: Record<string, number> };
  /** MachineDeployments whose upgrade waits for the control plane or its turn (planUpgradeSequence) */
  upgradeHolds?: Record<string, string>;
  /** present for clusters with Runtime Extensions: the LifecycleHooks condition comes from it */
  lifecycleHooks?: LifecycleHookState;
  deleting: boolean;
  deleted: boolean;
  generation: number;
  conditions: Condition[];
  createdAt: string;
  now: string;
}

/**
 * Cluster phase, conditions and readiness (CAPI §1.1, §9.2) from what the children reported.
 * `ready` means: every child observed the latest spec and every machine is Running at the
 * declared counts — what `capstan apply --wait` and the tests wait for.
 */
export function describeCluster(s: ClusterStatusInput): ClusterDescription {
  const cp = s.controlPlane;
  const mds = s.desired.machineDeployments.map((md) => s.machineDeployments[md.name]);
  const extraMds = Object.values(s.machineDeployments).filter(
    (st) => !s.desired.machineDeployments.some((md) => md.name === st.name),
  );
  let conditions = s.conditions;
  const set = (type: string, status: 'True' | 'False' | 'Unknown', reason = '', message = '') => {
    conditions = setCondition(conditions, { type, status, reason, message }, s.now);
  };
  set('InfrastructureReady', s.infrastructure.provisioned ? 'True' : 'False',
    s.infrastructure.provisioned ? '' : s.infrastructureRequested ? 'Provisioning' : 'Pending',
    s.infrastructure.provisioned ? '' : `waiting for ${s.infrastructure.kind}/${s.infrastructure.name}`);
  set('ControlPlaneInitialized', cp?.initialized ? 'True' : 'False', cp?.initialized ? '' : 'WaitingForControlPlaneInitialized',
    cp?.initialized ? '' : 'waiting for the first control-plane machine to run kubeadm init');
  set('ControlPlaneAvailable', cp?.ready ? 'True' : 'False', cp?.ready ? '' : 'ControlPlaneNotReady',
    cp ? `${cp.readyReplicas} of ${cp.desiredReplicas} control-plane machines ready` : 'control plane not created yet');
  const workersReady = mds.every((st) => st?.ready) && extraMds.length === 0;
  const workerMessage = s.desired.machineDeployments
    .map((md) => {
      const st = s.machineDeployments[md.name];
      return `${md.name}: ${st?.readyReplicas ?? 0}/${md.replicas} ready${st && !st.ready ? ` (${st.phase})` : ''}`;
    })
    .join(', ');
  set('WorkersAvailable', workersReady ? 'True' : 'False', workersReady ? '' : 'WorkersNotReady', workersReady ? '' : workerMessage);
  if (s.deleting) set('Deleting', 'True', 'Deleting', s.deleted ? 'deleted' : 'tearing down workers, then control plane, then infrastructure');
  const holds = Object.entries(s.upgradeHolds ?? {});
  if (holds.length > 0) {
    set('UpgradePending', 'True', 'MachineDeploymentsUpgradePending', holds.map(([md, why]) => `${md}: ${why}`).join('; '));
  } else if (conditions.some((c) => c.type === 'UpgradePending')) {
    set('UpgradePending', 'False', 'NoUpgradePending');
  }
  if (s.lifecycleHooks) {
    const c = lifecycleHookCondition(s.lifecycleHooks);
    set(LIFECYCLE_HOOK_CONDITION, c.status, c.reason, c.message);
  } else {
    conditions = conditions.filter((c) => c.type !== LIFECYCLE_HOOK_CONDITION);
  }
  // a hook blocking, failing or still owed: the upgrade is not over for the extensions
  const hookHolds = s.lifecycleHooks !== undefined && (s.lifecycleHooks.blocking !== undefined || s.lifecycleHooks.pending.length > 0);
  const paused = isClusterPaused(s.desired);
  set('Paused', paused ? 'True' : 'False', paused ? 'Paused' : 'NotPaused', paused ? pausedReason(s.desired) : '');
  conditions = setReadyCondition(
    conditions,
    ['InfrastructureReady', 'ControlPlaneInitialized', 'ControlPlaneAvailable', 'WorkersAvailable', ...(s.lifecycleHooks ? [LIFECYCLE_HOOK_CONDITION] : [])],
    s.now,
  );

  // The latest generation counts as observed only once it was sent to every child (held upgrades
  // aside) and each reported it back: between an accepted update and the reconcile pass that
  // sends it, the children's reports are of the previous generation.
  const sentLatest =
    s.sentSpecVersions.controlPlane >= s.generation &&
    s.desired.machineDeployments.every(
      (md) => (s.sentSpecVersions.machineDeployments[md.name] ?? 0) >= s.generation || s.upgradeHolds?.[md.name] !== undefined,
    );
  const observedAll =
    sentLatest &&
    (cp?.observedSpecVersion ?? -1) >= s.sentSpecVersions.controlPlane &&
    s.desired.machineDeployments.every(
      (md) => (s.machineDeployments[md.name]?.observedSpecVersion ?? -1) >= (s.sentSpecVersions.machineDeployments[md.name] ?? 0),
    );
  // A hook blocking, failing or owed (AfterClusterUpgrade not passed yet) keeps the cluster from counting as done.
  const ready = !s.deleting && observedAll && !!cp?.ready && workersReady && holds.length === 0 && !hookHolds;
  const phase: ClusterPhase = s.deleted
    ? 'Deleted'
    : s.deleting
      ? 'Deleting'
      : s.infrastructure.provisioned
        ? 'Provisioned'
        : s.infrastructureRequested
          ? 'Provisioning'
          : 'Pending';
  const firstBlocking = paused
    ? conditions.find((c) => c.type === 'Paused')
    : conditions.find((c) => c.type !== 'Ready' && c.type !== 'Paused' && c.status !== 'True' && c.type !== 'Deleting') ??
      conditions.find((c) => c.type === 'UpgradePending' && c.status === 'True');
  return {
    namespace: s.desired.namespace,
    name: s.desired.name,
    provider: s.desired.provider,
    phase,
    version: s.desired.controlPlane.version,
    labels: s.desired.labels,
    ...(s.desired.topology
      ? { topology: { class: s.desired.topology.class, ...(s.desired.topology.kubernetesVersions ? { kubernetesVersions: s.desired.topology.kubernetesVersions } : {}) } }
      : {}),
    generation: s.generation,
    observedGeneration: observedAll ? s.generation : s.generation - 1,
    ready,
    paused,
    conditions,
    infrastructure: s.infrastructure,
    controlPlane: cp,
    machineDeployments: [...mds.filter((x): x is MachineDeploymentStatus => !!x), ...extraMds],
    healthChecks: Object.values(s.healthChecks ?? {}).filter((h) => !h.deleted),
    // A paused cluster always says so: nothing proceeds until it resumes, whatever it reports.
    waitingFor:
      (ready && !paused) || !firstBlocking ? undefined : `${firstBlocking.type}: ${firstBlocking.message || firstBlocking.reason}`,
    createdAt: s.createdAt,
    lastUpdated: s.now,
  };
}
