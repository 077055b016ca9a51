import { KCP_PRE_TERMINATE_HOOK } from '../../../../shared/planners/controlPlane';
import type {
  ControlPlaneMachine,
  ControlPlaneSpec,
  ControlPlaneState,
  EtcdMember,
  FailureDomain,
  RemediationRecord,
} from '../../../../shared/planners/controlPlane';

/**
 * The in-memory world the driver runs the planner against: control-plane Machines that
 * provision, join etcd and get deleted over ticks, and an etcd member list that changes only
 * through joins and the planner's intents. Pure: every change is a function of the tick.
 */

export interface DriverTiming {
  /** ticks from creation until the Machine's Node registers */
  nodeAfterTicks: number;
  /** ticks from Node until its etcd member joins (voting) and every component is healthy */
  etcdJoinAfterTicks: number;
  /** ticks the Machine controller needs to drain before stopping at the pre-terminate hook */
  drainTicks: number;
  /** ticks from hook removal until the infrastructure (and the Machine) is gone */
  infraDeleteTicks: number;
}

/** etcdMemberDown: the member really is down. kubeletDown: KCP cannot see the pods; etcd runs on. */
export type Fault = 'etcdMemberDown' | 'kubeletDown';

export interface SimMachine {
  m: ControlPlaneMachine;
  createdTick: number;
  nodeTick?: number;
  deletionTick?: number;
  hookRemovedTick?: number;
  createdByPlanner: boolean;
  /** reached Node + voting member + all conditions True at least once */
  healthyOnce: boolean;
  neverGetsNode: boolean;
  fault?: Fault;
}

export interface World {
  tick: number;
  spec: ControlPlaneSpec;
  failureDomains: FailureDomain[];
  timing: DriverTiming;
  machines: SimMachine[];
  members: EtcdMember[];
  initialized: boolean;
  remediationInProgress?: RemediationRecord;
  lastRemediation?: RemediationRecord;
  nextMachineIndex: number;
  nextMemberId: number;
  newMachinesNeverGetANode: boolean;
}

export const BASE_TIME = Date.parse('2026-03-01T00:00:00.000Z');
export const TICK_SECONDS = 30;
export const timeAt = (tick: number): string =>
  new Date(BASE_TIME + tick * TICK_SECONDS * 1000).toISOString();

const ALL_TRUE: ControlPlaneMachine['conditions'] = {
  APIServerPodHealthy: 'True',
  ControllerManagerPodHealthy: 'True',
  SchedulerPodHealthy: 'True',
  EtcdPodHealthy: 'True',
  EtcdMemberHealthy: 'True',
  NodeKubeadmLabelsAndTaintsSet: 'True',
  HealthCheckSucceeded: 'True',
};

export interface InitialCluster {
  machines: number;
  version: string;
}

/** A world with `initial.machines` healthy Machines spread over the CP failure domains (or empty). */
export function newWorld(
  spec: ControlPlaneSpec,
  failureDomains: FailureDomain[],
  timing: DriverTiming,
  initial: InitialCluster,
  newMachinesNeverGetANode = false,
): World {
  const fds = failureDomains.filter((d) => d.controlPlane).map((d) => d.name);
  const world: World = {
    tick: 0,
    spec,
    failureDomains,
    timing,
    machines: [],
    members: [],
    initialized: initial.machines > 0,
    nextMachineIndex: 1,
    nextMemberId: 1,
    newMachinesNeverGetANode,
  };
  for (let i = 0; i < initial.machines; i++) {
    const name = `${spec.name}-${world.nextMachineIndex++}`;
    const fd = fds.length > 0 ? fds[i % fds.length] : undefined;
    world.machines.push({
      m: {
        name,
        version: initial.version,
        templateHash: spec.templateHash,
        createdAt: new Date(BASE_TIME - (initial.machines - i) * 3600_000).toISOString(),
        ...(fd ? { failureDomain: fd } : {}),
        nodeName: name,
        annotations: { [KCP_PRE_TERMINATE_HOOK]: '' },
        conditions: { ...ALL_TRUE },
      },
      createdTick: -1,
      nodeTick: -1,
      createdByPlanner: false,
      healthyOnce: true,
      neverGetsNode: false,
    });
    addMember(world, name, i === 0);
  }
  return world;
}

