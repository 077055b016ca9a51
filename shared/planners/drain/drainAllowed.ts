import {
  EXCLUDE_NODE_DRAINING_ANNOTATION,
  EXCLUDE_WAIT_FOR_NODE_VOLUME_DETACH_ANNOTATION,
} from './constants';
import { nodeDrainTimeoutExceeded, nodeVolumeDetachTimeoutExceeded } from './drainTimeout';
import { formatAge } from './time';
import type { MachineDeletionState } from './machineDeletionTypes';

/**
 * CAPI `isNodeDrainAllowed` / `isNodeVolumeDetachingAllowed`: why the step is skipped, or
 * undefined when it runs. Skipped by its exclude annotation, once the pre-terminate hook wait
 * has started, when the InfraMachine is gone or being deleted, or after the step's timeout.
 */
export function drainSkipReason(s: MachineDeletionState, now: string): string | undefined {
  return stepSkipReason(s, now, {
    annotation: EXCLUDE_NODE_DRAINING_ANNOTATION,
    startedAt: s.progress.nodeDrainStartTime,
    timeoutSeconds: s.timeouts.nodeDrainTimeoutSeconds,
    exceeded: nodeDrainTimeoutExceeded,
    what: 'drain',
    timeoutName: 'nodeDrainTimeout',
  });
}

export function volumeDetachSkipReason(s: MachineDeletionState, now: string): string | undefined {
  return stepSkipReason(s, now, {
    annotation: EXCLUDE_WAIT_FOR_NODE_VOLUME_DETACH_ANNOTATION,
    startedAt: s.progress.waitForNodeVolumeDetachStartTime,
    timeoutSeconds: s.timeouts.nodeVolumeDetachTimeoutSeconds,
    exceeded: nodeVolumeDetachTimeoutExceeded,
    what: 'volume detach wait',
    timeoutName: 'nodeVolumeDetachTimeout',
  });
}

interface StepRule {
  annotation: string;
  startedAt?: string;
  timeoutSeconds?: number;
  exceeded: (timeout: number | undefined, startedAt: string | undefined, now: string) => boolean;
  what: string;
  timeoutName: string;
}

function stepSkipReason(s: MachineDeletionState, now: string, rule: StepRule): string | undefined {
  if (rule.annotation in s.machine.annotations) return `${rule.what} skipped: annotation ${rule.annotation}`;
  if (s.progress.waitForPreTerminateHookStartTime)
    return `${rule.what} skipped: the pre-terminate hook wait has already started`;
  if (s.infrastructure !== 'present')
    return `${rule.what} skipped: the ${s.machine.infrastructureKind} is ${s.infrastructure === 'gone' ? 'gone' : 'being deleted'}`;
  if (rule.exceeded(rule.timeoutSeconds, rule.startedAt, now)) {
    return `${rule.what} skipped: ${rule.timeoutName} ${formatAge(rule.timeoutSeconds!)} exceeded`;
  }
  return undefined;
}
