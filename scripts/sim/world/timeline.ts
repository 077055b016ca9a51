/**
 * Applies every transition that has come due by `now`, in time order, to the world state. This is
 * the only place where time moves the world; requests call it first and then act on a world that
 * is exactly as it would be at `now`. Order matters: a `kubeadm join` registers only once the
 * `kubeadm init` node has, so events are processed earliest first, and a control-plane node that
 * registers at T wakes the joins that were already waiting for it at T.
 */
import {
  clusterKey,
  machineKey,
  machinesOfCluster,
  touch,
  type ClusterRecord,
  type MachineRecord,
  type WorldState,
} from './worldState';
import { apiServerAnswers, nodeOfMachine, registeredNode } from './nodeLifecycle';
import { readMachineKnobs } from './machineSpec';

type EventKind = 'infraProvisioned' | 'machineProvisioned' | 'nodeRegistration' | 'machineGone' | 'infraGone';

/** Same-instant tie-break: things come up before things that need them, and go away last. */
const KIND_ORDER: Record<EventKind, number> = {
  infraProvisioned: 0,
  machineProvisioned: 1,
  nodeRegistration: 2,
  machineGone: 3,
  infraGone: 4,
};

interface WorldEvent {
  at: number;
  kind: EventKind;
  key: string;
}

const before = (a: WorldEvent, b: WorldEvent): boolean =>
  a.at !== b.at ? a.at < b.at : a.kind !== b.kind ? KIND_ORDER[a.kind] < KIND_ORDER[b.kind] : a.key < b.key;

/** Advances the world to `now`; returns how many transitions were applied. */
export function advanceWorld(state: WorldState, now: number): number {
  const queue = dueEvents(state, now);
  let applied = 0;
  while (queue.length > 0) {
    let first = 0;
    for (let i = 1; i < queue.length; i++) if (before(queue[i]!, queue[first]!)) first = i;
    const event = queue.splice(first, 1)[0]!;
    if (applyEvent(state, event, now, queue)) applied += 1;
  }
  if (now > state.advancedTo) state.advancedTo = now;
  if (applied > 0) touch(state);
  return applied;
}

/** A machine whose kubelet would (still) try to register its node. */
export function wantsNodeRegistration(state: WorldState, machine: MachineRecord): boolean {
  if (machine.state !== 'running' || machine.bootDueAt === undefined) return false;
  if (machine.bootstrap.kind === 'invalid') return false;
  const cluster = state.clusters[clusterKey(machine.namespace, machine.cluster)];
  return cluster !== undefined && nodeOfMachine(cluster, machine) === undefined;
}

/**
 * The earliest instant at which `advanceWorld` would change anything, given no request changes
 * the world before then. Joins waiting for an API server are left out: only a control-plane
 * registration (itself an event here) or a request can release them.
 */
export function nextDueTime(state: WorldState): number {
  let next = Number.POSITIVE_INFINITY;
  for (const c of Object.values(state.clusters)) {
    if (c.state === 'provisioning') next = Math.min(next, c.provisionDueAt);
    if (c.state === 'deleting' && c.goneDueAt !== undefined) next = Math.min(next, c.goneDueAt);
  }
  for (const m of Object.values(state.machines)) {
    if (m.state === 'provisioning') next = Math.min(next, m.provisionDueAt);
    if (m.state === 'deleting' && m.goneDueAt !== undefined) next = Math.min(next, m.goneDueAt);
    if (wantsNodeRegistration(state, m)) {
      const cluster = state.clusters[clusterKey(m.namespace, m.cluster)]!;
      if (m.bootstrap.kind === 'init' || apiServerAnswers(cluster)) next = Math.min(next, m.bootDueAt!);
    }
  }
  return next;
}

function dueEvents(state: WorldState, now: number): WorldEvent[] {
  const events: WorldEvent[] = [];
  for (const [key, c] of Object.entries(state.clusters)) {
    if (c.state === 'provisioning' && c.provisionDueAt <= now)
      events.push({ at: c.provisionDueAt, kind: 'infraProvisioned', key });
    if (c.state === 'deleting' && c.goneDueAt !== undefined && c.goneDueAt <= now)
      events.push({ at: c.goneDueAt, kind: 'infraGone', key });
  }
  for (const [key, m] of Object.entries(state.machines)) {
    if (m.state === 'provisioning' && m.provisionDueAt <= now)
      events.push({ at: m.provisionDueAt, kind: 'machineProvisioned', key });
    if (m.state === 'deleting' && m.goneDueAt !== undefined && m.goneDueAt <= now)
      events.push({ at: m.goneDueAt, kind: 'machineGone', key });
    if (wantsNodeRegistration(state, m) && m.bootDueAt! <= now) {
      // A join that was already waiting re-checks at the last evaluated instant, never earlier:
      // anything before that was already decided against the world as it was then.
      events.push({ at: Math.max(m.bootDueAt!, state.advancedTo), kind: 'nodeRegistration', key });
    }
  }
  return events;
}

function applyEvent(state: WorldState, event: WorldEvent, now: number, queue: WorldEvent[]): boolean {
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
    case 'nodeRegistration':
      return registerNode(state, event, now, queue);
  }
}

function finishProvisioning(state: WorldState, event: WorldEvent, now: number, queue: WorldEvent[]): boolean {
  const m = state.machines[event.key];
  if (!m || m.state !== 'provisioning') return false;
  if (readMachineKnobs(m.infrastructure.spec).failProvisioning) {
    m.state = 'failed';
    m.failureReason =
      'InstanceProvisioningFailed: the infrastructure template asks for a failure (spec.failProvisioning)';
    return true;
  }
  m.state = 'running';
  m.runningAt = event.at;
  m.bootDueAt = event.at + m.bootAfterMs;
  if (wantsNodeRegistration(state, m) && m.bootDueAt <= now) {
    queue.push({ at: m.bootDueAt, kind: 'nodeRegistration', key: event.key });
  }
  return true;
}

function registerNode(state: WorldState, event: WorldEvent, now: number, queue: WorldEvent[]): boolean {
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
  } else if (!apiServerAnswers(cluster)) {
    return false; // kubeadm join keeps retrying; a control-plane registration will wake it
  }
  cluster.nodes[m.name] = registeredNode(m, event.at);
  state.counters.nodeRegistrations += 1;
  if (m.role === 'control-plane') wakeWaitingJoins(state, cluster, event.at, now, queue);
  return true;
}

function wakeWaitingJoins(
  state: WorldState,
  cluster: ClusterRecord,
  at: number,
  now: number,
  queue: WorldEvent[],
): void {
  if (at > now) return;
  for (const other of machinesOfCluster(state, cluster.namespace, cluster.name)) {
    if (other.bootstrap.kind !== 'join' || !wantsNodeRegistration(state, other)) continue;
    if (other.bootDueAt! <= at) {
      queue.push({
        at,
        kind: 'nodeRegistration',
        key: machineKey(other.namespace, other.cluster, other.name),
      });
    }
  }
}
