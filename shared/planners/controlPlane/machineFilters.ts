import {
  CONTROL_PLANE_COMPONENT_CONDITIONS,
  DELETE_MACHINE_ANNOTATION,
  PREFLIGHT_CONDITIONS,
} from './constants';
import type { ConditionState, ControlPlaneMachine, MachineConditionType } from './types';

/**
 * Predicates and orderings over control-plane Machines, named after CAPI's
 * `util/collections` filters so each rule reads like the Go it mirrors.
 */

export const conditionOf = (m: ControlPlaneMachine, type: MachineConditionType): ConditionState | undefined =>
  m.conditions[type];

export const isConditionTrue = (m: ControlPlaneMachine, type: MachineConditionType): boolean =>
  m.conditions[type] === 'True';

/** `collections.HasNode` */
export const hasNode = (m: ControlPlaneMachine): boolean => Boolean(m.nodeName);

/** `collections.HasDeletionTimestamp` */
export const isDeleting = (m: ControlPlaneMachine): boolean => Boolean(m.deletionRequestedAt);

/** `collections.HasAnnotationKey(DeleteMachineAnnotation)` */
export const hasDeleteMachineAnnotation = (m: ControlPlaneMachine): boolean =>
  DELETE_MACHINE_ANNOTATION in m.annotations;

/** `collections.IsUnhealthy`: the MHC marked the Machine (HealthCheckSucceeded=False). */
export const isMarkedUnhealthyByMhc = (m: ControlPlaneMachine): boolean =>
  conditionOf(m, 'HealthCheckSucceeded') === 'False';

/** `collections.IsUnhealthyAndOwnerRemediated`: the MHC asks KCP (the owner) to remediate. */
export const isToBeRemediatedByKcp = (m: ControlPlaneMachine): boolean =>
  isMarkedUnhealthyByMhc(m) && conditionOf(m, 'OwnerRemediated') === 'False';

/**
 * `collections.HasUnhealthyControlPlaneComponents`: a component or etcd condition is *False*.
 * Unknown or missing does not count here (it does block preflight) — capi-behaviour.md §15.
 */
export const hasUnhealthyControlPlaneComponents = (m: ControlPlaneMachine): boolean =>
  PREFLIGHT_CONDITIONS.some((c) => conditionOf(m, c) === 'False');

/** All static pods (and the etcd pod) True: one operational set of control-plane components. */
export const hasHealthyControlPlaneComponents = (m: ControlPlaneMachine): boolean =>
  CONTROL_PLANE_COMPONENT_CONDITIONS.every((c) => isConditionTrue(m, c));

const byAge = (a: ControlPlaneMachine, b: ControlPlaneMachine): number =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.name.localeCompare(b.name);

/** `Machines.Oldest()`; equal creation times are broken by name so the choice is deterministic. */
export function oldest(ms: readonly ControlPlaneMachine[]): ControlPlaneMachine | undefined {
  return [...ms].sort(byAge)[0];
}

/** `Machines.Newest()` */
export function newest(ms: readonly ControlPlaneMachine[]): ControlPlaneMachine | undefined {
  return [...ms].sort((a, b) => byAge(b, a))[0];
}

/** `Machines.OldestDeletionTimestamp()` */
export function oldestDeletion(ms: readonly ControlPlaneMachine[]): ControlPlaneMachine | undefined {
  return [...ms]
    .filter(isDeleting)
    .sort(
      (a, b) =>
        Date.parse(a.deletionRequestedAt ?? '') - Date.parse(b.deletionRequestedAt ?? '') ||
        a.name.localeCompare(b.name),
    )[0];
}

export const names = (ms: readonly ControlPlaneMachine[]): string =>
  ms
    .map((m) => m.name)
    .sort()
    .join(', ');
