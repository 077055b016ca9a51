import { DEADLOCK_BREAKER_NOTE } from '../../../../shared/planners/rollout/deadlockBreaker';
import { maxSurgeOf, minAvailableOf } from '../../../../shared/planners/rollout/fenceposts';
import { isMachineAvailable, nextAvailabilityAt } from '../../../../shared/planners/rollout/machineSetStatus';
import { nextRolloutWakeAt } from '../../../../shared/planners/rollout/nextWakeAt';
import { planMachineSetSync } from '../../../../shared/planners/rollout/planMachineSetSync';
import { planRollout } from '../../../../shared/planners/rollout/planRollout';
import type {
  RolloutIntent,
  RolloutMachine,
  RolloutMachineSet,
  RolloutPlan,
  RolloutSpec,
  RolloutState,
} from '../../../../shared/planners/rollout/types';

/**
 * A tiny, pure, in-memory world for whole rollouts: the MachineDeployment planner and the
 * MachineSet sync run once per tick against machines that are created Pending, become Ready a
 * few ticks later (unless their template is broken), and disappear a few ticks after deletion.
 * Everything is derived from tick numbers, so a run is deterministic and replays byte for byte.
 */

export interface SimMachine {
  name: string;
  createdTick: number;
  readyTick?: number;
  deletingTick?: number;
  /** stamped from a broken template: never becomes Ready */
  neverReady?: boolean;
  /** Node went NotReady: reported as phase Failed, not Ready */
  unhealthy?: boolean;
}

export interface SimMachineSet extends Omit<RolloutMachineSet, 'machines'> {
  machines: SimMachine[];
  /** next machine index, for deterministic names */
  nextMachine: number;
}

export interface SimModel {
  spec: RolloutSpec;
  machineSets: SimMachineSet[];
}

export type SimEvent =
  | { at: number; kind: 'spec'; patch: Partial<RolloutSpec>; label: string }
  /** a person deletes one machine of the oldest old MachineSet (OnDelete) */
  | { at: number; kind: 'userDeletesOldMachine' }
  | { at: number; kind: 'machinesTurnUnhealthy'; machineSet: string; count: number };

export interface SimOptions {
  readyAfterTicks: number;
  deleteAfterTicks: number;
  /** template hashes whose machines never become Ready */
  brokenTemplates?: string[];
  /** single machines (by name) that never become Ready, e.g. a random pick of them */
  neverReady?: (machineName: string) => boolean;
  tickSeconds?: number;
  maxTicks?: number;
  start?: string;
  /** plan as the MachineDeployment workflow does (RolloutState.samePassSync) */
  samePassSync?: boolean;
  /** extra ticks before a machine (by name) becomes Ready: reports of one wave one by one */
  readyJitter?: (machineName: string) => number;
}

export interface SimStep {
  t: number;
  line: string;
  reasons: string[];
  replicas: number;
  /** replicas + maxSurge of the spec in force at this step */
  maxTotal: number;
  minAvailable: number;
  /** machines that exist after the step, deleting ones included */
  total: number;
  /** machines the MachineSets created in this step */
  created: number;
  /** Σ MachineSet spec.replicas after the planners */
  specTotal: number;
  /** machines not being deleted, before and after the planners */
  liveBefore: number;
  liveAfter: number;
  /** the spec in force at this step */
  spec: RolloutSpec;
  /** what planRollout decided in this step */
  intents: RolloutIntent[];
  /** available after events and machine lifecycle, before the planners acted */
  availableBefore: number;
  /** available after the planners' deletions */
  availableAfter: number;
  deadlockBreaker: boolean;
}

export interface SimResult {
  steps: SimStep[];
  transcript: string;
  final: SimModel;
  outcome: 'converged' | 'stalled' | 'out of ticks';
}

const DEFAULT_START = '2026-03-01T00:00:00.000Z';

function clone(model: SimModel): SimModel {
  return JSON.parse(JSON.stringify(model)) as SimModel;
}

