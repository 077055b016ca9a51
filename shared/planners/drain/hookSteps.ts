import { PRE_DRAIN_DELETE_HOOK_PREFIX, PRE_TERMINATE_DELETE_HOOK_PREFIX } from './constants';
import { step, type Pass } from './deletionPass';
import { hooksWithPrefix } from './hooks';
import type { MachineDeletionStep } from './machineDeletionTypes';
import { formatAge, secondsBetween } from './time';

/** CAPI `reconcileDelete`: wait while a pre-drain hook annotation is present. */
export function preDrainHooks(p: Pass): MachineDeletionStep | undefined {
  const hooks = hooksWithPrefix(p.s.machine.annotations, PRE_DRAIN_DELETE_HOOK_PREFIX);
  if (hooks.length === 0) return undefined;
  const since = p.s.progress.waitForPreDrainHookStartTime;
  if (!since) p.record.waitForPreDrainHookStartTime = p.now;
  const waited = formatAge(since ? secondsBetween(since, p.now) : 0);
  return step(
    p,
    'WaitingForPreDrainHook',
    { kind: 'waitForHooks', hooks },
    `Waiting for pre-drain hooks to succeed (hooks: ${hooks.join(',')})`,
    `waiting ${waited} for pre-drain hooks to be removed: ${hooks.join(', ')}`,
  );
}

/** CAPI `reconcileDelete`: wait while a pre-terminate hook annotation is present (before infrastructure deletion). */
export function preTerminateHooks(p: Pass): MachineDeletionStep | undefined {
  const hooks = hooksWithPrefix(p.s.machine.annotations, PRE_TERMINATE_DELETE_HOOK_PREFIX);
  if (hooks.length === 0) return undefined;
  const since = p.s.progress.waitForPreTerminateHookStartTime;
  if (!since) p.record.waitForPreTerminateHookStartTime = p.now;
  const waited = formatAge(since ? secondsBetween(since, p.now) : 0);
  return step(
    p,
    'WaitingForPreTerminateHook',
    { kind: 'waitForHooks', hooks },
    `Waiting for pre-terminate hooks to succeed (hooks: ${hooks.join(',')})`,
    `waiting ${waited} for pre-terminate hooks to be removed: ${hooks.join(', ')}`,
  );
}
