import type { DesiredMachineDrainRule } from '../desired';
import { buildMachineDrainRule } from './build/machineDrainRule';
import type { DocIndex } from './docIndex';
import type { ClusterScope } from './scope';

/**
 * The MachineDrainRules that apply to a cluster's Machines: every rule of the cluster's namespace
 * (CAPI lists the rules in the Machine's namespace; `spec.machines[].clusterSelector` is evaluated
 * against the Cluster's labels at drain time). A rule that failed validation blocks every cluster
 * of its namespace: compiling without it would drain Pods the user meant to protect.
 */
export function compileMachineDrainRules(index: DocIndex, scope: ClusterScope): DesiredMachineDrainRule[] {
  const out: DesiredMachineDrainRule[] = [];
  for (const doc of index.ofKind('MachineDrainRule')) {
    if (doc.namespace !== scope.namespace) continue;
    const rule = scope.use(doc);
    if (rule) out.push(buildMachineDrainRule(rule));
  }
  return out;
}
