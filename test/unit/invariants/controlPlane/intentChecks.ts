import type { ControlPlaneIntent } from '../../../../shared/planners/controlPlane';
import type { World } from '../../planners/controlPlane/simWorld';
import { violation, type Violation } from '../violation';

/**
 * Checks of an intent against the world it was planned for, before it is applied:
 * - the pre-terminate hook is released only on a drained Machine, and (unless it is the last
 *   Machine) only after its etcd member is gone — a member left behind would count against
 *   quorum once the Machine dies;
 * - a member is removed only for a drained deleting Machine, or when no Machine owns it;
 * - a Machine is deleted (scale-down, rollout or remediation) and a member removed only once
 *   etcd leadership moved elsewhere, unless no other Machine could take it;
 * - a new Machine goes into the control-plane failure domain with the fewest up-to-date
 *   Machines, never into a workers-only one;
 * - remediation: see remediationViolations.
 */
export function intentViolations(world: World, intent: ControlPlaneIntent): Violation[] {
  switch (intent.type) {
    case 'createMachine':
      return placementViolations(world, intent.failureDomain);
    case 'deleteMachine':
      return leads(world, intent.name)
        ? [violation('deletes-leader', `deleting ${intent.name} while its member leads etcd`)]
        : [];
    case 'removePreTerminateHook': {
      const s = machineOf(world, intent.machine);
      if (!s?.m.deletionRequestedAt || !s.m.waitingForPreTerminateHook)
        return [violation('hook-before-drain', `releasing ${intent.machine} before it was drained`)];
      if (world.machines.length > 1 && memberOf(world, intent.machine)) {
        return [
          violation(
            'member-left-behind',
            `releasing ${intent.machine} while its etcd member still exists (${world.machines.length} Machines)`,
          ),
        ];
      }
      return [];
    }
    case 'removeEtcdMember': {
      const owner = world.machines.find((s) => s.m.nodeName === intent.memberName);
      if (!owner) return [];
      const out: Violation[] = [];
      if (leads(world, owner.m.name))
        out.push(
          violation('deletes-leader', `removing the etcd member of ${owner.m.name} while it leads etcd`),
        );
      if (!owner.m.deletionRequestedAt || !owner.m.waitingForPreTerminateHook) {
        out.push(
          violation(
            'member-removed-before-drain',
            `removing the etcd member of ${owner.m.name}, which is not a drained deleting Machine`,
          ),
        );
      }
      return out;
    }
    case 'markRemediation':
      return remediationViolations(world, intent.machine);
    default:
      return [];
  }
}

const quorumOf = (voting: number) => Math.floor(voting / 2) + 1;
const machineOf = (world: World, name: string) => world.machines.find((s) => s.m.name === name);

function memberOf(world: World, name: string) {
  const node = machineOf(world, name)?.m.nodeName;
  return node === undefined ? undefined : world.members.find((m) => m.name === node);
}

/**
 * The Machine's member leads etcd and another could take over: a healthy voting member on a
 * Machine that has a Node and is not being deleted (KCP's leadership candidates).
 */
function leads(world: World, name: string): boolean {
  const member = memberOf(world, name);
  if (!member?.isLeader) return false;
  return world.members.some((x) => {
    if (x === member || !x.healthy || x.isLearner) return false;
    const host = world.machines.find((s) => s.m.nodeName === x.name);
    return host !== undefined && !host.m.deletionRequestedAt;
  });
}

/** `NextFailureDomainForScaleUp`: a control-plane domain, the one with the fewest up-to-date Machines. */
function placementViolations(world: World, fd: string | undefined): Violation[] {
  const domains = world.failureDomains.filter((d) => d.controlPlane).map((d) => d.name);
  if (domains.length > 0 ? fd === undefined || !domains.includes(fd) : fd !== undefined) {
    return [
      violation(
        'failure-domain',
        `new Machine placed in ${fd ?? 'no failure domain'}; control-plane failure domains: ${domains.join(', ') || 'none'}`,
      ),
    ];
  }
  if (fd === undefined) return [];
  const { version, templateHash } = world.spec;
  const upToDate = (d: string) =>
    world.machines.filter(
      (s) =>
        s.m.failureDomain === d &&
        !s.m.deletionRequestedAt &&
        s.m.version === version &&
        s.m.templateHash === templateHash,
    ).length;
  const fewest = Math.min(...domains.map(upToDate));
  if (upToDate(fd) <= fewest) return [];
  const emptiest = domains.find((d) => upToDate(d) === fewest);
  return [
    violation(
      'failure-domain',
      `new Machine placed in ${fd} with ${upToDate(fd)} up-to-date Machines; ${emptiest} has ${fewest}`,
    ),
  ];
}

/**
 * Remediation, once the control plane is initialized (before, KCP replaces a failed first
 * Machine without checks): never of the only Machine (CAPI counts Machines, not spec.replicas:
 * 1 replica mid-upgrade has 2 Machines and may remediate), never while a new healthy Machine
 * still waits for its Node, never of the etcd leader, and never when losing the victim's member
 * would lose quorum. Quorum is judged on the world's truth, which is laxer than KCP's view (a
 * kubelet-down Machine's member is fine here, unknown to KCP), so a planner bug cannot hide
 * behind KCP's own bookkeeping.
 */
function remediationViolations(world: World, victim: string): Violation[] {
  if (!world.initialized) return [];
  if (world.machines.length <= 1)
    return [violation('remediation-single-machine', `remediating ${victim}, the only Machine`)];
  const out: Violation[] = [];
  if (leads(world, victim))
    out.push(violation('deletes-leader', `remediating ${victim} while its member leads etcd`));
  const provisioning = world.machines.find(
    (s) =>
      s.createdByPlanner &&
      !s.healthyOnce &&
      !s.m.nodeName &&
      s.m.name !== victim &&
      s.m.conditions.HealthCheckSucceeded !== 'False',
  );
  if (provisioning) {
    out.push(
      violation(
        'remediation-during-provisioning',
        `remediating ${victim} while ${provisioning.m.name} is still waiting for its Node`,
      ),
    );
  }
  const member = memberOf(world, victim);
  const rest = world.members.filter((m) => !m.isLearner && m !== member);
  const healthy = rest.filter((m) => m.healthy).length;
  if (rest.length > 0 && healthy < quorumOf(rest.length)) {
    out.push(
      violation(
        'remediation-loses-quorum',
        `remediating ${victim} leaves ${healthy} healthy of ${rest.length} voting members (quorum ${quorumOf(rest.length)})`,
      ),
    );
  }
  return out;
}