/** The steady state before a rollout: one MachineSet, every machine Ready long ago. */
export function steadyModel(
  spec: RolloutSpec,
  options: { start?: string; unhealthy?: number } = {},
): SimModel {
  const start = Date.parse(options.start ?? DEFAULT_START);
  const name = `${spec.name}-${spec.templateHash}-1`;
  const machines: SimMachine[] = [];
  for (let i = 0; i < spec.replicas; i++) {
    machines.push({
      name: `${name}-m${i + 1}`,
      createdTick: -100,
      readyTick: -100,
      unhealthy: i < (options.unhealthy ?? 0),
    });
  }
  return {
    spec,
    machineSets: [
      {
        name,
        revision: 1,
        templateHash: spec.templateHash,
        createdAt: new Date(start - 86_400_000).toISOString(),
        replicas: spec.replicas,
        machines,
        nextMachine: spec.replicas + 1,
        desiredReplicasAnnotation: spec.replicas,
        maxReplicasAnnotation: spec.replicas + maxSurgeOf(spec),
        disableMachineCreate: false,
      },
    ],
  };
}

function toRolloutMachine(m: SimMachine, at: (tick: number) => string): RolloutMachine {
  const joined = m.readyTick !== undefined;
  return {
    name: m.name,
    phase: m.unhealthy ? 'Failed' : joined ? 'Running' : 'Provisioning',
    createdAt: at(m.createdTick),
    readySince: joined && !m.unhealthy ? at(m.readyTick as number) : undefined,
    deleting: m.deletingTick !== undefined,
    nodeName: joined ? m.name : undefined,
  };
}

function toRolloutMachineSet(ms: SimMachineSet, at: (tick: number) => string): RolloutMachineSet {
  const { nextMachine: _next, machines, ...rest } = ms;
  return { ...rest, machines: machines.map((m) => toRolloutMachine(m, at)) };
}

function toState(model: SimModel, at: (tick: number) => string): RolloutState {
  return { spec: model.spec, machineSets: model.machineSets.map((ms) => toRolloutMachineSet(ms, at)) };
}

function countAvailable(model: SimModel, at: (tick: number) => string, now: string): number {
  return model.machineSets
    .flatMap((ms) => ms.machines)
    .filter((m) => isMachineAvailable(toRolloutMachine(m, at), model.spec.minReadySeconds, now)).length;
}

function countLive(model: SimModel): number {
  return model.machineSets.flatMap((ms) => ms.machines).filter((m) => m.deletingTick === undefined).length;
}

function applyEvent(model: SimModel, e: SimEvent, t: number): string {
  switch (e.kind) {
    case 'spec':
      model.spec = { ...model.spec, ...e.patch };
      return e.label;
    case 'userDeletesOldMachine': {
      const old = [...model.machineSets]
        .filter(
          (ms) =>
            ms.templateHash !== model.spec.templateHash &&
            ms.machines.some((m) => m.deletingTick === undefined),
        )
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))[0];
      const victim = old?.machines.find((m) => m.deletingTick === undefined);
      if (!victim) return 'user finds no old machine to delete';
      victim.deletingTick = t;
      return `user deletes ${victim.name}`;
    }
    case 'machinesTurnUnhealthy': {
      const ms = model.machineSets.find((x) => x.name === e.machineSet);
      const healthy = ms?.machines.filter((m) => !m.unhealthy && m.deletingTick === undefined) ?? [];
      healthy.slice(0, e.count).forEach((m) => (m.unhealthy = true));
      return `${Math.min(e.count, healthy.length)} machine(s) of ${e.machineSet} turn unhealthy`;
    }
  }
}

