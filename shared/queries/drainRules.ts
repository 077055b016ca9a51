import type { MachineDrainRule } from '../planners/drain';

/**
 * The cluster workflow's `drainRules` query: its MachineDrainRules and labels as they are now.
 * Drains read them on every pass, as CAPI lists MachineDrainRules on every drain reconcile, so a
 * Skip rule added to unblock a stuck drain takes effect on that drain. Named here (not only in
 * workflows/) because activities, which import only shared/, ask it.
 */
export const DRAIN_RULES_QUERY = 'drainRules';

export interface DrainRulesView {
  rules: MachineDrainRule[];
  clusterLabels: Record<string, string>;
}
