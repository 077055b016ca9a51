import type { PodClassification } from './podFilters';

export interface EvictionGroups {
  /** lowest order present among Pods still to drain or wait for */
  minOrder: number;
  evictNow: PodClassification[];
  evictLater: PodClassification[];
  /** Drain Pods already deleting: waited on, not evicted again */
  terminating: PodClassification[];
  waitCompletedNow: PodClassification[];
  waitCompletedLater: PodClassification[];
  ignored: PodClassification[];
}

const podKey = (c: PodClassification) => `${c.pod.namespace}/${c.pod.name}`;

/**
 * CAPI `EvictPods` grouping: Pods sorted by namespace/name; only the minimum `order` among Drain
 * and WaitCompleted Pods (terminating ones included, so a higher order waits until lower-order
 * Pods are really gone) is evicted or waited on in this pass; WaitCompleted Pods are never evicted.
 */
export function groupForEviction(classified: readonly PodClassification[]): EvictionGroups {
  const sorted = [...classified].sort((a, b) => (podKey(a) < podKey(b) ? -1 : podKey(a) > podKey(b) ? 1 : 0));
  const relevant = sorted.filter((c) => c.behavior !== 'Skip');
  const minOrder = relevant.reduce((min, c) => Math.min(min, c.order), Number.POSITIVE_INFINITY);
  const groups: EvictionGroups = {
    minOrder,
    evictNow: [],
    evictLater: [],
    terminating: [],
    waitCompletedNow: [],
    waitCompletedLater: [],
    ignored: [],
  };
  for (const c of sorted) {
    if (c.behavior === 'Drain' && !c.pod.deletionTimestamp) {
      (c.order === minOrder ? groups.evictNow : groups.evictLater).push(c);
    } else if (c.behavior === 'WaitCompleted') {
      (c.order === minOrder ? groups.waitCompletedNow : groups.waitCompletedLater).push(c);
    } else if (c.behavior === 'Drain') {
      groups.terminating.push(c);
    } else {
      groups.ignored.push(c);
    }
  }
  return groups;
}
