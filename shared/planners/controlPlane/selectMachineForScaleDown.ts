import { selectMachineInFailureDomainWithMostMachines } from './failureDomainPlacement';
import { hasDeleteMachineAnnotation, hasUnhealthyControlPlaneComponents, isDeleting } from './machineFilters';
import type { ControlPlaneMachine, FailureDomain } from './types';

export interface ScaleDownSelection {
  machine: ControlPlaneMachine;
  /** which eligibility rule picked the candidate set, for reasons */
  rule: string;
}

/**
 * `selectMachineForInPlaceUpdateOrScaleDown` (scale.go; capi-behaviour.md §4.4). The first
 * non-empty set is eligible:
 *   1. outdated Machines with the delete-machine annotation;
 *   2. any Machine with that annotation;
 *   3. outdated Machines with a *False* component or etcd condition;
 *   4. outdated Machines;
 *   5. all Machines.
 * Then the failure-domain rule picks one (`selectMachineInFailureDomainWithMostMachines`).
 * Machines already being deleted are never picked again.
 */
export function selectMachineForScaleDown(
  machines: readonly ControlPlaneMachine[],
  outdated: readonly ControlPlaneMachine[],
  domains: readonly FailureDomain[],
): ScaleDownSelection | undefined {
  const live = machines.filter((m) => !isDeleting(m));
  const liveOutdated = outdated.filter((m) => !isDeleting(m));
  const rules: Array<[string, ControlPlaneMachine[]]> = [
    ['outdated with the delete-machine annotation', liveOutdated.filter(hasDeleteMachineAnnotation)],
    ['delete-machine annotation', live.filter(hasDeleteMachineAnnotation)],
    [
      'outdated with unhealthy control plane components',
      liveOutdated.filter(hasUnhealthyControlPlaneComponents),
    ],
    ['outdated', liveOutdated],
    ['any', live],
  ];
  const [rule, eligible] = rules.find(([, set]) => set.length > 0) ?? ['any', []];
  const machine = selectMachineInFailureDomainWithMostMachines(domains, machines, eligible);
  return machine ? { machine, rule } : undefined;
}
