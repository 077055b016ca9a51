import { PDB_VIOLATION_MESSAGE } from './constants';
import type { DrainProgress } from './drainProgress';
import { listPods } from './podLists';
import { formatRfc3339 } from './time';
import type { PodRef } from './types';

const LOWER_PDB = "cannot evict pod as it would violate the pod's disruption budget.";

const kind = (pods: readonly unknown[]) => (pods.length > 1 ? 'Pods' : 'Pod');

/**
 * CAPI `EvictionResult.ConditionMessage`, from what the passes so far observed. The substrings
 * ("would violate the pod's disruption budget", "deletionTimestamp set", "failed to evict Pod",
 * "waiting for completion") are what the 15-minute Deleting summary looks for.
 */
export function drainConditionMessage(progress: DrainProgress, drainStartedAt: string): string {
  const g = progress.groups;
  const refs = (list: readonly { pod: PodRef }[]) => list.map((c) => c.pod);
  let message = `Drain not completed yet (started at ${formatRfc3339(drainStartedAt)}):`;
  const terminating = [...refs(g.terminating), ...refs(progress.accepted)];
  if (terminating.length > 0) {
    message += `\n* ${kind(terminating)} ${listPods(terminating)}: deletionTimestamp set, but still not removed from the Node`;
  }
  const byError = new Map<string, PodRef[]>();
  for (const f of progress.failed)
    byError.set(f.attempt.lastError, [...(byError.get(f.attempt.lastError) ?? []), f.pod.pod]);
  const errors = [...byError.keys()].sort();
  for (const error of errors.slice(0, 5)) {
    const pods = byError.get(error)!;
    let text = error.replace(PDB_VIOLATION_MESSAGE, LOWER_PDB);
    if (!text.startsWith(LOWER_PDB)) text = `failed to evict Pod, ${text}`;
    message += `\n* ${kind(pods)} ${listPods(pods)}: ${text}`;
  }
  if (errors.length > 5) {
    const others = errors.slice(5).reduce((n, e) => n + byError.get(e)!.length, 0);
    message += others === 1 ? '\n* 1 Pod with other issues' : `\n* ${others} Pods with other issues`;
  }
  if (progress.fresh.length > 0) {
    message += `\n* ${kind(progress.fresh)} ${listPods(refs(progress.fresh))}: eviction being triggered`;
  }
  if (g.waitCompletedNow.length > 0) {
    message += `\n* ${kind(g.waitCompletedNow)} ${listPods(refs(g.waitCompletedNow))}: waiting for completion`;
  }
  if (g.evictLater.length > 0) {
    message += `\nAfter above Pods have been removed from the Node, the following Pods will be evicted: ${listPods(refs(g.evictLater))}`;
  }
  if (g.waitCompletedLater.length > 0) {
    message += `\nAfter above Pods have been removed from the Node, waiting for the following Pods to complete without eviction: ${listPods(refs(g.waitCompletedLater))}`;
  }
  return message;
}
