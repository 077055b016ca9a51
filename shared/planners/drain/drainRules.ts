import { matchesSelector, type LabelSelector } from '../../model/rules/labelSelector';
import type { DrainPod, MachineDrainRule } from './types';

/** CAPI drain `matchesSelector`: an absent or empty selector matches everything. */
function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  return selector === undefined || matchesSelector(selector, labels);
}

/**
 * CAPI `getMatchingMachineDrainRules` + `machineDrainRuleAppliesToMachine`: rules whose
 * `spec.machines` is empty, or has an entry whose selector matches the Machine AND whose
 * clusterSelector matches the Cluster; sorted alphabetically by name.
 */
export function rulesForMachine(
  rules: readonly MachineDrainRule[],
  machineLabels: Record<string, string>,
  clusterLabels: Record<string, string>,
): MachineDrainRule[] {
  return rules
    .filter(
      (r) =>
        !r.machines ||
        r.machines.length === 0 ||
        r.machines.some(
          (m) => selects(m.selector, machineLabels) && selects(m.clusterSelector, clusterLabels),
        ),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * CAPI `machineDrainRuleAppliesToPod`: `spec.pods` empty, or an entry whose selector matches the
 * Pod AND whose namespaceSelector matches the Pod's Namespace.
 */
export function ruleAppliesToPod(
  rule: MachineDrainRule,
  pod: DrainPod,
  namespaceLabels: Record<string, string>,
): boolean {
  if (!rule.pods || rule.pods.length === 0) return true;
  return rule.pods.some(
    (p) => selects(p.selector, pod.labels) && selects(p.namespaceSelector, namespaceLabels),
  );
}
