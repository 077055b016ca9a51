import { step, type Pass } from './deletionPass';
import { drainSkipReason, volumeDetachSkipReason } from './drainAllowed';
import type { MachineDeletionStep } from './machineDeletionTypes';
import { planDrain } from './planDrain';
import { formatRfc3339 } from './time';
import { planVolumeDetach } from './volumeDetach';

/** Cordon + drain (CAPI `isNodeDrainAllowed` + `drainNode`); records `nodeDrainStartTime` first. */
export function drain(p: Pass): MachineDeletionStep | undefined {
  const { s, now } = p;
  const skip = drainSkipReason(s, now);
  if (skip) {
    p.skipped.push(skip);
    return undefined;
  }
  if (s.progress.drainCompleted) return undefined;
  const startedAt = s.progress.nodeDrainStartTime ?? now;
  if (!s.progress.nodeDrainStartTime) p.record.nodeDrainStartTime = now;
  const started = `Drain not completed yet (started at ${formatRfc3339(startedAt)}):`;
  if (!s.drain) {
    return step(
      p,
      'DrainingNode',
      { kind: 'observe', what: 'drain' },
      started,
      `draining Node ${s.machine.nodeName}: listing its pods`,
    );
  }
  const plan = planDrain(
    {
      ...s.drain,
      machine: s.machine,
      nodeName: s.machine.nodeName!,
      drainStartedAt: startedAt,
      nodeDrainTimeoutSeconds: s.timeouts.nodeDrainTimeoutSeconds,
    },
    now,
  );
  if (!plan.proceed) {
    return step(
      p,
      'DrainingNode',
      { kind: 'drain', plan },
      plan.conditionMessage || started,
      `draining Node ${s.machine.nodeName}: ${plan.explanation}`,
      plan.nextAttemptAt,
    );
  }
  if (plan.skip) p.skipped.push(plan.explanation);
  if (plan.done) p.record.drainCompleted = true;
  return undefined;
}

/** The volume-detach wait (CAPI `isNodeVolumeDetachingAllowed` + `shouldWaitForNodeVolumes`). */
export function volumeDetach(p: Pass): MachineDeletionStep | undefined {
  const { s, now } = p;
  const skip = volumeDetachSkipReason(s, now);
  if (skip) {
    p.skipped.push(skip);
    return undefined;
  }
  if (s.progress.volumesDetached) return undefined;
  const startedAt = s.progress.waitForNodeVolumeDetachStartTime ?? now;
  if (!s.progress.waitForNodeVolumeDetachStartTime) p.record.waitForNodeVolumeDetachStartTime = now;
  const started = `Waiting for Node volumes to be detached (started at ${formatRfc3339(startedAt)})`;
  if (!s.volumes) {
    return step(
      p,
      'WaitingForVolumeDetach',
      { kind: 'observe', what: 'volumes' },
      started,
      `waiting for volumes to detach from Node ${s.machine.nodeName}: listing them`,
    );
  }
  const plan = planVolumeDetach(
    {
      ...s.volumes,
      machineAnnotations: s.machine.annotations,
      nodeName: s.machine.nodeName!,
      startedAt,
      nodeVolumeDetachTimeoutSeconds: s.timeouts.nodeVolumeDetachTimeoutSeconds,
    },
    now,
  );
  if (!plan.proceed) {
    return step(
      p,
      'WaitingForVolumeDetach',
      { kind: 'waitForVolumeDetach', plan },
      plan.conditionMessage,
      plan.explanation,
      plan.nextCheckAt,
    );
  }
  if (plan.skip) p.skipped.push(plan.explanation);
  if (plan.done) p.record.volumesDetached = true;
  return undefined;
}
