import { KCP_PRE_TERMINATE_HOOK } from '../../../../shared/planners/controlPlane';
import type { ControlPlaneIntent } from '../../../../shared/planners/controlPlane';
import { electLeaderIfNeeded, timeAt, type SimMachine, type World } from './simWorld';

/**
 * Applies one planner intent to the world, the way the control-plane workflow will: each intent
 * is one activity. Throws when an intent does not fit the world it was planned for (a planner
 * bug the driver must surface, never paper over).
 */
export function applyIntent(world: World, intent: ControlPlaneIntent): void {
  const now = timeAt(world.tick);
  switch (intent.type) {
    case 'createMachine': {
      const name = `${world.spec.name}-${world.nextMachineIndex++}`;
      world.machines.push({
        m: {
          name,
          version: world.spec.version,
          templateHash: world.spec.templateHash,
          createdAt: now,
          ...(intent.failureDomain ? { failureDomain: intent.failureDomain } : {}),
          annotations: { [KCP_PRE_TERMINATE_HOOK]: '' },
          conditions: {},
          ...(intent.remediationFor ? { remediationFor: intent.remediationFor } : {}),
        },
        createdTick: world.tick,
        createdByPlanner: true,
        healthyOnce: false,
        neverGetsNode: world.newMachinesNeverGetANode,
      });
      if (intent.remediationFor) delete world.remediationInProgress;
      return;
    }
    case 'forwardEtcdLeadership': {
      const from = memberOf(world, intent.from);
      const to = memberOf(world, intent.to);
      if (!from.isLeader) throw new Error(`forwardEtcdLeadership: ${intent.from} does not lead etcd`);
      if (to.isLearner || !to.healthy) throw new Error(`forwardEtcdLeadership: ${intent.to} cannot lead`);
      from.isLeader = false;
      to.isLeader = true;
      return;
    }
    case 'deleteMachine':
      requestDeletion(world, machine(world, intent.name));
      return;
    case 'markRemediation': {
      const s = machine(world, intent.machine);
      world.remediationInProgress = intent.record;
      world.lastRemediation = intent.record;
      requestDeletion(world, s);
      return;
    }
    case 'removeEtcdMember': {
      const member = world.members.find((m) => m.id === intent.memberId);
      if (!member) throw new Error(`removeEtcdMember: no member ${intent.memberId}`);
      world.members = world.members.filter((m) => m !== member);
      electLeaderIfNeeded(world);
      return;
    }
    case 'removePreTerminateHook': {
      const s = machine(world, intent.machine);
      if (!s.m.deletionRequestedAt)
        throw new Error(`removePreTerminateHook: ${intent.machine} is not being deleted`);
      delete s.m.annotations[KCP_PRE_TERMINATE_HOOK];
      s.hookRemovedTick = world.tick;
      return;
    }
    case 'wait':
    case 'none':
      return;
  }
}

function machine(world: World, name: string): SimMachine {
  const s = world.machines.find((x) => x.m.name === name);
  if (!s) throw new Error(`no Machine ${name}`);
  return s;
}

function memberOf(world: World, machineName: string) {
  const s = machine(world, machineName);
  const member = world.members.find((m) => m.name === s.m.nodeName);
  if (!member) throw new Error(`Machine ${machineName} has no etcd member`);
  return member;
}

function requestDeletion(world: World, s: SimMachine): void {
  if (s.m.deletionRequestedAt) throw new Error(`Machine ${s.m.name} is already being deleted`);
  s.m.deletionRequestedAt = timeAt(world.tick);
  s.deletionTick = world.tick;
}
