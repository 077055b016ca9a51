import type { DrainBehavior } from '../../../../shared/planners/drain';
import type { DrainScenario } from './scenario';
import { desiredHealthy, type LivePod } from './world';

/**
 * How each Pod must be treated, from capi-behaviour.md §5.3 and the scenario alone (not from
 * the planner): the filters in CAPI's order, first decision wins —
 *   deleted > 1 s ago on an unreachable Node: skip; DaemonSet (unless finished or orphaned):
 *   skip; static (mirror): skip; drain label skip / wait-completed; first MachineDrainRule by
 *   name; else Drain with order 0.
 */
export interface PodTreatment {
  behavior: DrainBehavior;
  order: number;
  why: string;
}

const finished = (p: LivePod) => p.seed.phase === 'Succeeded' || p.seed.phase === 'Failed';

export function treatment(s: DrainScenario, p: LivePod, second: number): PodTreatment {
  if (s.nodeUnreachable && p.deletionAt !== undefined && second - p.deletionAt > 1)
    return { behavior: 'Skip', order: 0, why: 'deleted on an unreachable Node' };
  if (p.app.owner === 'DaemonSet' && !finished(p) && !p.seed.ownerMissing)
    return { behavior: 'Skip', order: 0, why: 'DaemonSet Pod' };
  if (p.seed.mirror) return { behavior: 'Skip', order: 0, why: 'static Pod' };
  const label = p.seed.drainLabel?.toLowerCase().replace('-', '');
  if (label === 'skip') return { behavior: 'Skip', order: 0, why: 'drain label skip' };
  if (label === 'waitcompleted')
    return { behavior: 'WaitCompleted', order: 0, why: 'drain label wait-completed' };
  const rule = [...s.rules]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .find((r) => r.apps.length === 0 || r.apps.includes(p.app.name));
  if (rule) {
    const order = rule.behavior === 'Drain' ? (rule.order ?? 0) : 0;
    return { behavior: rule.behavior, order, why: `rule ${rule.name}` };
  }
  return { behavior: 'Drain', order: 0, why: 'default' };
}

/**
 * Whether the drain can finish on its own (no timeout needed): every WaitCompleted Pod
 * completes, and every PDB lets each of the app's Pods go in turn — a replicated app needs
 * one disruption at full health (its replacement restores it), an unreplicated one needs a
 * disruption for each of its Running Pods here. Budgets that never allow one (minAvailable ≥
 * expected, maxUnavailable 0) are the classic drain deadlock (CAPI #2331).
 */
export function drainCanFinish(s: DrainScenario, pods: readonly LivePod[]): boolean {
  for (const p of pods) {
    const t = treatment(s, p, 0);
    if (t.behavior === 'WaitCompleted' && p.seed.completesAt === undefined) return false;
  }
  for (const app of s.apps) {
    if (!app.pdb) continue;
    // Terminal Pods count as expected but never healthy, and nothing replaces them.
    const here = s.pods.filter((p) => p.app === app.name);
    const expected = here.length + app.elsewhere;
    const running = here.filter((p) => p.phase === 'Running').length + app.elsewhere;
    const slack = running - desiredHealthy(app.pdb, expected);
    const replicated = app.owner !== 'none' && app.owner !== 'DaemonSet';
    const mustGo = pods.filter(
      (p) => p.app === app && p.seed.phase === 'Running' && treatment(s, p, 0).behavior === 'Drain',
    ).length;
    if (mustGo > 0 && (replicated ? slack < 1 : slack < mustGo)) return false;
  }
  return true;
}
