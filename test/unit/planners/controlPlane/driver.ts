import { planControlPlane } from '../../../../shared/planners/controlPlane';
import type {
  ControlPlaneIntent,
  ControlPlanePlan,
  ControlPlaneSpec,
  FailureDomain,
} from '../../../../shared/planners/controlPlane';
import { applyIntent } from './applyIntent';
import { countsOf, invariantViolations, operationsInFlight, type Counts } from './invariants';
import {
  TICK_SECONDS,
  advance,
  injectFault,
  newWorld,
  observe,
  timeAt,
  type DriverTiming,
  type Fault,
  type InitialCluster,
  type World,
} from './simWorld';
import { Transcript, describeIntent, describeWorld } from './transcript';

/**
 * A pure multi-step driver: it runs `planControlPlane` against the in-memory world tick by tick,
 * applies each intent, checks the invariants after every step, and writes a transcript.
 */
export interface Scenario {
  name: string;
  title: string;
  spec: ControlPlaneSpec;
  failureDomains: FailureDomain[];
  initial: InitialCluster;
  timing: DriverTiming;
  /** applied one at a time, each once the planner has nothing left to do and the world has settled */
  specChanges: Array<{ describe: string; patch: Partial<ControlPlaneSpec> }>;
  faults: Array<{ atTick: number; machine: string; fault: Fault }>;
  newMachinesNeverGetANode?: boolean;
  maxTicks: number;
}

export interface DriverResult {
  transcript: string;
  converged: boolean;
  ticks: number;
  intents: ControlPlaneIntent[];
  lastPlan: ControlPlanePlan;
  world: World;
}

export function runScenario(scenario: Scenario): DriverResult {
  const world = newWorld(
    scenario.spec,
    scenario.failureDomains,
    scenario.timing,
    scenario.initial,
    scenario.newMachinesNeverGetANode,
  );
  const transcript = header(scenario);
  const changes = [...scenario.specChanges];
  const intents: ControlPlaneIntent[] = [];
  let previous: Counts = countsOf(world);
  let lastPlan: ControlPlanePlan | undefined;
  let converged = false;

  const check = (step: string) => {
    const violations = invariantViolations(world, previous);
    if (violations.length > 0) {
      throw new Error(
        `${scenario.name}: invariant broken at t${world.tick} (${step}): ${violations.join('; ')}\n${transcript.text()}`,
      );
    }
    previous = countsOf(world);
  };

  for (world.tick = 0; world.tick < scenario.maxTicks; world.tick++) {
    advance(world);
    for (const f of scenario.faults.filter((x) => x.atTick === world.tick)) {
      injectFault(world, f.machine, f.fault);
      transcript.note(`t${String(world.tick).padStart(2, '0')} fault: ${f.machine} ${f.fault}`);
    }
    check('world');
    lastPlan = planControlPlane(observe(world), timeAt(world.tick));
    const { intent } = lastPlan;
    if (intent.type === 'none') {
      transcript.tick(world.tick, `${describeWorld(world)} | ${describeIntent(intent)}`);
      // Nothing left to do for KCP; the world may still be settling (a member joining) or a fault be due.
      if (operationsInFlight(world).length > 0 || scenario.faults.some((f) => f.atTick > world.tick))
        continue;
      const change = changes.shift();
      if (!change) {
        converged = true;
        break;
      }
      world.spec = { ...world.spec, ...change.patch };
      transcript.note(`t${String(world.tick).padStart(2, '0')} spec: ${change.describe}`);
      continue;
    }
    intents.push(intent);
    const before = describeWorld(world);
    applyIntent(world, intent);
    check(intent.type);
    transcript.tick(world.tick, `${before} | ${describeIntent(intent)}`);
  }
  const ticks = world.tick + (converged ? 1 : 0);
  transcript.note(
    converged ? `converged after ${ticks} ticks` : `stopped after ${ticks} ticks without converging`,
  );
  transcript.note(`final: ${describeWorld(world)}`);
  return { transcript: transcript.text(), converged, ticks, intents, lastPlan: lastPlan!, world };
}

function header(s: Scenario): Transcript {
  const t = new Transcript();
  const { timing } = s;
  t.note(`# ${s.title}`);
  t.note(
    `# replicas ${s.spec.replicas}, version ${s.spec.version}, maxSurge ${s.spec.rollout.maxSurge}; start: ${s.initial.machines} Machine(s) at ${s.initial.version}`,
  );
  t.note(
    `# tick = ${TICK_SECONDS}s; Node after ${timing.nodeAfterTicks} ticks, etcd join ${timing.etcdJoinAfterTicks} later, drain ${timing.drainTicks}, infra delete ${timing.infraDeleteTicks}`,
  );
  t.note(
    '# Machine(failure domain, version, state) with * on the etcd leader; states: prov (no Node), join (Node, no member), ok,',
  );
  t.note(
    '# drain (deleting), hook (at the pre-terminate hook), gone (infrastructure deleting); etcd healthy/voting members',
  );
  return t;
}
