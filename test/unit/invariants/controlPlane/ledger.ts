import type { World } from '../../planners/controlPlane/simWorld';

/**
 * What the checks must remember across steps that the world itself forgets: the spec replicas
 * each Machine was created under, the deletion stages each Machine was seen in (a Machine that
 * is gone can no longer be asked), and the etcd members of the previous step (to see joins).
 */
export interface MachineRecord {
  /** spec.replicas when the Machine was created (for the initial ones: the initial spec) */
  replicasAtCreation: number;
  deletionSeen: boolean;
  /** the Machine controller reported drain done (stopped at the pre-terminate hook) */
  drainedSeen: boolean;
  hookRemovedSeen: boolean;
  /** deleted by markRemediation (rather than by a scale-down or rollout) */
  remediated: boolean;
}

export interface Ledger {
  machines: Map<string, MachineRecord>;
  /** names of the voting members at the previous step */
  votingMembers: Set<string>;
}

export function newLedger(world: World): Ledger {
  const ledger: Ledger = { machines: new Map(), votingMembers: new Set() };
  for (const s of world.machines) recordCreation(ledger, s.m.name, world.spec.replicas);
  remember(ledger, world);
  return ledger;
}

export function recordCreation(ledger: Ledger, name: string, replicas: number): void {
  ledger.machines.set(name, {
    replicasAtCreation: replicas,
    deletionSeen: false,
    drainedSeen: false,
    hookRemovedSeen: false,
    remediated: false,
  });
}

/** Notes the stages every live Machine has reached and the current voting members. */
export function remember(ledger: Ledger, world: World): void {
  for (const s of world.machines) {
    const r = ledger.machines.get(s.m.name);
    if (!r) continue;
    if (s.m.deletionRequestedAt) r.deletionSeen = true;
    if (s.m.waitingForPreTerminateHook) r.drainedSeen = true;
    if (s.hookRemovedTick !== undefined) r.hookRemovedSeen = true;
  }
  ledger.votingMembers = new Set(world.members.filter((m) => !m.isLearner).map((m) => m.name));
}

/** Machines the ledger knows that the world no longer has; they are forgotten once returned. */
export function takeVanished(ledger: Ledger, world: World): [string, MachineRecord][] {
  const live = new Set(world.machines.map((s) => s.m.name));
  const gone = [...ledger.machines.entries()].filter(([name]) => !live.has(name));
  for (const [name] of gone) ledger.machines.delete(name);
  return gone;
}

export function recordRemediation(ledger: Ledger, name: string): void {
  const r = ledger.machines.get(name);
  if (r) r.remediated = true;
}
