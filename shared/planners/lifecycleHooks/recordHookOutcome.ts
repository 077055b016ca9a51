import type { HookOutcome, HookRequest, LifecycleHookState } from './types';

/** First retry after a failed call; doubles per consecutive failure up to the cap. */
export const HOOK_FAILURE_RETRY_SECONDS = 5;
export const HOOK_FAILURE_RETRY_MAX_SECONDS = 300;

/**
 * The hook state after a call: a pass moves the cluster on (an approved upgrade owes its
 * "After" hooks), a block or failure records why and when to call again. CAPI retries a failed
 * call with the reconcile backoff; here the backoff is 5 s doubling to 5 min.
 */
export function recordHookOutcome(state: LifecycleHookState, request: HookRequest, outcome: HookOutcome, now: string): LifecycleHookState {
  const { hook } = request;
  if (outcome.status === 'Passed') {
    const { blocking: _cleared, ...rest } = state;
    switch (hook) {
      case 'BeforeClusterUpgrade': {
        const version = String(request.body.toKubernetesVersion);
        return {
          ...rest,
          approvedVersion: version,
          pending: [
            { hook: 'AfterControlPlaneUpgrade', version },
            { hook: 'AfterClusterUpgrade', version },
          ],
        };
      }
      case 'AfterControlPlaneUpgrade':
      case 'AfterClusterUpgrade':
        return { ...rest, pending: rest.pending.filter((p) => p.hook !== hook) };
      case 'BeforeClusterDelete':
        return { ...rest, okToDelete: true };
    }
  }
  const previous = state.blocking?.hook === hook ? state.blocking : undefined;
  const failed = outcome.status === 'Failed';
  const failures = failed ? (previous?.failures ?? 0) + 1 : 0;
  const waitSeconds =
    outcome.status === 'Blocked'
      ? outcome.retryAfterSeconds
      : Math.min(HOOK_FAILURE_RETRY_SECONDS * 2 ** (failures - 1), HOOK_FAILURE_RETRY_MAX_SECONDS);
  return {
    ...state,
    blocking: {
      hook,
      message: outcome.message,
      failed,
      failures,
      since: previous?.since ?? now,
      retryAt: new Date(Date.parse(now) + waitSeconds * 1000).toISOString(),
    },
  };
}

/**
 * The state when the control plane is first created: its version needs no BeforeClusterUpgrade
 * (CAPI calls BeforeClusterCreate there, which Capstan does not implement yet).
 */
export function approveCreationVersion(state: LifecycleHookState | undefined, version: string): LifecycleHookState {
  return state?.approvedVersion !== undefined ? state : { ...(state ?? { pending: [] }), approvedVersion: version };
}
