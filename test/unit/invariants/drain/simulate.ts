import {
  EXCLUDE_NODE_DRAINING_ANNOTATION,
  planDrain,
  type DrainState,
  type MachineDrainRule,
} from '../../../../shared/planners/drain';
import { violation, type Violation } from '../violation';
import { drainEndViolation, passViolations } from './checks';
import { drainCanFinish, treatment } from './oracle';
import type { DrainScenario } from './scenario';
import { advance, budgetOf, evict, newDrainWorld, podKey, ref, secondOf, timeAt, toDrainPod } from './world';

/**
 * Drains one Node pass by pass, each pass at the time the previous plan asked for
 * (`nextAttemptAt`), applying the plan's evictions through the simulated Eviction API, checking
 * every pass, and requiring the drain to end — done, skipped or timed out — by a deadline when
 * it can (a timeout is set, or nothing blocks it for good).
 */
export interface DrainRun {
  violation?: Violation;
  transcript: string;
}

/** A drain blocked for good (no timeout) is watched this long: plenty of refused retries. */
const BLOCKED_HORIZON_SECONDS = 1200;

export function simulateDrain(s: DrainScenario): DrainRun {
  const world = newDrainWorld(s);
  const rules: MachineDrainRule[] = s.rules.map((r) => ({
    name: r.name,
    behavior: r.behavior,
    ...(r.order !== undefined ? { order: r.order } : {}),
    pods: r.apps.map((app) => ({ selector: { matchLabels: { app } } })),
  }));
  const deadline = drainDeadline(s, world.pods);
  const lines: string[] = [
    `# must end by ${deadline === undefined ? 'never (blocked for good, no timeout)' : `${deadline} s`}`,
  ];
  let cordoned = false;
  let second = 0;
  const fail = (v: Violation): DrainRun => {
    lines.push(`${second}s VIOLATION ${v.rule}: ${v.message}`);
    return { violation: v, transcript: lines.join('\n') };
  };

  const horizon = deadline ?? BLOCKED_HORIZON_SECONDS;
  while (second <= horizon + 20) {
    advance(world, second, (p) => treatment(s, p, second).behavior === 'WaitCompleted');
    const state: DrainState = {
      machine: {
        name: 'm',
        labels: {},
        annotations: s.excludeAnnotation ? { [EXCLUDE_NODE_DRAINING_ANNOTATION]: '' } : {},
      },
      clusterLabels: {},
      nodeName: 'node-1',
      nodeFound: s.nodeFound,
      nodeUnreachable: s.nodeUnreachable,
      cordoned,
      pods: world.pods.map(toDrainPod),
      pdbs: s.apps.map((a) => budgetOf(world, a, second)).filter((b) => b !== undefined),
      rules,
      namespaceLabels: { default: {}, 'team-a': { team: 'a' }, 'kube-system': {} },
      attempts: [...world.attempts.values()],
      drainStartedAt: timeAt(0),
      ...(s.nodeDrainTimeoutSeconds !== undefined
        ? { nodeDrainTimeoutSeconds: s.nodeDrainTimeoutSeconds }
        : {}),
    };
    const plan = planDrain(state, timeAt(second));
    const broken = passViolations(plan, {
      second,
      pods: world.pods.map((p) => ({
        key: podKey(ref(p)),
        treatment: treatment(s, p, second),
        terminating: p.deletionAt !== undefined,
      })),
      attempts: world.attempts,
      drainStartedAt: 0,
      ...(s.nodeDrainTimeoutSeconds !== undefined
        ? { nodeDrainTimeoutSeconds: s.nodeDrainTimeoutSeconds }
        : {}),
      skipped: s.excludeAnnotation || !s.nodeFound,
    });
    const results = plan.evict.map((r) => {
      const error = broken.length > 0 ? undefined : evict(world, r, second);
      return `${r.name}${error === undefined ? '' : error.includes('disruption budget') ? ' (429 PDB)' : ' (error)'}`;
    });
    lines.push(
      `${second}s pods [${world.pods.map((p) => `${p.seed.name}${p.deletionAt !== undefined ? '~' : ''}`).join(' ')}] evict [${results.join(' ')}]${plan.proceed ? ` → proceed (${plan.done ? 'done' : plan.timedOut ? 'timed out' : (plan.skip?.reason ?? '?')})` : ''}`,
    );
    if (broken[0]) return fail(broken[0]);
    if (plan.errors.length > 0) return fail(violation('drain-error', plan.errors.join('; ')));
    if (plan.proceed) return { transcript: lines.join('\n') };
    if (plan.cordon) cordoned = true;
    const next = plan.nextAttemptAt ? secondOf(plan.nextAttemptAt) : second + 20;
    second = Math.max(next, second + 1);
    const late = drainEndViolation(second, deadline);
    if (late) return fail(late);
  }
  return { transcript: lines.join('\n') };
}

/**
 * When the drain must have ended: at once when it is skipped; by nodeDrainTimeout when one is
 * set; otherwise, when nothing blocks it for good, after every WaitCompleted Pod completed and
 * every Pod to evict had its turn (grace, replacement, two retry intervals each, one at a time).
 */
function drainDeadline(s: DrainScenario, pods: Parameters<typeof drainCanFinish>[1]): number | undefined {
  if (s.excludeAnnotation || !s.nodeFound) return 0;
  let bound: number | undefined;
  if (drainCanFinish(s, pods)) {
    const waits = pods
      .filter((p) => treatment(s, p, 0).behavior === 'WaitCompleted')
      .map((p) => p.seed.completesAt ?? 0);
    const evictions = pods
      .filter((p) => treatment(s, p, 0).behavior === 'Drain')
      .reduce((n, p) => n + p.seed.grace + p.app.replacementDelay + 40, 0);
    bound = 120 + Math.max(0, ...waits) + evictions;
  }
  const timeout = s.nodeDrainTimeoutSeconds;
  if (timeout !== undefined && timeout > 0) return bound === undefined ? timeout : Math.min(bound, timeout);
  return bound;
}
