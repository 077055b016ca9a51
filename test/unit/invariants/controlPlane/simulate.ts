import { planControlPlane } from '../../../../shared/planners/controlPlane';
import { PREFLIGHT_CONDITIONS } from '../../../../shared/planners/controlPlane/constants';
import { applyIntent } from '../../planners/controlPlane/applyIntent';
import { operationsInFlight } from '../../planners/controlPlane/invariants';
import { advance, newWorld, observe, timeAt, type World } from '../../planners/controlPlane/simWorld';
import { Transcript, describeIntent, describeWorld } from '../../planners/controlPlane/transcript';
import { violation, type Violation } from '../violation';
import { worldViolations } from './checks';
import { intentViolations } from './intentChecks';
import { FaultInjector } from './faults';
import { newLedger, recordCreation, recordRemediation, remember } from './ledger';
import type { ControlPlaneScenario } from './scenario';

/**
 * Runs one randomized scenario against `planControlPlane`, tick by tick, in the golden driver's
 * world (simWorld + applyIntent): the world advances, due spec changes and faults land, the
 * planner decides, its intent is applied. Every invariant is checked after every step; a
 * recoverable scenario must also converge within a step bound derived from the scenario.
 */
export interface ControlPlaneRun {
  violation?: Violation;
  transcript: string;
  converged: boolean;
  ticks: number;
}

/** Slack per operation on top of the world's own timing: leadership, member removal, hook, planner waits. */
const TICKS_PER_OPERATION_OVERHEAD = 8;
/** The longest a slowBoot delays a Node or an MHC takes to mark a stuck Machine (scenario.ts). */
const MAX_FAULT_DELAY = 8;
/** Non-recoverable runs are only checked for safety; this long after the last event is enough. */
const SAFETY_ONLY_TAIL = 60;

/**
 * Liveness bound, generous on purpose (it only matters when the run does not converge): a
 * version or template change replaces up to 5 Machines at 2 operations each; a scale change is
 * at most 2 operations; a fault at most a remediation (delete + create) plus the retry period.
 */
export function tickBound(s: ControlPlaneScenario): number {
  const { timing } = s;
  const perOperation =
    timing.nodeAfterTicks +
    timing.etcdJoinAfterTicks +
    timing.drainTicks +
    timing.infraDeleteTicks +
    MAX_FAULT_DELAY +
    TICKS_PER_OPERATION_OVERHEAD;
  const specChanges = s.events.filter((e) => e.kind === 'spec');
  const rollouts = specChanges.filter((e) => e.kind === 'spec' && e.patch.replicas === undefined).length;
  const faults = s.events.length - specChanges.length;
  const retryTicks = Math.ceil(s.spec.remediation.retryPeriodSeconds / 30);
  const operations = 2 * 5 * (rollouts + 1) + 4 * (specChanges.length - rollouts) + 4 * faults + 10;
  const lastEvent = Math.max(0, ...s.events.map((e) => e.at));
  if (!s.recoverable) return lastEvent + SAFETY_ONLY_TAIL;
  return lastEvent + operations * perOperation + faults * retryTicks;
}

