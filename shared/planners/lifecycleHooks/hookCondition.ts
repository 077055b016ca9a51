import type { LifecycleHookState } from './types';

export const LIFECYCLE_HOOK_CONDITION = 'LifecycleHooks';

/**
 * The cluster's `LifecycleHooks` condition, for clusters with Runtime Extensions: False while a
 * hook blocks or fails (CAPI's message, `hook "BeforeClusterUpgrade" is blocking: ...`, plus
 * since when and the next call), False while "After" hooks are still owed (the upgrade is not
 * finished until AfterClusterUpgrade passed: a campaign must not count the cluster done, nor ask
 * for its next version, before), True otherwise.
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
  if (pending.length > 0) {
    return {
      status: 'False',
      reason: 'LifecycleHooksPending',
      message: `owed: ${pending.map((p) => `${p.hook} (${p.version})`).join(', ')}; called once the ${pending[0]!.hook === 'AfterControlPlaneUpgrade' ? 'control plane' : 'whole cluster'} runs ${pending[0]!.version}`,
    };
  }
  return { status: 'True', reason: 'NoHookBlocking', message: '' };
}
