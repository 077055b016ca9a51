import {
  EXCLUDE_WAIT_FOR_NODE_VOLUME_DETACH_ANNOTATION,
  VOLUME_DETACH_RETRY_INTERVAL_SECONDS,
} from './constants';
import { nodeVolumeDetachTimeoutExceeded } from './drainTimeout';
import { addSeconds, formatAge, formatRfc3339, fromMillis, secondsBetween, toMillis } from './time';

/**
 * A volume still attached to the Node: an entry of `node.status.volumesAttached` or the
 * PersistentVolume of a VolumeAttachment with `status.attached`, resolved (by the activity) to its
 * PersistentVolume and that volume's `spec.claimRef` where they exist.
 */
export interface AttachedVolume {
  name: string;
  source: 'nodeStatus' | 'volumeAttachment';
  persistentVolume?: string;
  claim?: { namespace: string; name: string };
}

export interface VolumeDetachState {
  machineAnnotations: Record<string, string>;
  nodeName: string;
  nodeFound: boolean;
  /** Node Ready condition Unknown: volumes can't detach, so CAPI does not wait */
  nodeUnreachable: boolean;
  attached: readonly AttachedVolume[];
  /** "namespace/name" of PVCs used by Pods the drain skipped (DaemonSet, static, Skip): not waited for */
  claimsOfSkippedPods: readonly string[];
  /** `status.deletion.waitForNodeVolumeDetachStartTime` */
  startedAt?: string;
  /** unset or 0: no limit */
  nodeVolumeDetachTimeoutSeconds?: number;
}

export type VolumeDetachSkipReason =
  | 'ExcludeWaitForNodeVolumeDetachAnnotation'
  | 'VolumeDetachTimeoutExceeded'
  | 'NodeNotFound'
  | 'NodeUnreachable';

export interface VolumeDetachPlan {
  skip?: { reason: VolumeDetachSkipReason; message: string };
  /** no volume left to wait for */
  done: boolean;
  timedOut: boolean;
  proceed: boolean;
  /** what is still attached, by category as CAPI's message lists it */
  waitingFor: {
    claims: string[];
    volumesWithoutClaim: string[];
    nodeStatusWithoutVolume: string[];
    attachmentsWithoutVolume: string[];
  };
  nextCheckAt?: string;
  conditionMessage: string;
  explanation: string;
}

/**
 * CAPI `isNodeVolumeDetachingAllowed` + `shouldWaitForNodeVolumes`: skipped with the
 * exclude-wait-for-node-volume-detach annotation or after nodeVolumeDetachTimeout; no wait for a
 * missing or unreachable Node; otherwise wait (recheck 20 s) while `status.volumesAttached` or a
 * VolumeAttachment still names a volume, ignoring PVCs of Pods the drain skipped.
 */
export function planVolumeDetach(state: VolumeDetachState, now: string): VolumeDetachPlan {
  const waitingFor = {
    claims: [] as string[],
    volumesWithoutClaim: [] as string[],
    nodeStatusWithoutVolume: [] as string[],
    attachmentsWithoutVolume: [] as string[],
  };
  const finish = (
    skip: VolumeDetachPlan['skip'],
    extra: Partial<VolumeDetachPlan> = {},
  ): VolumeDetachPlan => ({
    skip,
    done: skip === undefined,
    timedOut: false,
    proceed: true,
    waitingFor,
    conditionMessage: '',
    explanation: skip?.message ?? `all volumes detached from Node ${state.nodeName}`,
    ...extra,
  });
  if (EXCLUDE_WAIT_FOR_NODE_VOLUME_DETACH_ANNOTATION in state.machineAnnotations) {
    return finish({
      reason: 'ExcludeWaitForNodeVolumeDetachAnnotation',
      message: `volume detach wait skipped: the Machine has annotation ${EXCLUDE_WAIT_FOR_NODE_VOLUME_DETACH_ANNOTATION}`,
    });
  }
  if (nodeVolumeDetachTimeoutExceeded(state.nodeVolumeDetachTimeoutSeconds, state.startedAt, now)) {
    const message = `nodeVolumeDetachTimeout ${formatAge(state.nodeVolumeDetachTimeoutSeconds!)} exceeded; deletion continues with volumes still attached`;
    return finish({ reason: 'VolumeDetachTimeoutExceeded', message }, { timedOut: true });
  }
  if (!state.nodeFound)
    return finish({
      reason: 'NodeNotFound',
      message: `Node ${state.nodeName} not found: no volumes to wait for`,
    });
  if (state.nodeUnreachable) {
    return finish({
      reason: 'NodeUnreachable',
      message: `Node ${state.nodeName} is unreachable: volumes cannot detach, not waiting`,
    });
  }

  const ignored = new Set(state.claimsOfSkippedPods);
  for (const v of state.attached) {
    if (v.claim) {
      const key = `${v.claim.namespace}/${v.claim.name}`;
      if (!ignored.has(key) && !waitingFor.claims.includes(key)) waitingFor.claims.push(key);
    } else if (v.persistentVolume) {
      if (!waitingFor.volumesWithoutClaim.includes(v.persistentVolume))
        waitingFor.volumesWithoutClaim.push(v.persistentVolume);
    } else if (v.source === 'nodeStatus') {
      waitingFor.nodeStatusWithoutVolume.push(v.name);
    } else {
      waitingFor.attachmentsWithoutVolume.push(v.name);
    }
  }
  Object.values(waitingFor).forEach((list) => list.sort());
  const total = Object.values(waitingFor).reduce((n, list) => n + list.length, 0);
  if (total === 0) return finish(undefined);

  const startedAt = state.startedAt ?? now;
  let next = toMillis(addSeconds(now, VOLUME_DETACH_RETRY_INTERVAL_SECONDS));
  const timeout = state.nodeVolumeDetachTimeoutSeconds;
  if (timeout !== undefined && timeout > 0) next = Math.min(next, toMillis(addSeconds(startedAt, timeout)));
  const lines = [
    ['PersistentVolumeClaims', waitingFor.claims],
    ['PersistentVolumes without a .spec.claimRef to a PersistentVolumeClaim', waitingFor.volumesWithoutClaim],
    [
      'Node with .status.volumesAttached entries not matching a PersistentVolume',
      waitingFor.nodeStatusWithoutVolume,
    ],
    ['VolumeAttachment entries not matching a PersistentVolume', waitingFor.attachmentsWithoutVolume],
  ] as const;
  const conditionMessage = lines.reduce(
    (msg, [label, list]) => (list.length > 0 ? `${msg}\n* ${label}: ${list.join(', ')}` : msg),
    `Waiting for Node volumes to be detached (started at ${formatRfc3339(startedAt)})`,
  );
  const deadline =
    timeout !== undefined && timeout > 0
      ? `volume detach timeout in ${formatAge(Math.ceil(timeout - secondsBetween(startedAt, now)))}`
      : 'no nodeVolumeDetachTimeout set, so deletion waits for every volume';
  const what = lines
    .filter(([, list]) => list.length > 0)
    .map(([label, list]) => `${label}: ${list.join(', ')}`)
    .join('; ');
  return {
    done: false,
    timedOut: false,
    proceed: false,
    waitingFor,
    nextCheckAt: fromMillis(next),
    conditionMessage,
    explanation: `waiting ${formatAge(secondsBetween(startedAt, now))} for ${total} volume(s) to detach from Node ${state.nodeName} (${what}); ${deadline}`,
  };
}