export function simulateControlPlane(scenario: ControlPlaneScenario): ControlPlaneRun {
  const world = newWorld(structuredClone(scenario.spec), scenario.failureDomains, scenario.timing, {
    machines: scenario.initialMachines,
    version: scenario.initialVersion,
  });
  const ledger = newLedger(world);
  const faults = new FaultInjector(scenario.recoverable);
  const transcript = header(scenario);
  const lastEvent = Math.max(0, ...scenario.events.map((e) => e.at));
  const maxTicks = tickBound(scenario);
  const label = () => `t${String(world.tick).padStart(2, '0')}`;
  const fail = (v: Violation, step: string): ControlPlaneRun => {
    transcript.note(`${label()} VIOLATION after ${step}: ${v.rule}: ${v.message}`);
    transcript.note(`world: ${describeWorld(world)}`);
    return { violation: v, transcript: transcript.text(), converged: false, ticks: world.tick };
  };

  let converged = false;
  for (world.tick = 0; world.tick < maxTicks; world.tick++) {
    advance(world);
    for (const note of faults.onTick(world)) transcript.note(`${label()} ${note}`);
    for (const e of scenario.events.filter((x) => x.at === world.tick)) {
      if (e.kind === 'spec') {
        world.spec = { ...world.spec, ...e.patch };
        transcript.note(`${label()} spec: ${e.describe}`);
      } else {
        transcript.note(`${label()} ${faults.inject(world, e)}`);
      }
    }
    const afterWorld = worldViolations(world, ledger);
    if (afterWorld[0]) return fail(afterWorld[0], 'the world moved');
    remember(ledger, world);

    const { intent } = planControlPlane(observe(world), timeAt(world.tick));
    transcript.tick(world.tick, `${describeWorld(world)} | ${describeIntent(intent)}`);
    const planned = intentViolations(world, intent);
    if (planned[0]) return fail(planned[0], intent.type);
    try {
      applyIntent(world, intent);
    } catch (err) {
      // An intent that does not fit the world it was planned for is a planner bug too.
      return fail(
        violation('intent-does-not-apply', err instanceof Error ? err.message : String(err)),
        intent.type,
      );
    }
    if (intent.type === 'createMachine') {
      const created = world.machines[world.machines.length - 1]!;
      recordCreation(ledger, created.m.name, world.spec.replicas);
      const note = faults.onCreated(world, created);
      if (note) transcript.note(`${label()} ${note}`);
    }
    if (intent.type === 'markRemediation') recordRemediation(ledger, intent.machine);
    const applied = worldViolations(world, ledger, intent);
    if (applied[0]) return fail(applied[0], intent.type);
    remember(ledger, world);

    if (world.tick >= lastEvent && intent.type === 'none' && faults.pendingMarks() === 0 && settled(world)) {
      converged = true;
      break;
    }
  }
  if (scenario.recoverable && !converged) {
    return fail(
      violation(
        'liveness',
        `no convergence to ${world.spec.replicas} up-to-date healthy Machine(s) at ${world.spec.version}/${world.spec.templateHash} within ${maxTicks} ticks`,
      ),
      'the last tick',
    );
  }
  transcript.note(converged ? `converged at t${world.tick}` : `stopped at t${world.tick} (safety only)`);
  return { transcript: transcript.text(), converged, ticks: world.tick };
}

/**
 * The end state a recoverable run must reach: exactly `replicas` Machines, none deleting, all
 * up to date and healthy, and as many healthy voting etcd members, each on one of them.
 */
export function settled(world: World): boolean {
  const { spec } = world;
  if (operationsInFlight(world).length > 0 || world.machines.length !== spec.replicas) return false;
  const machinesOk = world.machines.every(
    (s) =>
      !s.fault &&
      s.m.nodeName !== undefined &&
      s.m.version === spec.version &&
      s.m.templateHash === spec.templateHash &&
      s.m.conditions.HealthCheckSucceeded !== 'False' &&
      PREFLIGHT_CONDITIONS.every((c) => s.m.conditions[c] === 'True'),
  );
  const nodes = new Set(world.machines.map((s) => s.m.nodeName));
  const membersOk =
    world.members.length === spec.replicas &&
    world.members.every((m) => m.healthy && !m.isLearner && nodes.has(m.name));
  return machinesOk && membersOk;
}

function header(s: ControlPlaneScenario): Transcript {
  const t = new Transcript();
  const { timing, spec } = s;
  t.note(
    `# ${s.recoverable ? 'recoverable' : 'safety-only'}: replicas ${spec.replicas}, maxSurge ${spec.rollout.maxSurge}, ${spec.version}/${spec.templateHash}; start: ${s.initialMachines} Machine(s); failure domains: ${s.failureDomains.map((d) => d.name + (d.controlPlane ? '' : '(workers)')).join(', ') || 'none'}`,
  );
  t.note(
    `# Node after ${timing.nodeAfterTicks} ticks, etcd join ${timing.etcdJoinAfterTicks} later, drain ${timing.drainTicks}, infra delete ${timing.infraDeleteTicks}; states: prov, join, ok, drain, hook, gone`,
  );
  return t;
}
