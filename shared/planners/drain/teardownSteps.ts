import { DEFAULT_NODE_DELETION_TIMEOUT_SECONDS, NODE_DELETION_RETRY_SECONDS } from './constants';
import { step, type Pass } from './deletionPass';
import type { DeletionAction, MachineDeletionStep } from './machineDeletionTypes';
import { addSeconds, formatAge, toMillis } from './time';

/** Delete the InfraMachine and wait until it is gone (CAPI `reconcileDeleteInfrastructure`). */
export function infrastructure(p: Pass): MachineDeletionStep | undefined {
  const kind = p.s.machine.infrastructureKind;
  if (p.s.infrastructure === 'gone') return undefined;
  const message = `Waiting for ${kind} to be deleted`;
  if (p.s.infrastructure === 'present') {
    return step(
      p,
      'WaitingForInfrastructureDeletion',
      { kind: 'deleteInfrastructure' },
      message,
      `deleting ${kind} ${p.s.machine.name}`,
    );
  }
  return step(
    p,
    'WaitingForInfrastructureDeletion',
    { kind: 'waitForInfrastructureDeletion' },
    message,
    `waiting for ${kind} ${p.s.machine.name} to be deleted`,
  );
}

/** Delete the BootstrapConfig and wait until it is gone (CAPI `reconcileDeleteBootstrap`). */
export function bootstrap(p: Pass): MachineDeletionStep | undefined {
  const kind = p.s.machine.bootstrapKind ?? 'BootstrapConfig';
  if (p.s.bootstrap === 'gone') return undefined;
  const message = `Waiting for ${kind} to be deleted`;
  if (p.s.bootstrap === 'present') {
    return step(
      p,
      'WaitingForBootstrapDeletion',
      { kind: 'deleteBootstrap' },
      message,
      `deleting ${kind} ${p.s.machine.name}`,
    );
  }
  return step(
    p,
    'WaitingForBootstrapDeletion',
    { kind: 'waitForBootstrapDeletion' },
    message,
    `waiting for ${kind} ${p.s.machine.name} to be deleted`,
  );
}

/**
 * The Node goes only after the infrastructure (CAPI #2565). One pass retries for 10 s; after a
 * failure, deletion gives up once `deletionTimestamp + nodeDeletionTimeoutSeconds` (default 10 s)
 * has passed — cloud controller managers usually remove the Node anyway; 0 retries forever.
 */
export function deleteNode(p: Pass): MachineDeletionStep | undefined {
  const { s, now } = p;
  if (!p.nodeDeletion.allowed || s.progress.nodeDeletion?.deleted) return undefined;
  const nodeName = s.machine.nodeName!;
  const timeout = s.timeouts.nodeDeletionTimeoutSeconds ?? DEFAULT_NODE_DELETION_TIMEOUT_SECONDS;
  const giveUpAt = timeout > 0 ? addSeconds(s.machine.deletionRequestedAt, timeout) : undefined;
  const failure = s.progress.nodeDeletion;
  if (failure && !failure.deleted && giveUpAt !== undefined && toMillis(giveUpAt) <= toMillis(now)) {
    p.skipped.push(
      `Node ${nodeName} not deleted: nodeDeletionTimeout ${formatAge(timeout)} expired (last error: ${failure.lastError}); continuing without Node deletion`,
    );
    return undefined;
  }
  const action: DeletionAction = {
    kind: 'deleteNode',
    nodeName,
    retryForSeconds: NODE_DELETION_RETRY_SECONDS,
    giveUpAt,
  };
  if (failure && !failure.deleted) {
    return step(
      p,
      'DeletingNode',
      action,
      'Error deleting Node, please check controller logs for errors',
      `retrying deletion of Node ${nodeName} after: ${failure.lastError}`,
    );
  }
  return step(
    p,
    'DeletingNode',
    action,
    `Deleting Node ${nodeName}`,
    `infrastructure is gone: deleting Node ${nodeName}`,
  );
}

/** Every step done or skipped: remove the `machine.cluster.x-k8s.io` finalizer. */
export function completed(p: Pass): MachineDeletionStep {
  const notes = p.skipped.length > 0 ? ` (${p.skipped.join('; ')})` : '';
  return step(
    p,
    'DeletionCompleted',
    { kind: 'removeFinalizer' },
    'Deletion completed',
    `deletion completed${notes}`,
  );
}
