/**
 * Applies every transition that has come due by `now`, in time order, to the world state. This is
 * the only place where time moves the world; requests call it first and then act on a world that
 * is exactly as it would be at `now`. Order matters: a `kubeadm join` registers only once the
 * `kubeadm init` node has, so events are processed earliest first, and a transition at T that lets
 * the API server answer (a control-plane node registering, an outage ending) wakes the joins that
 * were already waiting for it at T.
 *
 * After each transition the cluster it belongs to settles (workload/settle.ts: its controllers
 * run at that instant), and whatever that schedules at or before `now` joins the queue.
 */
import type { OpContext } from './opContext';
import {
  clusterKey,
  machineKey,
  machinesOfCluster,
  type ClusterRecord,
  type MachineRecord,
  type WorldState,
  touch,
} from './worldState';
import { nodeOfMachine, registeredNode } from './nodeLifecycle';
import { readMachineKnobs } from './machineSpec';
import { finishReboot } from './reboot';
import { joinsCanReachApiServer } from './workload/apiServer';
import { joinTokenProblem } from './bootstrapTokens';
import { joinEtcd } from './workload/etcd';
import { settleCluster } from './workload/settle';
import {
  applyWorkloadEvent,
  nextWorkloadDueTime,
  scheduledWorkloadEvents,
  type WorkloadEventKind,
} from './workload/workloadEvents';

type MachineEventKind =
  | 'infraProvisioned'
  | 'machineProvisioned'
  | 'machineRebooted'
  | 'nodeRegistration'
  | 'machineGone'
  | 'infraGone';
type EventKind = MachineEventKind | WorkloadEventKind;

/** Same-instant tie-break: things come up before things that need them, and go away last. */
const KIND_ORDER: Record<EventKind, number> = {
  infraProvisioned: 0,
  machineProvisioned: 1,
  machineRebooted: 2,
  scheduledFault: 3,
  faultExpired: 4,
  nodeRegistration: 5,
  podStarted: 6,
  podCompleted: 7,
  podTerminated: 8,
  taintEviction: 9,
  volumeDetached: 10,
  machineGone: 11,
  infraGone: 12,
};

interface WorldEvent {
  at: number;
  kind: EventKind;
  /** the cluster the event belongs to */
  cluster: string;
  /** the record's key: a machine key, the cluster key, or a key inside the cluster's workload */
  key: string;
}

const before = (a: WorldEvent, b: WorldEvent): boolean =>
  a.at !== b.at
    ? a.at < b.at
    : a.kind !== b.kind
      ? KIND_ORDER[a.kind] < KIND_ORDER[b.kind]
      : a.cluster !== b.cluster
        ? a.cluster < b.cluster
        : a.key < b.key;

/** Pending events of one advance; an event is queued at most once, so no transition can loop. */
class EventQueue {
  private readonly events: WorldEvent[] = [];
  private readonly seen = new Set<string>();