function applyIntent(model: SimModel, i: RolloutIntent): string | undefined {
  const find = (name: string) => {
    const ms = model.machineSets.find((x) => x.name === name);
    if (!ms) throw new Error(`intent for unknown MachineSet ${name}`);
    return ms;
  };
  switch (i.type) {
    case 'createMachineSet':
      model.machineSets.push({
        name: i.name,
        revision: i.revision,
        templateHash: i.templateHash,
        createdAt: i.createdAt,
        replicas: i.replicas,
        machines: [],
        nextMachine: 1,
        desiredReplicasAnnotation: i.annotations.desiredReplicas,
        maxReplicasAnnotation: i.annotations.maxReplicas,
        disableMachineCreate: i.annotations.disableMachineCreate,
      });
      return `create new ${i.name} r${i.revision} 0→${i.replicas}`;
    case 'scaleMachineSet':
      find(i.name).replicas = i.to;
      return `${i.role} ${i.name} ${i.from}→${i.to}`;
    case 'annotateMachineSet': {
      const ms = find(i.name);
      ms.revision = i.annotations.revision;
      ms.desiredReplicasAnnotation = i.annotations.desiredReplicas;
      ms.maxReplicasAnnotation = i.annotations.maxReplicas;
      ms.disableMachineCreate = i.annotations.disableMachineCreate;
      return undefined;
    }
    case 'deleteMachineSet': {
      const ms = find(i.name);
      if (ms.machines.length > 0) throw new Error(`deleteMachineSet ${i.name} while it still has machines`);
      model.machineSets = model.machineSets.filter((x) => x !== ms);
      return `delete old ${i.name}`;
    }
  }
}

function breakerFired(plan: RolloutPlan): boolean {
  return (
    plan.intents.some((i) => i.type === 'scaleMachineSet' && i.why.includes(DEADLOCK_BREAKER_NOTE)) ||
    plan.reasons.some((r) => r.startsWith('deadlock breaker'))
  );
}

