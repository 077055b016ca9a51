import { REMEDIATE_MACHINE_ANNOTATION } from './constants';
import { hasNode, isConditionTrue } from './machineFilters';
import type { ControlPlaneMachine, MachineConditionType } from './types';

/** Issues in priority order after the annotation and the missing Node (`pickMachineToBeRemediated`). */
const CONDITIONS_BY_SEVERITY: readonly MachineConditionType[] = [
  'EtcdMemberHealthy',
  'EtcdPodHealthy',
  'APIServerPodHealthy',
  'ControllerManagerPodHealthy',
  'SchedulerPodHealthy',
  'NodeKubeadmLabelsAndTaintsSet',
];

/**
 * `getMachineToBeRemediated` (remediation.go; capi-behaviour.md §4.6): the "most broken" Machine
 * first — the remediate-machine annotation, then no Node, then a non-True condition in the order
 * EtcdMemberHealthy, EtcdPodHealthy, APIServer, ControllerManager, Scheduler,
 * NodeKubeadmLabelsAndTaintsSet; then the oldest, then name.
 */
export function selectMachineToRemediate(
  candidates: readonly ControlPlaneMachine[],
): ControlPlaneMachine | undefined {
  return [...candidates].sort(compareForRemediation)[0];
}

/** Negative when `a` should be remediated before `b`. */
export function compareForRemediation(a: ControlPlaneMachine, b: ControlPlaneMachine): number {
  const issues = (m: ControlPlaneMachine): boolean[] => [
    REMEDIATE_MACHINE_ANNOTATION in m.annotations,
    !hasNode(m),
    ...CONDITIONS_BY_SEVERITY.map((c) => !isConditionTrue(m, c)),
  ];
  const ia = issues(a);
  const ib = issues(b);
  for (let i = 0; i < ia.length; i++) {
    if (ia[i] !== ib[i]) return ia[i] ? -1 : 1;
  }
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.name.localeCompare(b.name);
}
