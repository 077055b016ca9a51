import { secondsBetween } from './time';

/**
 * CAPI `nodeDrainTimeoutExceeded`: only with a positive `nodeDrainTimeoutSeconds` and a recorded
 * drain start; exceeded once `now − nodeDrainStartTime ≥ timeout`. Unset or 0 means no limit.
 */
export function nodeDrainTimeoutExceeded(
  timeoutSeconds: number | undefined,
  drainStartedAt: string | undefined,
  now: string,
): boolean {
  if (timeoutSeconds === undefined || timeoutSeconds <= 0 || drainStartedAt === undefined) return false;
  return secondsBetween(drainStartedAt, now) >= timeoutSeconds;
}

/** Same rule for `nodeVolumeDetachTimeoutSeconds` from `waitForNodeVolumeDetachStartTime`. */
export const nodeVolumeDetachTimeoutExceeded = nodeDrainTimeoutExceeded;
