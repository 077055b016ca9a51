import { rulesForMachine } from './drainRules';
import { classifyPod } from './podFilters';
import type { DrainState } from './types';

/**
 * CAPI `getPersistentVolumeClaimsToIgnore`: "namespace/claim" of every PVC used by a Pod the drain
 * skips (DaemonSet, static, drain label or MachineDrainRule Skip). The volume-detach wait ignores
 * them, since those Pods are never evicted. As in CAPI, the unreachable-Node rule is not applied.
 */
export function claimsOfPodsSkippedByDrain(
  state: Pick<DrainState, 'machine' | 'clusterLabels' | 'pods' | 'rules' | 'namespaceLabels'>,
  now: string,
): string[] {
  const rules = rulesForMachine(state.rules, state.machine.labels, state.clusterLabels);
  const claims = new Set<string>();
  for (const pod of state.pods) {
    const c = classifyPod(pod, {
      now,
      nodeUnreachable: false,
      rules,
      namespaceLabels: state.namespaceLabels,
    });
    if (c.error || c.behavior !== 'Skip') continue;
    for (const claim of pod.claims ?? []) claims.add(`${pod.namespace}/${claim}`);
  }
  return [...claims].sort();
}
