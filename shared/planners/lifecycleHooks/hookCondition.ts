import type { LifecycleHookState } from './types';

export const LIFECYCLE_HOOK_CONDITION = 'LifecycleHooks';

/**
 * The cluster's `LifecycleHooks` condition, for clusters with Runtime Extensions: False while a
 * hook blocks or fails (CAPI's message, `hook "BeforeClusterUpgrade" is blocking: ...`, plus
 * since when and the next call), True otherwise, listing the "After" hooks still owed.
 */
export function lifecycleHookCondition(
  state: LifecycleHookState | undefined,
): { status: 'True' | 'False'; reason: string; message: string } {
  const block = state?.blocking;
  if (block) {
    return {
      status: 'False',
      reason: block.failed ? 'LifecycleHookFailed' : 'LifecycleHookBlocking',
      message: `hook "${block.hook}" ${block.failed ? 'failed' : 'is blocking'}: ${block.message} (since ${block.since}; called again at ${block.retryAt})`,
    };
  }
  const pending = state?.pending ?? [];
  return {
    status: 'True',
    reason: 'NoHookBlocking',
    message: pending.length > 0 ? `pending: ${pending.map((p) => `${p.hook} (${p.version})`).join(', ')}` : '',
  };
}
