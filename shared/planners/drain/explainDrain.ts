import type { DrainProgress, FailedEviction } from './drainProgress';
import {
  budgetNameFromError,
  budgetNeverAllows,
  budgetsForPod,
  describeBudget,
  isBudgetRefusal,
} from './pdbs';
import { countPods, listPods } from './podLists';
import { formatAge, secondsBetween } from './time';
import type { PodDisruptionBudgetInfo, PodRef } from './types';

export interface ExplainInput {
  progress: DrainProgress;
  pdbs: readonly PodDisruptionBudgetInfo[];
  drainStartedAt: string;
  nodeDrainTimeoutSeconds?: number;
  now: string;
}

interface BlockedGroup {
  label: string;
  pdb?: PodDisruptionBudgetInfo;
  pods: FailedEviction[];
}

/** Refused evictions grouped by the budget that refused them (by selector, else by the name in the error). */
function groupByBudget(
  failed: readonly FailedEviction[],
  pdbs: readonly PodDisruptionBudgetInfo[],
): BlockedGroup[] {
  const groups = new Map<string, BlockedGroup>();
  for (const f of failed) {
    const pdb = budgetsForPod(f.pod.pod, pdbs)[0];
    const named = budgetNameFromError(f.attempt.lastError);
    const label = pdb
      ? `${pdb.namespace}/${pdb.name}`
      : named
        ? `${f.pod.pod.namespace}/${named}`
        : 'unknown';
    const group = groups.get(label) ?? { label, pdb, pods: [] };
    group.pods.push(f);
    groups.set(label, group);
  }
  return [...groups.values()].sort((a, b) => (a.label < b.label ? -1 : 1));
}

const longestSince = (pods: readonly FailedEviction[], now: string) =>
  Math.max(...pods.map((f) => secondsBetween(f.attempt.firstAttemptAt, now)));

const refs = (list: readonly { pod: PodRef }[]) => list.map((c) => c.pod);

/**
 * One paragraph that says exactly why a drain is not finished, e.g.
 * "2 pods blocked by PodDisruptionBudget payments/api (minAvailable 3) for 14m; drain timeout in 6m".
 * Order: refusals by budget, other eviction errors, Pods terminating, evictions issued now,
 * Pods waited on to complete, later drain orders, then the timeout, then any budget that can
 * never allow an eviction (the deadlock only nodeDrainTimeout breaks).
 */
export function explainDrain(input: ExplainInput): string {
  const { progress, now } = input;
  const g = progress.groups;
  const parts: string[] = [];
  const refused = progress.failed.filter((f) => isBudgetRefusal(f.attempt.lastError));
  const blocked = groupByBudget(refused, input.pdbs);
  for (const group of blocked) {
    const spec = group.pdb ? ` (${describeBudget(group.pdb)})` : '';
    parts.push(
      `${countPods(group.pods.length)} blocked by PodDisruptionBudget ${group.label}${spec} for ${formatAge(longestSince(group.pods, now))}`,
    );
  }
  const otherErrors = new Map<string, FailedEviction[]>();
  for (const f of progress.failed.filter((x) => !isBudgetRefusal(x.attempt.lastError))) {
    otherErrors.set(f.attempt.lastError, [...(otherErrors.get(f.attempt.lastError) ?? []), f]);
  }
  for (const [error, pods] of [...otherErrors.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    parts.push(
      `${countPods(pods.length)} failing eviction for ${formatAge(longestSince(pods, now))} (${listPods(refs(pods.map((p) => p.pod)))}): ${error}`,
    );
  }
  const terminating = [...refs(g.terminating), ...refs(progress.accepted)];
  if (terminating.length > 0)
    parts.push(`${countPods(terminating.length)} evicted and still terminating (${listPods(terminating)})`);
  if (progress.fresh.length > 0)
    parts.push(`evicting ${countPods(progress.fresh.length)} now (${listPods(refs(progress.fresh))})`);
  if (g.waitCompletedNow.length > 0) {
    parts.push(
      `waiting for ${countPods(g.waitCompletedNow.length)} to complete without eviction (${listPods(refs(g.waitCompletedNow))})`,
    );
  }
  const later = [...g.evictLater, ...g.waitCompletedLater];
  if (later.length > 0) {
    const orders = [...new Set(later.map((c) => c.order))].sort((a, b) => a - b).join(', ');
    parts.push(
      `${countPods(later.length)} of later drain order (${orders}) wait until order ${g.minOrder} is gone`,
    );
  }

  const timeout = input.nodeDrainTimeoutSeconds;
  if (timeout !== undefined && timeout > 0) {
    const left = timeout - secondsBetween(input.drainStartedAt, now);
    parts.push(`drain timeout in ${formatAge(Math.ceil(left))}`);
  } else {
    parts.push('no nodeDrainTimeout set, so the drain waits as long as it takes');
  }

  for (const group of blocked) {
    const never = group.pdb ? budgetNeverAllows(group.pdb) : undefined;
    if (!never) continue;
    const ending =
      timeout !== undefined && timeout > 0
        ? 'only nodeDrainTimeout or a change to the budget ends this drain'
        : 'this drain never completes unless the budget changes or nodeDrainTimeout is set';
    parts.push(`PodDisruptionBudget ${group.label} can never allow an eviction (${never}): ${ending}`);
  }
  return parts.join('; ');
}
