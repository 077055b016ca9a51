import { isConditionTrue } from './machineFilters';
import type { ControlPlaneMachine, EtcdMember } from './types';

/** The membership change being assessed: add one member, remove one (by member name), or both. */
export interface EtcdTransition {
  addMember: boolean;
  /** name of the member that will be removed (the Node name of its Machine) */
  memberToRemove?: string;
}

export interface EtcdProjection {
  totalMembers: number;
  votingMembers: number;
  learnerMembers: number;
  quorum: number;
  healthy: string[];
  unhealthy: string[];
  safe: boolean;
}

/**
 * Projects the etcd cluster after `transition` and says whether it keeps quorum
 * (`targetEtcdClusterHealthy`, remediation.go; capi-behaviour.md §4.5):
 * - an added member counts as voting and, when the cluster already has more than one member,
 *   as unhealthy (worst case) — otherwise 0→1 and 1→2 would be impossible;
 * - a member without a name is still starting: a learner, and unhealthy;
 * - a member's health is its Machine's EtcdMemberHealthy condition; a member without a Machine
 *   falls back to what etcd reports about it (CAPI: its alarms);
 * - quorum = voting/2 + 1 (integer division); safe iff voting − unhealthy ≥ quorum;
 * - any learner in the target makes it unsafe: KCP waits for the promotion first.
 */
export function projectEtcdCluster(
  machines: readonly ControlPlaneMachine[],
  members: readonly EtcdMember[],
  transition: EtcdTransition,
): EtcdProjection {
  const healthy: string[] = [];
  const unhealthy: string[] = [];
  let total = 0;
  let voting = 0;
  let learners = 0;
  if (transition.addMember) {
    total++;
    voting++;
    if (members.length > 1) unhealthy.push('1 new member (worst case)');
    else healthy.push('1 new member (best case)');
  }
  for (const member of members) {
    if (member.name === '') {
      total++;
      learners++;
      unhealthy.push('1 member starting (worst case)');
      continue;
    }
    if (member.name === transition.memberToRemove) continue;
    total++;
    if (member.isLearner) learners++;
    else voting++;
    const machine = machines.find((m) => m.nodeName === member.name);
    if (!machine) {
      (member.healthy ? healthy : unhealthy).push(`${member.name} (no machine)`);
      continue;
    }
    (isConditionTrue(machine, 'EtcdMemberHealthy') ? healthy : unhealthy).push(
      `${member.name} (${machine.name})`,
    );
  }
  const quorum = Math.floor(voting / 2) + 1;
  const safe = learners === 0 && voting - unhealthy.length >= quorum;
  return {
    totalMembers: total,
    votingMembers: voting,
    learnerMembers: learners,
    quorum,
    healthy,
    unhealthy,
    safe,
  };
}

export function isEtcdQuorumSafe(
  machines: readonly ControlPlaneMachine[],
  members: readonly EtcdMember[],
  transition: EtcdTransition,
): boolean {
  return projectEtcdCluster(machines, members, transition).safe;
}

/** "3 voting members, quorum 2, unhealthy: cp-2 (m2)" — for reasons and conditions. */
export function describeEtcdProjection(p: EtcdProjection): string {
  const parts = [`${p.votingMembers} voting member(s), quorum ${p.quorum}`];
  if (p.learnerMembers > 0) parts.push(`${p.learnerMembers} learner(s)`);
  parts.push(p.unhealthy.length > 0 ? `unhealthy: ${p.unhealthy.join(', ')}` : 'all healthy');
  return parts.join('; ');
}

/** The etcd member hosted on a Machine: same name as its Node (`tryGetEtcdMemberName`). */
export function etcdMemberOf(
  m: ControlPlaneMachine,
  members: readonly EtcdMember[] | undefined,
): EtcdMember | undefined {
  if (!m.nodeName || !members) return undefined;
  return members.find((member) => member.name === m.nodeName);
}