  push(event: WorldEvent): void {
    const id = `${event.kind}|${event.cluster}|${event.key}|${event.at}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.events.push(event);
  }

  popEarliest(): WorldEvent | undefined {
    if (this.events.length === 0) return undefined;
    let first = 0;
    for (let i = 1; i < this.events.length; i++) if (before(this.events[i]!, this.events[first]!)) first = i;
    return this.events.splice(first, 1)[0];
  }
}

/** Advances the world to `ctx.now`; returns how many transitions were applied. */
export function advanceWorld(state: WorldState, ctx: OpContext): number {
  const now = ctx.now;
  const queue = new EventQueue();
  for (const event of dueEvents(state, now)) queue.push(event);
  let applied = 0;
  for (let event = queue.popEarliest(); event; event = queue.popEarliest()) {
    if (!applyEvent(state, event, { ...ctx, now: event.at }, now, queue)) continue;
    applied += 1;
    const cluster = state.clusters[event.cluster];
    if (cluster) afterTransition(state, cluster, event, ctx, queue);
  }
  if (now > state.advancedTo) state.advancedTo = now;
  if (applied > 0) touch(state);
  return applied;
}

/** The cluster settles at the event's instant; what that makes due by `now` is queued. */
function afterTransition(
  state: WorldState,
  cluster: ClusterRecord,
  event: WorldEvent,
  ctx: OpContext,
  queue: EventQueue,
): void {
  settleCluster(state, cluster, { ...ctx, now: event.at });
  const ckey = clusterKey(cluster.namespace, cluster.name);
  for (const e of scheduledWorkloadEvents(cluster)) {
    if (e.at <= ctx.now) queue.push({ ...e, cluster: ckey });
  }
  // Only a control-plane node coming up (registering, or booting again) or a fault recovering can
  // let the API server answer again.
  if (event.kind === 'nodeRegistration' || event.kind === 'faultExpired' || event.kind === 'machineRebooted') {
    wakeWaitingJoins(state, cluster, event.at, queue);
  }
}

/** A machine whose kubelet would (still) try to register its node (not while it is power-cycled). */
export function wantsNodeRegistration(state: WorldState, machine: MachineRecord): boolean {
  if (machine.state !== 'running' || machine.bootDueAt === undefined) return false;
  if (machine.rebootDueAt !== undefined) return false;
  if (machine.bootstrap.kind === 'invalid') return false;
  const cluster = state.clusters[clusterKey(machine.namespace, machine.cluster)];
  return cluster !== undefined && nodeOfMachine(cluster, machine) === undefined;
}

/**
 * The earliest instant at which `advanceWorld` would change anything, given no request changes
 * the world before then. Joins waiting for an API server are left out: only another transition
 * (itself counted here) or a request can release them.
 */
export function nextDueTime(state: WorldState): number {
  let next = Number.POSITIVE_INFINITY;
  for (const c of Object.values(state.clusters)) {
    if (c.state === 'provisioning') next = Math.min(next, c.provisionDueAt);
    if (c.state === 'deleting' && c.goneDueAt !== undefined) next = Math.min(next, c.goneDueAt);
    next = Math.min(next, nextWorkloadDueTime(c));
  }
  for (const m of Object.values(state.machines)) {
    if (m.state === 'provisioning') next = Math.min(next, m.provisionDueAt);
    if (m.state === 'deleting' && m.goneDueAt !== undefined) next = Math.min(next, m.goneDueAt);
    if (m.state === 'running' && m.rebootDueAt !== undefined) next = Math.min(next, m.rebootDueAt);
    if (wantsNodeRegistration(state, m)) {
      const cluster = state.clusters[clusterKey(m.namespace, m.cluster)]!;
      if (
        m.bootstrap.kind === 'init' ||
        joinsCanReachApiServer(state, cluster, Math.max(state.advancedTo, m.bootDueAt!))
      ) {
        next = Math.min(next, m.bootDueAt!);
      }
    }
  }
  return next;
}

function dueEvents(state: WorldState, now: number): WorldEvent[] {
  const events: WorldEvent[] = [];
  for (const [key, c] of Object.entries(state.clusters)) {
    if (c.state === 'provisioning' && c.provisionDueAt <= now)
      events.push({ at: c.provisionDueAt, kind: 'infraProvisioned', cluster: key, key });
    if (c.state === 'deleting' && c.goneDueAt !== undefined && c.goneDueAt <= now)
      events.push({ at: c.goneDueAt, kind: 'infraGone', cluster: key, key });
    for (const e of scheduledWorkloadEvents(c)) if (e.at <= now) events.push({ ...e, cluster: key });
  }
  for (const [key, m] of Object.entries(state.machines)) {
    const cluster = clusterKey(m.namespace, m.cluster);
    if (m.state === 'provisioning' && m.provisionDueAt <= now)
      events.push({ at: m.provisionDueAt, kind: 'machineProvisioned', cluster, key });
    if (m.state === 'deleting' && m.goneDueAt !== undefined && m.goneDueAt <= now)
      events.push({ at: m.goneDueAt, kind: 'machineGone', cluster, key });
    if (m.state === 'running' && m.rebootDueAt !== undefined && m.rebootDueAt <= now)
      events.push({ at: m.rebootDueAt, kind: 'machineRebooted', cluster, key });
    if (wantsNodeRegistration(state, m) && m.bootDueAt! <= now) {
      // A join that was already waiting re-checks at the last evaluated instant, never earlier:
      // anything before that was already decided against the world as it was then.
      events.push({ at: Math.max(m.bootDueAt!, state.advancedTo), kind: 'nodeRegistration', cluster, key });
    }
  }
  return events;
}

function applyEvent(
  state: WorldState,
  event: WorldEvent,
  ctx: OpContext,
  now: number,
  queue: EventQueue,
): boolean {
  switch (event.kind) {
    case 'infraProvisioned': {
      const c = state.clusters[event.key];
      if (!c || c.state !== 'provisioning') return false;
      c.state = 'provisioned';
      c.provisionedAt = event.at;
      return true;
    }
    case 'infraGone':
      // Nodes go with the infrastructure: the workload cluster's API server lived on it.
      if (!(event.key in state.clusters)) return false;
      delete state.clusters[event.key];
      return true;
    case 'machineProvisioned':
      return finishProvisioning(state, event, now, queue);
    case 'machineGone':
      if (!(event.key in state.machines)) return false;
      delete state.machines[event.key];
      return true;
    case 'machineRebooted': {
      const m = state.machines[event.key];
      if (!m || !finishReboot(state, m, event.at)) return false;
      // Its Node was deleted during the cycle: the kubelet registers it again at once.
      if (wantsNodeRegistration(state, m) && m.bootDueAt! <= now)
        queue.push({ at: m.bootDueAt!, kind: 'nodeRegistration', cluster: event.cluster, key: event.key });
      return true;
    }
    case 'nodeRegistration':
      return registerNode(state, event);
    default: {
      const cluster = state.clusters[event.cluster];
      return cluster !== undefined && applyWorkloadEvent(state, cluster, { ...event, kind: event.kind }, ctx);
    }
  }
}

function finishProvisioning(state: WorldState, event: WorldEvent, now: number, queue: EventQueue): boolean {
  const m = state.machines[event.key];
  if (!m || m.state !== 'provisioning') return false;
  if (m.injectedFailure !== undefined || readMachineKnobs(m.infrastructure.spec).failProvisioning) {
    m.state = 'failed';
    m.failureReason =
      m.injectedFailure ??
      'InstanceProvisioningFailed: the infrastructure template asks for a failure (spec.failProvisioning)';
    return true;
  }
  m.state = 'running';
  m.runningAt = event.at;
  m.bootDueAt = event.at + m.bootAfterMs;
  if (wantsNodeRegistration(state, m) && m.bootDueAt <= now) {
    queue.push({ at: m.bootDueAt, kind: 'nodeRegistration', cluster: event.cluster, key: event.key });
  }
  return true;
}

function registerNode(state: WorldState, event: WorldEvent): boolean {
  const m = state.machines[event.key];
  if (!m || !wantsNodeRegistration(state, m)) return false;
  const cluster = state.clusters[clusterKey(m.namespace, m.cluster)]!;
  if (m.bootstrap.kind === 'init') {
    if (cluster.initializedBy !== undefined && cluster.initializedBy !== m.name) {
      // Two inits means the init lock failed: the second one built a cluster of its own.
      m.bootstrap = {
        ...m.bootstrap,
        kind: 'invalid',
        problem: `\`kubeadm init\` ran after ${cluster.initializedBy} had initialised the cluster: this machine formed a separate cluster`,
      };
      return true;
    }
    cluster.initializedBy = m.name;
  } else if (!joinsCanReachApiServer(state, cluster, event.at)) {
    return false; // kubeadm join keeps retrying; a transition that brings the API server back wakes it
  } else {
    const problem = joinTokenProblem(cluster, m.bootstrap.tokenId, m.bootstrap.tokenSha256, event.at);
    if (problem) {
      // kubeadm's discovery gives up: the machine runs, its node never registers
      m.bootstrap = { ...m.bootstrap, kind: 'invalid', problem };
      return true;
    }
  }
  cluster.nodes[m.name] = registeredNode(m, event.at);
  state.counters.nodeRegistrations += 1;
  // kubeadm's control-plane phases run after the kubelet registered: etcd member add comes last.
  if (m.role === 'control-plane') joinEtcd(state, cluster, m, event.at);
  return true;
}

/** Joins that were waiting for the API server register at `at` if it answers now. */
function wakeWaitingJoins(state: WorldState, cluster: ClusterRecord, at: number, queue: EventQueue): void {
  if (!joinsCanReachApiServer(state, cluster, at)) return;
  const ckey = clusterKey(cluster.namespace, cluster.name);
  for (const other of machinesOfCluster(state, cluster.namespace, cluster.name)) {
    if (other.bootstrap.kind !== 'join' || !wantsNodeRegistration(state, other)) continue;
    if (other.bootDueAt! <= at) {
      queue.push({
        at,
        kind: 'nodeRegistration',
        cluster: ckey,
        key: machineKey(other.namespace, other.cluster, other.name),
      });
    }
  }
}
