import type { IntOrPercent } from '../../../../shared/model/desired';
import type { UnhealthyConditionCheck } from '../../../../shared/planners/health';
import type { ConditionStatus } from '../../../../shared/status/conditions';
import type { Rng } from '../random';

/**
 * A randomized MachineHealthCheck over a MachineSet (plus a few other Machines), run for a
 * number of passes 30 s apart. Each Machine has a fate fixed up front — when its Node comes
 * (or never), when a Node or Machine condition goes bad and for how long, whether its Node
 * disappears, whether someone asks for its remediation — so the health of every Machine at every
 * pass is known without asking the planner. Plain JSON.
 */
export const TICK_SECONDS = 30;

export interface MachineFate {
  /** tick the Node registers; undefined: never */
  nodeAt?: number;
  /** the Node is gone from this tick on (nodeRef stays) */
  nodeDeletedAt?: number;
  /** Node condition `bad` holds in [from, until) */
  badNode?: { type: string; status: ConditionStatus; from: number; until?: number };
  /** Machine condition `bad` holds in [from, until) */
  badMachine?: { type: string; status: ConditionStatus; from: number; until?: number };
  /** the remediate-machine annotation is set from this tick on */
  remediateAt?: number;
  /** skip-remediation or paused annotation from the start: not a target */
  skip?: 'skip-remediation' | 'paused';
}

export interface HealthMachineSeed {
  name: string;
  /** MachineSet machines are remediated by the MachineSet; the others only reported or marked */
  owner: 'MachineSet' | 'KubeadmControlPlane' | 'MachinePool' | 'none';
  /** matches the MHC's selector (pool=md-0) */
  selected: boolean;
  createdAt: number;
  fate: MachineFate;
}

export interface HealthScenario {
  machines: HealthMachineSeed[];
  check: {
    unhealthyConditions: UnhealthyConditionCheck[];
    unhealthyMachineConditions: UnhealthyConditionCheck[];
    nodeStartupTimeoutSeconds?: number;
    maxUnhealthy?: IntOrPercent;
    unhealthyRange?: string;
    external: boolean;
  };
  cluster: { paused: boolean; infrastructureReady: boolean; controlPlaneInitialized: boolean };
  machineSet: {
    deploymentChild: boolean;
    currentRevision: boolean;
    maxInFlight?: IntOrPercent;
    deploymentReplicas: number;
    /** MachineSet preflight checks failing during [from, until) */
    preflightFailing?: { from: number; until: number };
    /** passes a remediated Machine takes to disappear (then the MachineSet replaces it) */
    deleteTicks: number;
    /** seeds the fates of replacement Machines (drawn like any other Machine's) */
    replacementSalt: number;
  };
  passes: number;
}

const NODE_CHECKS: UnhealthyConditionCheck[] = [
  { type: 'Ready', status: 'False', timeoutSeconds: 300 },
  { type: 'Ready', status: 'Unknown', timeoutSeconds: 300 },
  { type: 'MemoryPressure', status: 'True', timeoutSeconds: 120 },
];

