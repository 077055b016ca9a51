/**
 * Stacked etcd of a kubeadm cluster: one member per control-plane node, named after the node.
 * `kubeadm init` starts a one-member cluster (that member leads); `kubeadm join --control-plane`
 * adds a member once the node registered (kubeadm adds it as a learner and promotes it; the sim
 * models the end state, a voting member, and keeps `isLearner` for injected faults).
 *
 * A member is healthy while its machine's instance runs and no fault says otherwise. Quorum is a
 * majority of the voting members being healthy; without it there is no leader, and etcd commits
 * nothing (member changes and leader moves fail).
 */
import { drawIndex, drawMemberId } from '../worldRandom';
import { SimError } from '../simError';
import { machineKey, type ClusterRecord, type MachineRecord, type WorldState } from '../worldState';
import { sortedValues, type EtcdMemberRecord } from './workloadState';

export const ETCD_PEER_PORT = 2380;

export interface EtcdQuorum {
  /** etcd exists at all (the cluster was initialised) */
  exists: boolean;
  voting: number;
  healthyVoting: number;
  /** voting/2 + 1 */
  needed: number;
  ok: boolean;
}

export function memberHealthy(state: WorldState, cluster: ClusterRecord, member: EtcdMemberRecord): boolean {
  if (member.faultUnhealthy) return false;
  const machine = state.machines[machineKey(cluster.namespace, cluster.name, member.name)];
  // The etcd process lives on the instance: once the instance is deleting it is shutting down.
  return machine !== undefined && machine.state === 'running';
}

export function etcdQuorum(state: WorldState, cluster: ClusterRecord): EtcdQuorum {
  const members = Object.values(cluster.workload.etcd.members);
  const voting = members.filter((m) => !m.isLearner);
  const healthyVoting = voting.filter((m) => memberHealthy(state, cluster, m)).length;
  const needed = Math.floor(voting.length / 2) + 1;
  const exists = members.length > 0;
  return {
    exists,
    voting: voting.length,
    healthyVoting,
    needed,
    ok: !exists || (voting.length > 0 && healthyVoting >= needed),
  };
}

export function describeQuorumLoss(q: EtcdQuorum): string {
  return `etcd has lost quorum: ${q.healthyVoting} of ${q.voting} voting member(s) healthy, ${q.needed} needed`;
}

/** A member by id, or by name (the node name). */
export function findMember(cluster: ClusterRecord, idOrName: string): EtcdMemberRecord | undefined {
  const members = cluster.workload.etcd.members;
  return members[idOrName] ?? Object.values(members).find((m) => m.name === idOrName);
}

/** kubeadm's part when a control-plane node registers: start etcd (init) or join it. */
export function joinEtcd(
  state: WorldState,
  cluster: ClusterRecord,
  machine: MachineRecord,
  at: number,
): EtcdMemberRecord | undefined {
  const etcd = cluster.workload.etcd;
  const existing = Object.values(etcd.members).find((m) => m.name === machine.name);
  if (existing) return existing; // the node registered again; its member never left
  const isInit = Object.keys(etcd.members).length === 0;
  // `etcdctl member add` is a committed change: without quorum kubeadm join fails at this step.
  if (!isInit && !etcdQuorum(state, cluster).ok) return undefined;
  const member: EtcdMemberRecord = {
    id: drawMemberId(state, (id) => id in etcd.members),
    name: machine.name,
    peerURL: `https://${machine.address}:${ETCD_PEER_PORT}`,
    isLearner: false,
    faultUnhealthy: false,
    addedAt: at,
  };
  etcd.members[member.id] = member;
  if (isInit) etcd.leaderId = member.id;
  return member;
}

/**
 * Raft elects a new leader among the reachable voters after an election timeout once the leader
 * is gone; the sim elects at once, and which voter wins (a race in etcd) is the world's PRNG's pick.
 * Without quorum nobody can win an election: no leader.
 */
export function reconcileEtcdLeader(state: WorldState, cluster: ClusterRecord): void {
  const etcd = cluster.workload.etcd;
  if (!etcdQuorum(state, cluster).ok) {
    delete etcd.leaderId;
    return;
  }
  const leader = etcd.leaderId !== undefined ? etcd.members[etcd.leaderId] : undefined;
  if (leader && !leader.isLearner && memberHealthy(state, cluster, leader)) return;
  const candidates = sortedValues(etcd.members).filter(
    (m) => !m.isLearner && memberHealthy(state, cluster, m),
  );
  if (candidates.length === 0) {
    delete etcd.leaderId;
    return;
  }
  etcd.leaderId = candidates[drawIndex(state, candidates.length)]!.id;
}

function requireQuorum(state: WorldState, cluster: ClusterRecord, what: string): void {
  const q = etcdQuorum(state, cluster);
  if (!q.exists)
    throw SimError.conflict(`${what}: cluster ${cluster.namespace}/${cluster.name} has no etcd yet`);
  if (!q.ok) throw SimError.unavailable(`${what}: etcdserver: request timed out (${describeQuorumLoss(q)})`);
}

/**
 * `etcdctl member remove`. etcd's strict reconfiguration check refuses to remove a voting member
 * when the members left would have fewer started (healthy) voters than their quorum
 * (`IsReadyToRemoveVotingMember`); a learner can always go.
 */
export function removeMember(state: WorldState, cluster: ClusterRecord, id: string): EtcdMemberRecord {
  const etcd = cluster.workload.etcd;
  const member = etcd.members[id];
  if (!member) throw SimError.notFound(`etcdserver: member not found (id ${id})`);
  requireQuorum(state, cluster, `remove etcd member ${member.name} (${id})`);
  if (!member.isLearner) {
    const others = Object.values(etcd.members).filter((m) => !m.isLearner && m.id !== id);
    const started = others.filter((m) => memberHealthy(state, cluster, m)).length;
    if (started < Math.floor(others.length / 2) + 1) {
      throw SimError.conflict(
        `etcdserver: re-configuration failed due to not enough started members ` +
          `(removing ${member.name} would leave ${started} healthy of ${others.length} voting member(s))`,
      );
    }
  }
  delete etcd.members[id];
  if (etcd.leaderId === id) delete etcd.leaderId;
  reconcileEtcdLeader(state, cluster);
  return member;
}

/** `etcdctl move-leader`: only to a healthy voting member; moving to the leader itself is a no-op. */
export function moveLeader(state: WorldState, cluster: ClusterRecord, target: EtcdMemberRecord): void {
  requireQuorum(state, cluster, `move etcd leadership to ${target.name}`);
  const etcd = cluster.workload.etcd;
  if (etcd.leaderId === target.id) return;
  if (target.isLearner) {
    throw SimError.conflict(`etcdserver: bad leader transferee (${target.name} is a learner)`);
  }
  if (!memberHealthy(state, cluster, target)) {
    throw SimError.conflict(
      `etcdserver: request timed out, leader transfer took too long (${target.name} is not healthy)`,
    );
  }
  etcd.leaderId = target.id;
}

/** `etcdctl member promote`: a learner in sync with the leader becomes a voting member. */
export function promoteMember(state: WorldState, cluster: ClusterRecord, member: EtcdMemberRecord): void {
  requireQuorum(state, cluster, `promote etcd member ${member.name}`);
  if (!member.isLearner)
    throw SimError.conflict(`etcdserver: can only promote a learner member (${member.name} votes)`);
  if (!memberHealthy(state, cluster, member)) {
    throw SimError.conflict(
      `etcdserver: can only promote a learner member which is in sync with leader (${member.name} is not healthy)`,
    );
  }
  member.isLearner = false;
}
