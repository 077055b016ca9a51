import { isDeleting } from './machineFilters';
import type { ControlPlaneMachine, ControlPlaneSpec } from './types';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Why a Machine is not up to date (`filters.go` UpToDate, capi-behaviour.md §4.3); empty when it
 * is. The failure domain is deliberately not compared: KCP never rolls a Machine out to move it
 * between failure domains (comment in `matchesMachineSpec`).
 */
export function outdatedReasons(m: ControlPlaneMachine, spec: ControlPlaneSpec, now: string): string[] {
  const reasons: string[] = [];
  if (m.version !== spec.version) {
    reasons.push(`Machine version "${m.version}" is not equal to KCP version "${spec.version}"`);
  }
  if (m.templateHash !== spec.templateHash) {
    reasons.push(`machine template changed (${m.templateHash} → ${spec.templateHash})`);
  }
  // collections.ShouldRolloutAfter: rolloutAfter has passed and the Machine predates it.
  const after = spec.rollout.after;
  if (after && Date.parse(after) < Date.parse(now) && Date.parse(m.createdAt) < Date.parse(after)) {
    reasons.push(`Machine was created before rollout.after ${after}`);
  }
  // collections.ShouldRolloutBefore: certificates expire within certificatesExpiryDays.
  const days = spec.rollout.certificatesExpiryDays ?? 0;
  if (
    days > 0 &&
    m.certificatesExpiryDate &&
    Date.parse(now) + days * DAY_MS > Date.parse(m.certificatesExpiryDate)
  ) {
    reasons.push(
      `certificates expire at ${m.certificatesExpiryDate}, within ${days} days (rollout.before.certificatesExpiryDays)`,
    );
  }
  return reasons;
}

export const isUpToDate = (m: ControlPlaneMachine, spec: ControlPlaneSpec, now: string): boolean =>
  outdatedReasons(m, spec, now).length === 0;

/**
 * `ControlPlane.MachinesNeedingRollout`: outdated Machines that are not already being deleted
 * (those are replaced once their deletion completes).
 */
export function machinesNeedingRollout(
  machines: readonly ControlPlaneMachine[],
  spec: ControlPlaneSpec,
  now: string,
): ControlPlaneMachine[] {
  return machines.filter((m) => !isDeleting(m) && !isUpToDate(m, spec, now));
}
