import { KCP_PRE_TERMINATE_HOOK } from '../../../../shared/planners/controlPlane';
import type {
  ControlPlaneMachine,
  ControlPlaneSpec,
  ControlPlaneState,
  EtcdMember,
  FailureDomain,
} from '../../../../shared/planners/controlPlane';

export const NOW = '2026-03-01T12:00:00.000Z';
export const OLD = 'v1.30.4';
export const NEW = 'v1.31.2';
export const HASH = 'tmpl-a';

export const FDS: FailureDomain[] = [
  { name: 'fd-a', controlPlane: true },
  { name: 'fd-b', controlPlane: true },
  { name: 'fd-c', controlPlane: true },
  { name: 'fd-workers', controlPlane: false },
];

export function spec(patch: Partial<ControlPlaneSpec> = {}): ControlPlaneSpec {
  return {
    name: 'cp',
    replicas: 3,
    version: NEW,
    templateHash: HASH,
    rollout: { maxSurge: 1 },
    remediation: { retryPeriodSeconds: 0, minHealthyPeriodSeconds: 3600 },
    ...patch,
  };
}

/** `createdMinute` orders Machines by age: m created at minute 1 is older than one at minute 2. */
export function machine(
  name: string,
  createdMinute: number,
  patch: Partial<ControlPlaneMachine> = {},
): ControlPlaneMachine {
  return {
    name,
    version: NEW,
    templateHash: HASH,
    createdAt: `2026-03-01T10:${String(createdMinute).padStart(2, '0')}:00.000Z`,
    nodeName: `node-${name}`,
    annotations: { [KCP_PRE_TERMINATE_HOOK]: '' },
    conditions: healthy(),
    ...patch,
  };
}

export function healthy(): ControlPlaneMachine['conditions'] {
  return {
    APIServerPodHealthy: 'True',
    ControllerManagerPodHealthy: 'True',
    SchedulerPodHealthy: 'True',
    EtcdPodHealthy: 'True',
    EtcdMemberHealthy: 'True',
    NodeKubeadmLabelsAndTaintsSet: 'True',
    HealthCheckSucceeded: 'True',
  };
}

/** MHC verdict "unhealthy, owner remediates" on top of the given component conditions. */
export function unhealthy(patch: ControlPlaneMachine['conditions'] = {}): ControlPlaneMachine['conditions'] {
  return { ...healthy(), HealthCheckSucceeded: 'False', OwnerRemediated: 'False', ...patch };
}

/** One voting, healthy member per Machine with a Node; the last one leads unless `leader` says otherwise. */
export function membersFor(machines: readonly ControlPlaneMachine[], leader?: string): EtcdMember[] {
  const withNode = machines.filter((m) => m.nodeName);
  const leaderName = leader ?? withNode[withNode.length - 1]?.name;
  return withNode.map((m, i) => ({
    id: `id-${i + 1}`,
    name: m.nodeName!,
    isLearner: false,
    isLeader: m.name === leaderName,
    healthy: true,
  }));
}

export function state(
  machines: ControlPlaneMachine[],
  patch: Partial<ControlPlaneState> = {},
): ControlPlaneState {
  return {
    spec: spec(),
    machines,
    etcdMembers: membersFor(machines),
    failureDomains: FDS,
    initialized: machines.length > 0,
    ...patch,
  };
}

/** Three healthy Machines m1 (fd-a), m2 (fd-b), m3 (fd-c) at `version`. */
export function threeMachines(version = NEW): ControlPlaneMachine[] {
  return [
    machine('m1', 1, { version, failureDomain: 'fd-a' }),
    machine('m2', 2, { version, failureDomain: 'fd-b' }),
    machine('m3', 3, { version, failureDomain: 'fd-c' }),
  ];
}
