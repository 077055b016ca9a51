import type { DesiredLabelSelector, DesiredMachineDrainRule } from '../../desired';
import type { LabelSelectorSpec } from '../../kinds/common/labelSelector';
import type { MachineDrainRuleObject } from '../../kinds/machineDrainRule';
import { compact } from './compact';

function selector(s: LabelSelectorSpec | undefined): DesiredLabelSelector | undefined {
  if (s === undefined) return undefined;
  return compact({
    matchLabels: s.matchLabels ?? undefined,
    matchExpressions: s.matchExpressions?.map((e) =>
      compact({ key: e.key, operator: e.operator, values: e.values }),
    ),
  });
}

/** DesiredMachineDrainRule (the drain planner's shape) from a validated MachineDrainRule. */
export function buildMachineDrainRule(rule: MachineDrainRuleObject): DesiredMachineDrainRule {
  const { drain, machines, pods } = rule.spec;
  return compact({
    name: rule.metadata.name,
    behavior: drain.behavior,
    order: drain.order,
    machines: machines?.map((m) =>
      compact({ selector: selector(m.selector), clusterSelector: selector(m.clusterSelector) }),
    ),
    pods: pods?.map((p) =>
      compact({ selector: selector(p.selector), namespaceSelector: selector(p.namespaceSelector) }),
    ),
  });
}
