import { PRE_DRAIN_DELETE_HOOK_PREFIX, PRE_TERMINATE_DELETE_HOOK_PREFIX } from './constants';
import { step, type Pass } from './deletionPass';
import { hooksWithPrefix } from './hooks';
import type { MachineDeletionStep } from './machineDeletionTypes';
import { formatAge, secondsBetween } from './time';

type HookKind = {
  prefix: string;
  since: 'waitForPreDrainHookStartTime' | 'waitForPreTerminateHookStartTime';
  reason: 'WaitingForPreDrainHook' | 'WaitingForPreTerminateHook';
  label: string;
};

/** CAPI `reconcileDelete`: wait while any hook annotation of this kind is present. */
function waitForHooks(p: Pass, kind: HookKind): MachineDeletionStep | undefined {
  const hooks = hooksWithPrefix(p.s.machine.annotations, kind.prefix);
  if (hooks.length === 0) return undefined;
  const since = p.s.progress[kind.since];
  if (!since) p.record[kind.since] = p.now;
  const waited = formatAge(since ? secondsBetween(since, p.now) : 0);
  return step(
    p,
    kind.reason,
    { kind: 'waitForHooks', hooks },
    `Waiting for ${kind.label} hooks to succeed (hooks: ${hooks.join(',')})`,
    `waiting ${waited} for ${kind.label} hooks to be removed: ${hooks.join(', ')}`,
  );
}

/** Pre-drain hooks hold the deletion before the drain. */
export function preDrainHooks(p: Pass): MachineDeletionStep | undefined {
  return waitForHooks(p, {
    prefix: PRE_DRAIN_DELETE_HOOK_PREFIX,
    since: 'waitForPreDrainHookStartTime',
    reason: 'WaitingForPreDrainHook',
    label: 'pre-drain',
  });
}

/** Pre-terminate hooks hold the deletion before the infrastructure is deleted (KCP's etcd cleanup uses one). */
export function preTerminateHooks(p: Pass): MachineDeletionStep | undefined {
  return waitForHooks(p, {
    prefix: PRE_TERMINATE_DELETE_HOOK_PREFIX,
    since: 'waitForPreTerminateHookStartTime',
    reason: 'WaitingForPreTerminateHook',
    label: 'pre-terminate',
  });
}
