import type { HealthScenario } from './scenario';
import { TICK_SECONDS } from './scenario';
import { active, hasNodeRef, nodeExists, type LiveMachine } from './world';

/**
 * What the MHC must conclude, derived from the Machines' fates and capi-behaviour.md §6 alone —
 * not from the planner — so the checks compare the planner against an independent reading.
 *
 * - not a target: does not match the selector; skipped: skip-remediation / paused annotation;
 * - unhealthy: remediate-machine annotation; Node deleted; no Node past nodeStartupTimeout;
 *   a checked condition matched for longer than its timeout (strictly);
 * - pending: a checked condition matched, still inside its timeout (or the Node still inside
 *   its startup window): not unhealthy, not counted healthy;
 * - counted: passes everything and has a Node and is not being deleted (`currentHealthy`).
 * Before the control plane is initialized Nodes are not looked at, and workers are not judged.
 */
export type Verdict = 'notTarget' | 'skipped' | 'unhealthy' | 'pending' | 'uncounted' | 'counted';

const DEFAULT_NODE_STARTUP_SECONDS = 600;

export function verdict(s: HealthScenario, m: LiveMachine, t: number): Verdict {
  const { fate } = m.seed;
  if (!m.seed.selected) return 'notTarget';
  if (fate.skip) return 'skipped';
  if (fate.remediateAt !== undefined && fate.remediateAt <= t) return 'unhealthy';
  const { controlPlaneInitialized, infrastructureReady } = s.cluster;
  const node = controlPlaneInitialized && nodeExists(m, t);
  const deleting = m.deletingSince !== undefined;
  const counted = node && !deleting ? 'counted' : 'uncounted';
  if (!controlPlaneInitialized && m.seed.owner !== 'KubeadmControlPlane') return 'uncounted';
  if (!infrastructureReady) return counted;

  const elapsed = (from: number) => (t - from) * TICK_SECONDS;
  let unhealthy = false;
  let pending = false;
  const judge = (
    bad: { type: string; status: string; from: number } | undefined,
    checks: HealthScenario['check']['unhealthyConditions'],
  ) => {
    if (!bad || !active(bad, t)) return;
    for (const c of checks) {
      if (c.type !== bad.type || c.status !== bad.status) continue;
      if (elapsed(bad.from) > c.timeoutSeconds) unhealthy = true;
      else pending = true;
    }
  };
  judge(fate.badMachine, s.check.unhealthyMachineConditions);
  if (controlPlaneInitialized && hasNodeRef(m, t) && !nodeExists(m, t)) return 'unhealthy';
  if (!node) {
    if (unhealthy) return 'unhealthy';
    const timeout = s.check.nodeStartupTimeoutSeconds ?? DEFAULT_NODE_STARTUP_SECONDS;
    if (timeout === 0) return pending ? 'pending' : 'uncounted';
    // The Cluster's conditions turned True long before; the Machine's InfrastructureReady at creation.
    return elapsed(m.seed.createdAt) > timeout ? 'unhealthy' : 'pending';
  }
  judge(fate.badNode, s.check.unhealthyConditions);
  if (unhealthy) return 'unhealthy';
  if (pending) return 'pending';
  return counted;
}

/** The short-circuit, from the spec text: unhealthy = expected − counted. */
export function allowance(
  s: HealthScenario,
  expected: number,
  counted: number,
): { allowed: boolean; max: number; describe: string } {
  const unhealthy = expected - counted;
  const { unhealthyRange, maxUnhealthy } = s.check;
  if (unhealthyRange !== undefined && unhealthyRange !== '') {
    const m = /^\[(\d+)-(\d+)\]$/.exec(unhealthyRange);
    const min = Number(m?.[1]);
    const max = Number(m?.[2]);
    if (!m || max < min) return { allowed: false, max: 0, describe: `invalid range ${unhealthyRange}` };
    return { allowed: min <= unhealthy && unhealthy <= max, max, describe: `range ${unhealthyRange}` };
  }
  const limit = maxUnhealthy ?? '100%';
  let max: number;
  if (typeof limit === 'number') max = limit;
  else {
    const p = /^(\d+)%$/.exec(limit);
    if (!p) return { allowed: false, max: 0, describe: `invalid maxUnhealthy ${limit}` };
    max = Math.floor((Number(p[1]) * expected) / 100);
  }
  return { allowed: unhealthy <= max, max, describe: `maxUnhealthy ${String(limit)} → ${max}` };
}

/** MachineSet maxInFlight budget: unset = unlimited; a percentage of the MD's replicas, rounded up. */
export function inFlightBudget(s: HealthScenario): number {
  const { maxInFlight, deploymentReplicas } = s.machineSet;
  if (maxInFlight === undefined) return Number.POSITIVE_INFINITY;
  if (typeof maxInFlight === 'number') return maxInFlight;
  const p = /^(\d+)%$/.exec(maxInFlight);
  return p ? Math.ceil((Number(p[1]) * deploymentReplicas) / 100) : 0;
}
