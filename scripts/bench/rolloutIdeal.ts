/**
 * The ideal critical path of a rollout on the simulated provider: what the rollout would take if
 * every controller reacted instantly and only the simulated latencies cost time.
 *
 *  - Control plane (KCP RollingUpdate, maxSurge 1): planControlPlaneUpgrade creates an up-to-date
 *    Machine only while there are fewer than replicas + 1, and planScaleDown/planScaleUp both pass
 *    preflightChecks first, which fail while any Machine is deleting ("waiting for Machines to be
 *    deleted") or while a Machine has no Node / unhealthy component conditions. So each
 *    replacement is strictly create → join → delete the outdated one → gone, one at a time:
 *      ideal_cp = replicas × (provision + boot + drain_cp + delete)
 *
 *  - MachineDeployment (RollingUpdate): the new MachineSet may grow only while
 *    Σ max(spec, status.replicas) < replicas + maxSurge (newMachineSetReplicas /
 *    totalMachineSetsReplicaSum), and status.replicas counts machines that are being deleted
 *    (machineSetStatus). With maxUnavailable 0 an old machine goes only after a new one is
 *    available. So deleting machines hold their surge slot until they are gone, and the rollout
 *    runs in waves of maxSurge: ideal_md = ceil(N / maxSurge) × (provision + boot + drain + delete).
 *    `simulateMachineDeploymentRollout` checks that formula by driving the real pure planners
 *    (planRollout + planMachineSetSync) in a discrete-event simulation with exact latencies and
 *    zero controller overhead; its makespan is the ideal the benchmark divides by.
 *    With CAPI's arithmetic to the letter (`samePassSync: false`) the waves need the planner to
 *    see a wave's machines become available at the same instant: seen one report at a time
 *    (`staggerMs`), the old-MachineSet budget counts machines already deleting twice (in
 *    pendingScaleDown and in the worst-case trim), lets about one old machine be deleting at a
 *    time, and the rollout becomes a chain of deletions: ≈ provision + boot + N × (drain + delete).
 *    The workflow plans with `samePassSync` (its MachineSets are synced in the same pass, so a
 *    deleting machine is known to be unavailable), which keeps the waves with reports one at a
 *    time. The benchmark prints the one-at-a-time variant too, and replays the planners with the
 *    measured per-machine durations to show where the time goes.
 */
import type { DesiredMachineDeployment } from '../../shared/model/desired';
import { machineTemplateHash } from '../../shared/planners/machineTemplateHash';
import {
  maxSurgeOf,
  nextRolloutWakeAt,
  planMachineSetSync,
  planRollout,
  rolloutSpecFromDesired,
  type RolloutIntent,
  type RolloutMachine,
  type RolloutMachineSet,
  type RolloutSpec,
  type RolloutState,
} from '../../shared/planners/rollout';

export interface PhaseLatencies {
  provisionMs: number;
  bootMs: number;
  /** what draining one node costs in the sim (its evictable Pods' termination grace) */
  drainMs: number;
  deleteMs: number;
}

export function idealControlPlaneMs(replicas: number, l: PhaseLatencies): number {
  return replicas * (l.provisionMs + l.bootMs + l.drainMs + l.deleteMs);
}

export function controlPlaneFormula(replicas: number, l: PhaseLatencies): string {
  return `${replicas} × (provision ${s(l.provisionMs)} + boot ${s(l.bootMs)} + drain ${s(l.drainMs)} + delete ${s(l.deleteMs)}) = ${s(idealControlPlaneMs(replicas, l))}`;
}

/** The closed form for maxUnavailable 0 (deleting machines hold the surge budget). */
export function idealMachineDeploymentFormulaMs(
  replicas: number,
  maxSurge: number,
  l: PhaseLatencies,
): number {
  return Math.ceil(replicas / maxSurge) * (l.provisionMs + l.bootMs + l.drainMs + l.deleteMs);
}

