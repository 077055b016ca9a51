import type { IntOrPercent } from '../../../../shared/model/desired';
import type { RolloutSpec } from '../../../../shared/planners/rollout/types';
import type { SimEvent } from '../../planners/rollout/driver';
import type { Rng } from '../random';

/**
 * A randomized MachineDeployment rollout: the starting deployment (one MachineSet, all machines
 * Ready), events over time (new templates, scale changes, pause/resume, hand deletions for
 * OnDelete, machines turning unhealthy) and how machines behave. Plain JSON.
 */
export interface RolloutScenario {
  spec: RolloutSpec;
  events: SimEvent[];
  readyAfterTicks: number;
  deleteAfterTicks: number;
  /** old machines already unhealthy at the start (the deadlock breaker's case) */
  initialUnhealthy: number;
  /** templates whose every machine never becomes Ready */
  brokenTemplates: string[];
  /** share of new machines that never become Ready (each picked by a hash of its name and the salt) */
  neverReadyRate: number;
  neverReadySalt: number;
  /** no failure of any kind: the rollout must converge */
  healthy: boolean;
  maxTicks: number;
  /** plan as the MachineDeployment workflow does (RolloutState.samePassSync) */
  samePassSync: boolean;
  /** up to this many extra ticks before each machine is Ready (by a hash of its name), so a wave's reports arrive one by one */
  readyJitterTicks: number;
}

const PERCENTS = ['0%', '10%', '20%', '25%', '33%', '50%', '100%'];

function intOrPercent(rng: Rng): IntOrPercent {
  return rng.chance(0.5) ? rng.int(0, 4) : rng.pick(PERCENTS);
}

const isZero = (v: IntOrPercent) => v === 0 || v === '0%';

export function generateRolloutScenario(rng: Rng): RolloutScenario {
  const replicas = rng.weighted([
    [rng.int(0, 1), 10],
    [rng.int(2, 6), 50],
    [rng.int(7, 30), 40],
  ]);
  const type = rng.chance(0.2) ? 'OnDelete' : 'RollingUpdate';
  let maxSurge = intOrPercent(rng);
  let maxUnavailable = intOrPercent(rng);
  // Both explicitly 0 is refused by the webhook, so the planner never sees it; a small
  // percentage that resolves to 0 is allowed and is the case where maxUnavailable becomes 1.
  if (isZero(maxSurge) && isZero(maxUnavailable)) {
    if (rng.chance(0.5)) maxUnavailable = rng.pick(['10%', '20%', '25%']);
    else maxSurge = rng.pick(['10%', '20%']);
  }
  const spec: RolloutSpec = {
    name: 'md',
    replicas,
    strategy: { type, maxSurge, maxUnavailable },
    deletePolicy: rng.pick(['Random', 'Newest', 'Oldest'] as const),
    paused: false,
    minReadySeconds: rng.pick([0, 0, 0, 10, 30, 60]),
    templateHash: 'v1',
  };
  const readyAfterTicks = rng.int(1, 4);
  const deleteAfterTicks = rng.int(0, 3);
  const failing = rng.chance(0.35);

  const events: SimEvent[] = [];
  const templates = rng.int(1, 3);
  const templateTicks = Array.from({ length: templates }, () => rng.int(0, 40)).sort((a, b) => a - b);
  templateTicks.forEach((at, i) =>
    events.push({
      at,
      kind: 'spec',
      patch: { templateHash: `v${i + 2}` },
      label: `template v${i + 1} → v${i + 2}`,
    }),
  );
  let maxReplicas = replicas;
  let current = replicas;
  const scales = rng.int(0, 3);
  const scaleTicks = Array.from({ length: scales }, () => rng.int(0, 50)).sort((a, b) => a - b);
  for (const at of scaleTicks) {
    const to = rng.chance(0.2) ? rng.int(0, 1) : rng.int(2, 30);
    events.push({ at, kind: 'spec', patch: { replicas: to }, label: `replicas ${current} → ${to}` });
    current = to;
    maxReplicas = Math.max(maxReplicas, to);
  }
  if (rng.chance(0.15)) {
    const at = rng.int(0, 40);
    events.push({ at, kind: 'spec', patch: { paused: true }, label: 'pause' });
    events.push({ at: at + rng.int(1, 15), kind: 'spec', patch: { paused: false }, label: 'resume' });
  }
  if (type === 'OnDelete') {
    // Hand deletions every 1–3 ticks from the first new template until every old machine of
    // every revision can have been replaced, at the largest size seen.
    const until = Math.max(...events.map((e) => e.at)) + 3 * (maxReplicas + 3);
    for (let at = (templateTicks[0] ?? 0) + rng.int(1, 3); at <= until; at += rng.int(1, 3))
      events.push({ at, kind: 'userDeletesOldMachine' });
  }

  let initialUnhealthy = 0;
  const brokenTemplates: string[] = [];
  let neverReadyRate = 0;
  if (failing) {
    if (rng.chance(0.4)) initialUnhealthy = rng.int(1, Math.max(1, Math.ceil(replicas / 3)));
    if (rng.chance(0.3)) brokenTemplates.push(`v${rng.int(2, templates + 1)}`);
    if (rng.chance(0.5)) neverReadyRate = rng.pick([0.05, 0.1, 0.3]);
    if (rng.chance(0.4)) {
      events.push({
        at: rng.int(0, 50),
        kind: 'machinesTurnUnhealthy',
        machineSet: `md-v1-1`,
        count: rng.int(1, 3),
      });
    }
  }
  const healthy =
    initialUnhealthy === 0 &&
    brokenTemplates.length === 0 &&
    neverReadyRate === 0 &&
    !events.some((e) => e.kind === 'machinesTurnUnhealthy');
  // Stable: events at one tick keep the order they were generated in.
  events.sort((a, b) => a.at - b.at);

  const lastEvent = Math.max(0, ...events.map((e) => e.at));
  const minReadyTicks = Math.ceil(spec.minReadySeconds / 10);
  // Generous: the slowest rollout (maxSurge 1 / maxUnavailable 0 or OnDelete) replaces one
  // machine per create-ready-delete cycle, for every revision, at the largest size seen.
  const cycle = readyAfterTicks + deleteAfterTicks + minReadyTicks + 3;
  const maxTicks = lastEvent + cycle * (maxReplicas + 2) * (templates + 1) + 50;
  return {
    spec,
    events,
    readyAfterTicks,
    deleteAfterTicks,
    initialUnhealthy,
    brokenTemplates,
    neverReadyRate,
    neverReadySalt: rng.int(0, 0x7fffffff),
    healthy,
    // Drawn last, so the fields above stay what they were for every seed.
    samePassSync: rng.chance(0.5),
    readyJitterTicks: rng.pick([0, 0, 1, 2]),
    maxTicks,
  };
}