export function generateHealthScenario(rng: Rng): HealthScenario {
  const passes = rng.int(10, 40);
  const timeout = () => rng.pick([0, 30, 60, 90, 120, 300]);
  const unhealthyConditions = NODE_CHECKS.filter(() => rng.chance(0.7)).map((c) => ({
    ...c,
    timeoutSeconds: timeout(),
  }));
  const unhealthyMachineConditions = rng.chance(0.3)
    ? [{ type: 'BootstrapConfigReady', status: 'False', timeoutSeconds: timeout() }]
    : [];
  const count = rng.int(0, 15);
  const machines: HealthMachineSeed[] = [];
  for (let i = 0; i < count; i++) machines.push(machineSeed(rng, `ms-${i + 1}`, 'MachineSet', true, passes));
  for (let i = 0; i < rng.int(0, 3); i++) {
    const owner = rng.pick(['KubeadmControlPlane', 'MachinePool', 'none'] as const);
    machines.push(machineSeed(rng, `other-${i + 1}`, owner, rng.chance(0.6), passes));
  }
  const limit = rng.weighted<'none' | 'int' | 'percent' | 'range' | 'invalid'>([
    ['none', 20],
    ['int', 30],
    ['percent', 30],
    ['range', 15],
    ['invalid', 5],
  ]);
  const lo = rng.int(0, 3);
  const check: HealthScenario['check'] = {
    unhealthyConditions,
    unhealthyMachineConditions,
    external: rng.chance(0.15),
    ...(rng.chance(0.7) ? { nodeStartupTimeoutSeconds: rng.pick([0, 60, 120, 300, 600]) } : {}),
    ...(limit === 'int' ? { maxUnhealthy: rng.int(0, 5) } : {}),
    ...(limit === 'percent' ? { maxUnhealthy: rng.pick(['0%', '20%', '34%', '40%', '50%', '100%']) } : {}),
    ...(limit === 'range' ? { unhealthyRange: `[${lo}-${lo + rng.int(0, 4)}]` } : {}),
    ...(limit === 'invalid'
      ? rng.chance(0.5)
        ? { unhealthyRange: `[${lo + 2}-${lo}]` }
        : { maxUnhealthy: 'lots' }
      : {}),
  };
  const cluster = {
    paused: rng.chance(0.05),
    infrastructureReady: rng.chance(0.95),
    controlPlaneInitialized: rng.chance(0.9),
  };
  const preflightFrom = rng.int(0, passes);
  const machineSet: HealthScenario['machineSet'] = {
    deploymentChild: rng.chance(0.85),
    currentRevision: rng.chance(0.85),
    ...(rng.chance(0.7)
      ? { maxInFlight: rng.chance(0.5) ? rng.int(0, 3) : rng.pick(['10%', '25%', '50%']) }
      : {}),
    deploymentReplicas: Math.max(count, rng.int(1, 15)),
    ...(rng.chance(0.2)
      ? { preflightFailing: { from: preflightFrom, until: preflightFrom + rng.int(1, 10) } }
      : {}),
    deleteTicks: rng.int(1, 4),
    replacementSalt: rng.int(0, 0x7fffffff),
  };
  return { machines, check, cluster, machineSet, passes };
}

/** A Machine's fate: mostly fine, sometimes one of the ways a Machine goes bad. */
export function machineSeed(
  rng: Rng,
  name: string,
  owner: HealthMachineSeed['owner'],
  selected: boolean,
  passes: number,
  createdAt = rng.chance(0.7) ? -rng.int(20, 200) : rng.int(-20, passes),
): HealthMachineSeed {
  const fate: MachineFate = {};
  const when = () => rng.int(Math.max(createdAt, 0), passes);
  fate.nodeAt = rng.chance(0.1) ? undefined : createdAt + rng.int(1, 6);
  if (rng.chance(0.25)) {
    // A Node condition cannot change before the Node exists.
    const from = Math.max(when(), fate.nodeAt ?? 0);
    fate.badNode = {
      ...rng.pick([
        { type: 'Ready', status: 'False' as const },
        { type: 'Ready', status: 'Unknown' as const },
        { type: 'MemoryPressure', status: 'True' as const },
      ]),
      from,
      ...(rng.chance(0.4) ? { until: from + rng.int(1, 12) } : {}),
    };
  }
  if (rng.chance(0.1)) {
    const from = when();
    fate.badMachine = {
      type: 'BootstrapConfigReady',
      status: 'False' as const,
      from,
      ...(rng.chance(0.4) ? { until: from + rng.int(1, 12) } : {}),
    };
  }
  if (rng.chance(0.05)) fate.nodeDeletedAt = when();
  if (rng.chance(0.05)) fate.remediateAt = when();
  if (rng.chance(0.05)) fate.skip = rng.pick(['skip-remediation', 'paused'] as const);
  return { name, owner, selected, createdAt, fate };
}
