import { canonicalJson } from '../../canonicalJson';
import type { DesiredControlPlane, DesiredMachineTemplate } from '../../model/desired';
import { stableHash } from '../../naming';
import { getCondition } from '../../status/conditions';
import type { MachineStatus } from '../../status/types';
import type {
  ConditionState,
  ControlPlaneMachine,
  ControlPlaneSpec,
  ControlPlaneState,
  EtcdMember,
  FailureDomain,
  MachineConditionType,
  RemediationRecord,
} from './types';

const MACHINE_CONDITIONS: readonly MachineConditionType[] = [
  'APIServerPodHealthy',
  'ControllerManagerPodHealthy',
  'SchedulerPodHealthy',
  'EtcdPodHealthy',
  'EtcdMemberHealthy',
  'NodeKubeadmLabelsAndTaintsSet',
  'HealthCheckSucceeded',
  'OwnerRemediated',
];

/**
 * What makes a KCP Machine outdated besides its version (`matchesKubeadmConfig`,
 * `matchesTemplateClonedFrom`): the infrastructure template it was cloned from and the
 * KubeadmConfig spec. The version is compared on its own and the failure domain never is, so
 * neither is hashed. Record this hash on each Machine when it is created.
 */
export function controlPlaneTemplateHash(t: DesiredMachineTemplate): string {
  return stableHash(
    JSON.stringify([t.infrastructure.kind, t.infrastructure.name, canonicalJson(t.bootstrap.spec)]),
  );
}

/** The planner's view of a DesiredControlPlane. */
export function controlPlaneSpecFromDesired(d: DesiredControlPlane): ControlPlaneSpec {
  return {
    name: d.name,
    replicas: d.replicas,
    version: d.version,
    templateHash: controlPlaneTemplateHash(d.machineTemplate),
    rollout: { maxSurge: d.rollout.maxSurge, ...(d.rollout.after ? { after: d.rollout.after } : {}) },
    remediation: {
      ...(d.remediation.maxRetry !== undefined ? { maxRetry: d.remediation.maxRetry } : {}),
      retryPeriodSeconds: d.remediation.retryPeriodSeconds,
      minHealthyPeriodSeconds: d.remediation.minHealthyPeriodSeconds,
    },
  };
}

/** What the KCP knows about a Machine beyond its MachineStatus. */
export interface ControlPlaneMachineExtras {
  templateHash: string;
  annotations: Record<string, string>;
  remediationFor?: RemediationRecord;
  certificatesExpiryDate?: string;
}

/**
 * Builds the planner's Machine from a machineWorkflow's MachineStatus: health conditions are read
 * from `status.conditions` by type, and the Machine is waiting for its pre-terminate hook when
 * its Deleting condition says `WaitingForPreTerminateHook`.
 */
export function controlPlaneMachineFromStatus(
  status: MachineStatus,
  extras: ControlPlaneMachineExtras,
): ControlPlaneMachine {
  const conditions: ControlPlaneMachine['conditions'] = {};
  for (const type of MACHINE_CONDITIONS) {
    const c = getCondition(status.conditions, type);
    if (c) conditions[type] = c.status;
  }
  const deleting = getCondition(status.conditions, 'Deleting');
  return {
    name: status.name,
    version: status.version,
    templateHash: extras.templateHash,
    createdAt: status.createdAt,
    ...(status.failureDomain ? { failureDomain: status.failureDomain } : {}),
    ...(status.nodeName ? { nodeName: status.nodeName } : {}),
    ...(status.deletionRequestedAt ? { deletionRequestedAt: status.deletionRequestedAt } : {}),
    waitingForPreTerminateHook:
      deleting?.status === 'True' && deleting.reason === 'WaitingForPreTerminateHook',
    annotations: extras.annotations,
    conditions,
    ...(extras.remediationFor ? { remediationFor: extras.remediationFor } : {}),
    ...(extras.certificatesExpiryDate ? { certificatesExpiryDate: extras.certificatesExpiryDate } : {}),
  };
}


/** Everything the control-plane workflow knows, before it becomes the planner's `ControlPlaneState`. */
export interface ControlPlaneObservations {
  desired: DesiredControlPlane;
  /** machineWorkflow reports, deleting ones included */
  machines: readonly MachineStatus[];
  /** what KCP recorded on each Machine when it created it; a Machine without a record was adopted */
  extras: Readonly<Record<string, ControlPlaneMachineExtras>>;
  /** component and etcd health per node, as last observed */
  health: readonly { nodeName: string; conditions: Partial<Record<MachineConditionType, ConditionState>> }[];
  etcdMembers: readonly EtcdMember[] | undefined;
  failureDomains: readonly FailureDomain[];
  initialized: boolean;
  /** machines a MachineHealthCheck handed to KCP for remediation (HealthCheckSucceeded=False, OwnerRemediated=False) */
  remediationMarks: readonly string[];
  remediationInProgress?: RemediationRecord;
  lastRemediation?: RemediationRecord;
}

/**
 * The planner's state from the workflow's observations. Health conditions come from the latest
 * observation of the workload cluster, matched by node name, as KCP sets them on each Machine;
 * the MHC's marks become the two conditions KCP's remediation reads. A Machine without a KCP
 * record (created before KCP recorded template hashes) counts as up to date with the spec it was
 * created from, i.e. it is compared by version only.
 */
export function controlPlaneStateFromObservations(o: ControlPlaneObservations): ControlPlaneState {
  const spec = controlPlaneSpecFromDesired(o.desired);
  const healthByNode = new Map(o.health.map((h) => [h.nodeName, h.conditions]));
  const machines = o.machines
    .filter((m) => m.phase !== 'Deleted')
    .map((m) => {
      const extras = o.extras[m.name] ?? { templateHash: spec.templateHash, annotations: {} };
      const machine = controlPlaneMachineFromStatus(m, extras);
      const health = m.nodeName ? healthByNode.get(m.nodeName) : undefined;
      const conditions = { ...machine.conditions, ...(health ?? {}) };
      if (o.remediationMarks.includes(m.name)) {
        conditions.HealthCheckSucceeded = 'False';
        conditions.OwnerRemediated = 'False';
      }
      return { ...machine, conditions };
    });
  return {
    spec,
    machines,
    etcdMembers: o.etcdMembers,
    failureDomains: o.failureDomains,
    initialized: o.initialized,
    ...(o.remediationInProgress ? { remediationInProgress: o.remediationInProgress } : {}),
    ...(o.lastRemediation ? { lastRemediation: o.lastRemediation } : {}),
  };
}