/** Runs the rollout tick by tick until it converges, stalls, or runs out of ticks. */
export function simulateRollout(
  initial: SimModel,
  events: readonly SimEvent[],
  options: SimOptions,
): SimResult {
  const model = clone(initial);
  const tickMs = (options.tickSeconds ?? 10) * 1000;
  const start = Date.parse(options.start ?? DEFAULT_START);
  const at = (tick: number) => new Date(start + tick * tickMs).toISOString();
  const maxTicks = options.maxTicks ?? 100;
  const broken = new Set(options.brokenTemplates ?? []);
  const steps: SimStep[] = [];
  let lastReasons = '';
  let outcome: SimResult['outcome'] = 'out of ticks';
  const out: string[] = [
    `# ticks of ${tickMs / 1000}s; machines Ready ${options.readyAfterTicks} ticks after creation, gone ${options.deleteAfterTicks} after deletion`,
    '# per step: events | MachineSet changes | machine changes | available/replicas, total machines [MachineSet spec/machines]',
    '# "why:" lines are the plan\'s reasons, printed when they change',
  ];

  for (let t = 0; t <= maxTicks; t++) {
    const now = at(t);
    const segments: string[] = [];
    for (const e of events.filter((x) => x.at === t)) segments.push(`event ${applyEvent(model, e, t)}`);

    // Machine lifecycle: deletions complete, provisioning machines join and become Ready.
    let gone = 0;
    let ready = 0;
    for (const ms of model.machineSets) {
      const before = ms.machines.length;
      ms.machines = ms.machines.filter(
        (m) => m.deletingTick === undefined || t - m.deletingTick < options.deleteAfterTicks,
      );
      gone += before - ms.machines.length;
      for (const m of ms.machines) {
        if (
          m.readyTick === undefined &&
          !m.neverReady &&
          m.deletingTick === undefined &&
          t - m.createdTick >= options.readyAfterTicks + (options.readyJitter?.(m.name) ?? 0)
        ) {
          m.readyTick = t;
          ready++;
        }
      }
    }
    const availableBefore = countAvailable(model, at, now);
    const liveBefore = countLive(model);

    // MachineDeployment planner, then every MachineSet's sync, as the two controllers would.
    const plan = planRollout({ ...toState(model, at), samePassSync: options.samePassSync }, now);
    for (const i of plan.intents) {
      const text = applyIntent(model, i);
      if (text) segments.push(text);
    }
    const deadlockBreaker = breakerFired(plan);
    if (deadlockBreaker) segments.push('deadlock breaker');
    let created = 0;
    let deleting = 0;
    for (const ms of model.machineSets) {
      const sync = planMachineSetSync(toRolloutMachineSet(ms, at), model.spec.deletePolicy, now);
      for (const s of sync.intents) {
        if (s.type === 'createMachines') {
          for (let k = 0; k < s.count; k++) {
            const name = `${ms.name}-m${ms.nextMachine++}`;
            ms.machines.push({
              name,
              createdTick: t,
              neverReady: broken.has(ms.templateHash) || (options.neverReady?.(name) ?? false),
            });
          }
          created += s.count;
        } else {
          for (const m of ms.machines) if (s.names.includes(m.name)) m.deletingTick = t;
          deleting += s.names.length;
        }
      }
    }

    const lifecycle = [
      created ? `${created} created` : '',
      deleting ? `${deleting} deleting` : '',
      ready ? `${ready} ready` : '',
      gone ? `${gone} gone` : '',
    ].filter(Boolean);
    if (lifecycle.length) segments.push(`machines ${lifecycle.join(', ')}`);
    const availableAfter = countAvailable(model, at, now);
    const total = model.machineSets.reduce((n, ms) => n + ms.machines.length, 0);
    const sets = model.machineSets.map((ms) => `${ms.name} ${ms.replicas}/${ms.machines.length}`).join(' ');
    segments.push(`available ${availableAfter}/${model.spec.replicas} total ${total} [${sets}]`);
    const line = `t=${t} ${segments.join(' | ')}`;
    out.push(line);
    const reasons = plan.reasons;
    if (reasons.join('\n') !== lastReasons) {
      for (const r of reasons) out.push(`      why: ${r}`);
      lastReasons = reasons.join('\n');
    }
    steps.push({
      t,
      line,
      reasons,
      replicas: model.spec.replicas,
      maxTotal: model.spec.replicas + maxSurgeOf(model.spec),
      minAvailable: minAvailableOf(model.spec),
      total,
      created,
      specTotal: model.machineSets.reduce((n, ms) => n + ms.replicas, 0),
      liveBefore,
      liveAfter: countLive(model),
      spec: model.spec,
      intents: plan.intents,
      availableBefore,
      availableAfter,
      deadlockBreaker,
    });

    // Stop when nothing happened, nothing is in flight and no event is still to come (checked
    // cheapest first: most ticks are busy and never reach the state-building checks).
    const acted =
      plan.intents.some((i) => i.type !== 'annotateMachineSet') || created + deleting + ready + gone > 0;
    if (acted || segments.length > 1 || events.some((e) => e.at > t)) continue;
    const inFlight = model.machineSets.some((ms) =>
      ms.machines.some(
        (m) => m.deletingTick !== undefined || (m.readyTick === undefined && !m.neverReady && !m.unhealthy),
      ),
    );
    if (inFlight) continue;
    const state = toState(model, at);
    // Ready machines still inside minReadySeconds become available later without any event.
    if (nextAvailabilityAt(state.machineSets, model.spec.minReadySeconds, now) !== undefined) continue;
    // A rolloutAfter still ahead is a timer the workflow would sleep on: keep ticking until it passes.
    if (nextRolloutWakeAt(state, now) !== undefined) continue;
    outcome = plan.complete ? 'converged' : 'stalled';
    break;
  }
  const last = steps[steps.length - 1];
  out.push(`outcome: ${outcome}${last ? ` at t=${last.t}` : ''}`);
  return { steps, transcript: `${out.join('\n')}\n`, final: model, outcome };
}

/**
 * The rollout invariants, checked at every step:
 * - machines (deleting ones included) never exceed replicas + maxSurge;
 * - the planners never take availability below replicas − maxUnavailable (or below what it already
 *   was, when a machine failed on its own), except through the deadlock breaker.
 */
export function invariantViolations(steps: readonly SimStep[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    if (s.total > s.maxTotal)
      out.push(`t=${s.t}: ${s.total} machines > ${s.replicas} replicas + maxSurge (${s.maxTotal})`);
    const floor = Math.min(s.minAvailable, s.availableBefore);
    if (!s.deadlockBreaker && s.availableAfter < floor) {
      out.push(
        `t=${s.t}: available ${s.availableAfter} < ${floor} (minAvailable ${s.minAvailable}, before ${s.availableBefore})`,
      );
    }
  }
  return out;
}