/** What KCP would observe: the planner's input. */
export function observe(world: World): ControlPlaneState {
  return {
    spec: world.spec,
    machines: world.machines.map((s) => structuredClone(s.m)),
    etcdMembers: world.members.map((m) => ({ ...m })),
    failureDomains: world.failureDomains,
    initialized: world.initialized,
    ...(world.remediationInProgress ? { remediationInProgress: world.remediationInProgress } : {}),
    ...(world.lastRemediation ? { lastRemediation: world.lastRemediation } : {}),
  };
}

export function addMember(world: World, name: string, leader = false): void {
  world.members.push({
    id: `m${world.nextMemberId++}`,
    name,
    isLearner: false,
    isLeader: leader,
    healthy: true,
  });
}

/** After the leader's member left or died, the healthy voting member with the lowest id leads. */
export function electLeaderIfNeeded(world: World): void {
  if (world.members.some((m) => m.isLeader && m.healthy)) return;
  world.members.forEach((m) => (m.isLeader = false));
  const next = world.members.find((m) => m.healthy && !m.isLearner);
  if (next) next.isLeader = true;
}

/** The world moves on by one tick: Nodes register, members join, drains finish, infrastructure goes. */
export function advance(world: World): void {
  const t = world.tick;
  const { timing } = world;
  for (const s of [...world.machines]) {
    const m = s.m;
    if (s.hookRemovedTick !== undefined) {
      if (t >= s.hookRemovedTick + timing.infraDeleteTicks) removeMachine(world, s);
      continue;
    }
    if (m.deletionRequestedAt) {
      if (!m.waitingForPreTerminateHook && t >= (s.deletionTick ?? t) + timing.drainTicks)
        m.waitingForPreTerminateHook = true;
      continue;
    }
    if (!m.nodeName && !s.neverGetsNode && t >= s.createdTick + timing.nodeAfterTicks) registerNode(world, s);
    else if (
      m.nodeName &&
      !world.members.some((x) => x.name === m.nodeName) &&
      s.nodeTick !== undefined &&
      t >= s.nodeTick + timing.etcdJoinAfterTicks
    ) {
      addMember(world, m.nodeName);
      m.conditions = { ...m.conditions, EtcdPodHealthy: 'True', EtcdMemberHealthy: 'True' };
      s.healthyOnce = true;
    }
  }
}

function registerNode(world: World, s: SimMachine): void {
  s.m.nodeName = s.m.name;
  s.nodeTick = world.tick;
  s.m.conditions = {
    ...ALL_TRUE,
    EtcdPodHealthy: 'Unknown',
    EtcdMemberHealthy: 'Unknown',
  };
  if (world.members.length === 0) {
    // kubeadm init: the first member is born with the Node; the control plane is initialized.
    addMember(world, s.m.name, true);
    s.m.conditions = { ...ALL_TRUE };
    s.healthyOnce = true;
    world.initialized = true;
  }
}

function removeMachine(world: World, s: SimMachine): void {
  world.machines = world.machines.filter((x) => x !== s);
  // Whatever member the Machine still had dies with it (only the last Machine should get here).
  for (const member of world.members) if (member.name === s.m.nodeName) member.healthy = false;
  electLeaderIfNeeded(world);
}

/** Injects a fault; the MHC then marks the Machine unhealthy and asks KCP to remediate. */
export function injectFault(world: World, machineName: string, fault: Fault): void {
  const s = world.machines.find((x) => x.m.name === machineName);
  if (!s) throw new Error(`fault on unknown Machine ${machineName}`);
  s.fault = fault;
  const mhc = { HealthCheckSucceeded: 'False', OwnerRemediated: 'False' } as const;
  if (fault === 'etcdMemberDown') {
    s.m.conditions = { ...s.m.conditions, EtcdPodHealthy: 'False', EtcdMemberHealthy: 'False', ...mhc };
    const member = world.members.find((x) => x.name === s.m.nodeName);
    if (member) member.healthy = false;
    electLeaderIfNeeded(world);
  } else {
    s.m.conditions = {
      ...s.m.conditions,
      APIServerPodHealthy: 'Unknown',
      ControllerManagerPodHealthy: 'Unknown',
      SchedulerPodHealthy: 'Unknown',
      EtcdPodHealthy: 'Unknown',
      EtcdMemberHealthy: 'Unknown',
      ...mhc,
    };
  }
}
