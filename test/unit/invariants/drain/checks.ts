import {
  DRAIN_RETRY_INTERVAL_SECONDS,
  type DrainPlan,
  type EvictionAttempt,
} from '../../../../shared/planners/drain';
import { violation, type Violation } from '../violation';
import type { PodTreatment } from './oracle';
import { podKey, secondOf } from './world';

/**
 * The drain invariants, per pass. What planDrain promises (and the checks hold it to):
 * - DaemonSet, static and otherwise skipped Pods are never evicted; WaitCompleted Pods are
 *   waited on, never evicted; a terminating Pod is not evicted again;
 * - only the lowest `order` still present is evicted (terminating and WaitCompleted Pods of a
 *   lower order hold the higher ones back);
 * - every eviction goes through the Eviction API, which enforces the PDBs; the planner's part is
 *   to come back to a refused Pod no sooner than drainRetryInterval (20 s) — never hammering a
 *   budget that said no;
 * - "done" only when no Pod that must leave (Drain) or be waited for (WaitCompleted) is left;
 *   "timed out" only once nodeDrainTimeout has really elapsed.
 */
export interface PassView {
  second: number;
  /** every Pod on the Node with the oracle's treatment and whether it is terminating */
  pods: { key: string; treatment: PodTreatment; terminating: boolean }[];
  attempts: ReadonlyMap<string, EvictionAttempt>;
  drainStartedAt: number;
  nodeDrainTimeoutSeconds?: number;
  /** the drain is skipped outright (exclude annotation, Node not found) */
  skipped: boolean;
}

export function passViolations(plan: DrainPlan, pass: PassView): Violation[] {
  const out: Violation[] = [];
  const byKey = new Map(pass.pods.map((p) => [p.key, p]));
  const present = pass.pods.filter((p) => p.treatment.behavior !== 'Skip');
  const minOrder = Math.min(...present.map((p) => p.treatment.order));
  for (const ref of plan.evict) {
    const key = podKey(ref);
    const pod = byKey.get(key);
    if (!pod) {
      out.push(violation('evicts-unknown', `evicting ${key}, which is not on the Node`));
      continue;
    }
    const { behavior, order, why } = pod.treatment;
    if (behavior === 'Skip') out.push(violation('evicts-skipped', `evicting ${key} (${why})`));
    else if (behavior === 'WaitCompleted')
      out.push(violation('evicts-wait-completed', `evicting ${key} (${why})`));
    else if (pod.terminating)
      out.push(violation('evicts-terminating', `evicting ${key} again while it terminates`));
    else if (order > minOrder)
      out.push(
        violation('drain-order', `evicting ${key} (order ${order}) while order ${minOrder} Pods remain`),
      );
    const attempt = pass.attempts.get(key);
    if (
      attempt?.lastError !== undefined &&
      pass.second - secondOf(attempt.lastAttemptAt) < DRAIN_RETRY_INTERVAL_SECONDS
    ) {
      out.push(
        violation(
          'retry-too-soon',
          `evicting ${key} ${pass.second - secondOf(attempt.lastAttemptAt)} s after it was refused (${attempt.lastError.slice(0, 60)}…)`,
        ),
      );
    }
  }
  if (plan.done && !pass.skipped) {
    const left = present.map((p) => p.key);
    if (left.length > 0)
      out.push(violation('done-too-early', `drain reported done with ${left.join(', ')} still on the Node`));
  }
  if (plan.timedOut) {
    const elapsed = pass.second - pass.drainStartedAt;
    const timeout = pass.nodeDrainTimeoutSeconds ?? 0;
    if (timeout <= 0 || elapsed < timeout)
      out.push(violation('timeout-early', `timed out after ${elapsed} s with nodeDrainTimeout ${timeout} s`));
  }
  return out;
}

/**
 * A drain that can end must have ended by its deadline (plus one retry interval: passes are up
 * to 20 s apart). No deadline: blocked for good with no timeout, which CAPI also waits out.
 */
export function drainEndViolation(second: number, deadline: number | undefined): Violation | undefined {
  if (deadline === undefined || second <= deadline + DRAIN_RETRY_INTERVAL_SECONDS) return undefined;
  return violation('drain-never-ends', `still draining at ${second} s, due to end by ${deadline} s`);
}
