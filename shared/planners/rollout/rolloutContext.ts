import { findNewAndOldMachineSets } from './findNewMachineSet';
import { newMachineSetName } from './machineSetName';
import { machineSetStatus } from './machineSetStatus';
import { revisionForNewMachineSet } from './revision';
import type { MachineSetStatus, RolloutMachineSet, RolloutSpec, RolloutState } from './types';

/** A MachineSet as the planner works on it: observed spec and status, or a planned creation. */
export interface PlannedMachineSet {
  name: string;
  revision: number;
  templateHash: string;
  createdAt: string;
  /** spec.replicas as observed (0 for a MachineSet this plan creates) */
  replicas: number;
  status: MachineSetStatus;
  /** the observed MachineSet; undefined when this plan creates it */
  source?: RolloutMachineSet;
}

/**
 * The working state of one planning pass, CAPI's `rolloutPlanner` struct: new and old
 * MachineSets, the scale intents decided so far (spec.replicas per MachineSet name) and notes
 * explaining each decision. Built fresh for every call, so the planner stays a pure function.
 */
export interface RolloutContext {
  spec: RolloutSpec;
  now: string;
  newMS?: PlannedMachineSet;
  oldMSs: PlannedMachineSet[];
  /** why a new MachineSet is created, when `newMS.source` is undefined */
  createReason?: string;
  scaleIntents: Map<string, number>;
  notes: Map<string, string[]>;
  /** what the plan waits for, in words (filled by the steps that hold back) */
  waiting: string[];
  /** RolloutState.samePassSync */
  samePassSync: boolean;
}

export function planned(ms: RolloutMachineSet, spec: RolloutSpec, now: string): PlannedMachineSet {
  return {
    name: ms.name,
    revision: ms.revision,
    templateHash: ms.templateHash,
    createdAt: ms.createdAt,
    replicas: ms.replicas,
    status: machineSetStatus(ms, spec.minReadySeconds, now),
    source: ms,
  };
}

/**
 * rolloutPlanner.init: split new from old MachineSets and, when `createIfMissing` (not while
 * paused), plan a new MachineSet at 0 replicas with the next revision; later steps scale it in
 * the same pass, as CAPI does before its first apply.
 */
export function initRolloutContext(
  state: RolloutState,
  now: string,
  createIfMissing: boolean,
): RolloutContext {
  const { spec } = state;
  const found = findNewAndOldMachineSets(spec, state.machineSets, now);
  const oldMSs = found.oldMSs.map((ms) => planned(ms, spec, now));
  const ctx: RolloutContext = {
    spec,
    now,
    oldMSs,
    scaleIntents: new Map(),
    notes: new Map(),
    waiting: [],
    samePassSync: state.samePassSync === true,
  };
  if (found.newMS) {
    const newMS = planned(found.newMS, spec, now);
    newMS.revision = revisionForNewMachineSet(found.newMS, oldMSs);
    ctx.newMS = newMS;
    if (newMS.revision !== found.newMS.revision) addNote(ctx, newMS, 'this is now the current MachineSet');
    return ctx;
  }
  ctx.createReason = found.createReason;
  if (!createIfMissing) return ctx;
  const revision = revisionForNewMachineSet(undefined, oldMSs);
  ctx.newMS = {
    name: newMachineSetName(spec.name, spec.templateHash, revision),
    revision,
    templateHash: spec.templateHash,
    createdAt: now,
    replicas: 0,
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, deletingReplicas: 0 },
  };
  return ctx;
}

/** spec.replicas after this plan: the scale intent if one was set, else the observed value. */
export function intendedReplicas(ctx: RolloutContext, ms: PlannedMachineSet): number {
  return ctx.scaleIntents.get(ms.name) ?? ms.replicas;
}

export function allMachineSets(ctx: RolloutContext): PlannedMachineSet[] {
  return ctx.newMS ? [...ctx.oldMSs, ctx.newMS] : [...ctx.oldMSs];
}

/** rolloutPlanner.addNotef: one note per distinct message and MachineSet. */
export function addNote(ctx: RolloutContext, ms: PlannedMachineSet, note: string): void {
  const list = ctx.notes.get(ms.name) ?? [];
  if (!list.includes(note)) ctx.notes.set(ms.name, [...list, note]);
}