export function machineDeploymentFormula(replicas: number, maxSurge: number, l: PhaseLatencies): string {
  const waves = Math.ceil(replicas / maxSurge);
  return `ceil(${replicas} / ${maxSurge}) = ${waves} waves × (provision ${s(l.provisionMs)} + boot ${s(l.bootMs)} + drain ${s(l.drainMs)} + delete ${s(l.deleteMs)}) = ${s(idealMachineDeploymentFormulaMs(replicas, maxSurge, l))}`;
}

function s(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : ms % 100 === 0 ? 1 : 2)} s`;
}

interface DesMachine {
  name: string;
  createdAt: number;
  readyAt: number;
  goneAt?: number;
}

interface DesMachineSet extends Omit<RolloutMachineSet, 'machines'> {
  machines: DesMachine[];
}

export interface DesResult {
  makespanMs: number;
  /** planner passes (MachineDeployment + every MachineSet sync) the simulation ran */
  passes: number;
  /** instants at which the planners created or deleted machines, with how many */
  steps: Array<{ atMs: number; created: number; deleted: number }>;
  /** most machines that existed at once (deleting ones included) */
  peakMachines: number;
}

const EPOCH = Date.parse('2030-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(EPOCH + ms).toISOString();

/**
 * Replays a rollout from `from` (every machine Ready long ago) to `to` with the real planners,
 * machines Ready exactly provision + boot after their creation and gone exactly drain + delete
 * after their deletion, and the planners re-run at every such instant until they have nothing
 * left to do (zero reaction time). Returns the instant the last old machine is gone.
 * `staggerMs` spreads machines created (or deleted) in the same step by k × staggerMs, so the
 * planners see their reports one at a time, as a workflow that gets one signal per machine does.
 */
export function simulateMachineDeploymentRollout(
  from: DesiredMachineDeployment,
  to: DesiredMachineDeployment,
  l: PhaseLatencies,
  opts: { staggerMs?: number; samePassSync?: boolean } = {},
): DesResult {
  const stagger = opts.staggerMs ?? 0;
  const spec: RolloutSpec = rolloutSpecFromDesired(to);
  const oldHash = machineTemplateHash(from.template);
  if (oldHash === spec.templateHash)
    throw new Error('simulateMachineDeploymentRollout: the template does not change');
  const oldName = `${spec.name}-${oldHash}`;
  let sets: DesMachineSet[] = [
    {
      name: oldName,
      revision: 1,
      templateHash: oldHash,
      createdAt: iso(-86_400_000),
      replicas: from.replicas,
      machines: Array.from({ length: from.replicas }, (_, i) => ({
        name: `${oldName}-${i}`,
        createdAt: -86_400_000,
        readyAt: -86_400_000,
      })),
      desiredReplicasAnnotation: from.replicas,
      maxReplicasAnnotation: from.replicas + maxSurgeOf(rolloutSpecFromDesired(from)),
      disableMachineCreate: false,
    },
  ];
  let seq = 0;
  let passes = 0;
  let peak = from.replicas;
  const steps: DesResult['steps'] = [];

  const view = (now: number): RolloutState => ({
    spec,
    machineSets: sets.map((ms) => toRolloutMachineSet(ms, now)),
  });

  const applyIntent = (i: RolloutIntent): boolean => {
    switch (i.type) {
      case 'createMachineSet':
        sets.push({
          name: i.name,
          revision: i.revision,
          templateHash: i.templateHash,
          createdAt: i.createdAt,
          replicas: i.replicas,
          machines: [],
          desiredReplicasAnnotation: i.annotations.desiredReplicas,
          maxReplicasAnnotation: i.annotations.maxReplicas,
          disableMachineCreate: i.annotations.disableMachineCreate,
        });
        return true;
      case 'scaleMachineSet':
        sets = sets.map((ms) => (ms.name === i.name ? { ...ms, replicas: i.to } : ms));
        return i.from !== i.to;
      case 'annotateMachineSet':
        sets = sets.map((ms) =>
          ms.name === i.name
            ? {
                ...ms,
                revision: i.annotations.revision,
                desiredReplicasAnnotation: i.annotations.desiredReplicas,
                maxReplicasAnnotation: i.annotations.maxReplicas,
                disableMachineCreate: i.annotations.disableMachineCreate,
              }
            : ms,
        );
        return false;
      case 'deleteMachineSet':
        sets = sets.filter((ms) => ms.name !== i.name || ms.machines.length > 0);
        return true;
    }
  };

  let now = 0;
  let lastChange = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    // Machine lifecycle at `now`: deletions complete (Ready machines become Ready by their readyAt).
    for (const ms of sets) ms.machines = ms.machines.filter((m) => m.goneAt === undefined || m.goneAt > now);
    // The controllers, to a fixpoint: each pass may unblock the next at the same instant.
    let created = 0;
    let deleted = 0;
    for (let pass = 0; pass < 50; pass++) {
      passes++;
      // as the MachineDeployment workflow plans: its MachineSets are synced in the same pass
      const plan = planRollout({ ...view(now), samePassSync: opts.samePassSync ?? true }, iso(now));
      let changed = false;
      for (const intent of plan.intents) changed = applyIntent(intent) || changed;
      for (const ms of sets) {
        const sync = planMachineSetSync(toRolloutMachineSet(ms, now), spec.deletePolicy, iso(now));
        for (const intent of sync.intents) {
          changed = true;
          if (intent.type === 'createMachines') {
            for (let k = 0; k < intent.count; k++) {
              ms.machines.push({
                name: `${ms.name}-n${seq++}`,
                createdAt: now,
                readyAt: now + l.provisionMs + l.bootMs + k * stagger,
              });
            }
            created += intent.count;
          } else {
            let k = 0;
            for (const m of ms.machines) {
              if (intent.names.includes(m.name) && m.goneAt === undefined)
                m.goneAt = now + l.drainMs + l.deleteMs + k++ * stagger;
            }
            deleted += intent.names.length;
          }
        }
      }
      if (!changed) break;
    }
    peak = Math.max(
      peak,
      sets.reduce((n, ms) => n + ms.machines.length, 0),
    );
    if (created || deleted) {
      steps.push({ atMs: now, created, deleted });
      lastChange = now;
    }
    // The next instant anything can change: a machine becomes Ready or goes, or minReadySeconds passes.
    const future = sets
      .flatMap((ms) => ms.machines)
      .flatMap((m) => (m.goneAt === undefined ? [m.readyAt] : [m.readyAt, m.goneAt]))
      .filter((t) => t > now);
    const wake = nextRolloutWakeAt(view(now), iso(now));
    if (wake !== undefined) future.push(Date.parse(wake) - EPOCH);
    if (future.length === 0) break;
    now = Math.min(...future);
  }
  const left = sets.flatMap((ms) => ms.machines);
  const done =
    left.length === to.replicas &&
    left.every((m) => m.goneAt === undefined && m.readyAt <= now) &&
    sets.every((ms) => ms.templateHash === spec.templateHash || ms.machines.length === 0);
  if (!done)
    throw new Error(
      `the ideal rollout simulation did not converge (${left.length} machines left at ${now} ms)`,
    );
  // The rollout ends when the last old machine is gone (or the last new one is Ready, if later).
  const lastReady = Math.max(...left.map((m) => m.readyAt));
  return { makespanMs: Math.max(lastChange, lastReady, now), passes, steps, peakMachines: peak };
}

function toRolloutMachineSet(ms: DesMachineSet, now: number): RolloutMachineSet {
  const { machines, ...rest } = ms;
  return {
    ...rest,
    machines: machines.map((m): RolloutMachine => {
      const ready = m.readyAt <= now;
      return {
        name: m.name,
        phase: ready ? 'Running' : 'Provisioning',
        createdAt: iso(m.createdAt),
        readySince: ready && m.goneAt === undefined ? iso(m.readyAt) : undefined,
        deleting: m.goneAt !== undefined,
        nodeName: ready ? m.name : undefined,
      };
    }),
  };
}

/** "t=0 +3 | t=3 s −3 | …", the simulated wave structure in one line. */
export function describeSteps(steps: DesResult['steps']): string {
  return steps
    .map((st) => `${s(st.atMs)}:${st.created ? ` +${st.created}` : ''}${st.deleted ? ` −${st.deleted}` : ''}`)
    .join(' | ');
}
