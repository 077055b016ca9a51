import type { PodRef } from './types';

export const podName = (p: PodRef): string => `${p.namespace}/${p.name}`;

/** CAPI `clog.ListToString`: the first `max` entries, then "... (N more)". */
export function listPods(pods: readonly PodRef[], max = 3): string {
  const shown = pods.slice(0, max).map(podName);
  if (pods.length > max) shown.push(`... (${pods.length - max} more)`);
  return shown.join(', ');
}

export function countPods(n: number): string {
  return n === 1 ? '1 pod' : `${n} pods`;
}
