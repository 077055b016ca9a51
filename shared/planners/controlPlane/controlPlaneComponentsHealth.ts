import { hasHealthyControlPlaneComponents } from './machineFilters';
import type { ControlPlaneMachine } from './types';

export interface ComponentsTransition {
  addMachine: boolean;
  machineToRemove?: string;
}

/**
 * `targetKubernetesControlPlaneComponentsHealthy` (remediation.go): after the change, at least one
 * Machine must still run a full healthy set of API server, controller manager, scheduler and etcd
 * pod (kubeadm wires each set to its local etcd and API server). An added Machine is assumed
 * unhealthy unless there are no Machines at all.
 */
export function targetControlPlaneComponentsHealthy(
  machines: readonly ControlPlaneMachine[],
  transition: ComponentsTransition,
): boolean {
  let healthy = transition.addMachine && machines.length === 0 ? 1 : 0;
  for (const m of machines) {
    if (m.name === transition.machineToRemove) continue;
    if (hasHealthyControlPlaneComponents(m)) healthy++;
  }
  return healthy >= 1;
}
