import type { ControlPlaneIntent } from '../../../../shared/planners/controlPlane';
import type { World } from '../../planners/controlPlane/simWorld';
import { violation, type Violation } from '../violation';
import { takeVanished, type Ledger } from './ledger';

/**
 * The control-plane invariants, each a pure check over the simulated world (and the ledger of
 * what was seen before). `worldViolations` runs after every step — world tick and applied
 * intent alike; `intentViolations` looks at an intent against the world it was planned for,
 * before it is applied (intentChecks.ts).
 */

const quorumOf = (voting: number) => Math.floor(voting / 2) + 1;

/**
 * etcd keeps quorum: healthy voting members ≥ voting/2 + 1. Faults alone never break it (the
 * injector refuses such a fault), so a loss here is the planner's doing.
 */
export function quorumViolation(world: World): Violation | undefined {
  const voting = world.members.filter((m) => !m.isLearner);
  const healthy = voting.filter((m) => m.healthy).length;
  if (voting.length === 0 || healthy >= quorumOf(voting.length)) return undefined;
  return violation(
    'etcd-quorum',
    `${healthy} healthy of ${voting.length} voting etcd members, quorum is ${quorumOf(voting.length)}`,
  );
}

/**
 * Voting members never above replicas + 1 (KCP's maxSurge is at most 1). "replicas" is exact,
 * not the spec of the moment: a member joins several ticks after the planner created its
 * Machine, and a scale-down may land in between. The planner could only know the spec at
 * creation time, so when a member joins the bound is 1 + max(replicas when its Machine was
 * created, replicas now). Between joins the count can only fall, so checking at joins suffices;
 * after a scale-down the count may sit above the new bound until the planner has removed the
 * surplus, which is what "max of old and new" allows.
 */
export function votingBoundViolation(world: World, ledger: Ledger): Violation | undefined {
  const voting = world.members.filter((m) => !m.isLearner);
  for (const member of voting) {
    if (ledger.votingMembers.has(member.name)) continue;
    const createdUnder = ledger.machines.get(member.name)?.replicasAtCreation ?? world.spec.replicas;
    const bound = 1 + Math.max(createdUnder, world.spec.replicas);
    if (voting.length > bound) {
      return violation(
        'voting-members-bound',
        `${member.name} joined etcd as voting member #${voting.length}, above 1 + max(replicas at its creation ${createdUnder}, replicas now ${world.spec.replicas}) = ${bound}`,
      );
    }
  }
  return undefined;
}

/**
 * Rollout and scale-up create a Machine only while fewer than replicas + maxSurge exist,
 * deleting ones included (KCP's rollingUpdate). Checked right after a createMachine.
 */
export function machinesBoundViolation(world: World, applied: ControlPlaneIntent): Violation | undefined {
  if (applied.type !== 'createMachine') return undefined;
  const { replicas, rollout } = world.spec;
  const bound = replicas + rollout.maxSurge;
  if (world.machines.length <= bound) return undefined;
  return violation(
    'machines-bound',
    `createMachine made ${world.machines.length} Machines, above replicas ${replicas} + maxSurge ${rollout.maxSurge}`,
  );
}

/**
 * One operation at a time. In flight are Machines being deleted and Machines the planner
 * created that have not become healthy yet (the golden driver's definition). At most one
 * deletion and at most one creation; both at once only when the deletion is a remediation:
 * KCP's remediation preconditions only ask that no healthy Machine lacks a Node
 * (`HasHealthyMachineStillProvisioning`), so CAPI itself remediates while a new Machine that
 * already has its Node is still joining etcd. `intentViolations` checks that Node part.
 */
export function inFlightViolation(world: World, ledger: Ledger): Violation | undefined {
  const deleting = world.machines.filter((s) => s.m.deletionRequestedAt);
  const creating = world.machines.filter(
    (s) => s.createdByPlanner && !s.healthyOnce && !s.m.deletionRequestedAt,
  );
  const names = [...deleting, ...creating].map((s) => s.m.name).join(', ');
  const remediation = deleting.length === 1 && ledger.machines.get(deleting[0]!.m.name)?.remediated;
  if (deleting.length > 1 || creating.length > 1 || (deleting.length + creating.length > 1 && !remediation)) {
    return violation(
      'one-operation-in-flight',
      `${deleting.length} deletion(s) and ${creating.length} creation(s) in flight: ${names}`,
    );
  }
  return undefined;
}

/**
 * A Machine only disappears after deletion was requested, the Machine controller drained it
 * (it stopped at the pre-terminate hook) and KCP released the hook — in that order.
 */
export function deletionOrderViolations(world: World, ledger: Ledger): Violation[] {
  const out: Violation[] = [];
  for (const [name, r] of takeVanished(ledger, world)) {
    if (!r.deletionSeen || !r.drainedSeen || !r.hookRemovedSeen) {
      out.push(
        violation(
          'deleted-without-drain',
          `Machine ${name} is gone; seen: deletion requested ${r.deletionSeen}, drained ${r.drainedSeen}, hook removed ${r.hookRemovedSeen}`,
        ),
      );
    }
  }
  return out;
}

export function worldViolations(world: World, ledger: Ledger, applied?: ControlPlaneIntent): Violation[] {
  return [
    quorumViolation(world),
    votingBoundViolation(world, ledger),
    applied ? machinesBoundViolation(world, applied) : undefined,
    inFlightViolation(world, ledger),
    ...deletionOrderViolations(world, ledger),
  ].filter((v): v is Violation => v !== undefined);
}
