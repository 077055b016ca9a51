/**
 * Runtime SDK lifecycle hooks Capstan calls (capi-behaviour.md §7.5): HTTP calls to the
 * Runtime Extensions registered by ExtensionConfigs, which can hold a cluster's upgrade or
 * deletion with a reason the cluster's `describe` shows.
 */
export type LifecycleHookName = 'BeforeClusterUpgrade' | 'AfterControlPlaneUpgrade' | 'AfterClusterUpgrade' | 'BeforeClusterDelete';

export const LIFECYCLE_HOOKS: readonly LifecycleHookName[] = [
  'BeforeClusterUpgrade',
  'AfterControlPlaneUpgrade',
  'AfterClusterUpgrade',
  'BeforeClusterDelete',
];

/** The "After" hooks owed once an upgrade was let through (CAPI's `runtime.cluster.x-k8s.io/pending-hooks`). */
export interface PendingHook {
  hook: 'AfterControlPlaneUpgrade' | 'AfterClusterUpgrade';
  /** the version the hook reports (`kubernetesVersion` of the request) */
  version: string;
}

/** A hook that did not pass: an extension asked to wait, or a call failed. */
export interface HookBlock {
  hook: LifecycleHookName;
  /** what the extensions said, or why the call failed */
  message: string;
  /** true when a call failed (Failure status, or no answer with failurePolicy Fail) */
  failed: boolean;
  /** consecutive failed calls, for the retry backoff */
  failures: number;
  since: string;
  /** when the hook is called again */
  retryAt: string;
}

/** Carried in the cluster workflow's state, so a restart or continue-as-new keeps the intents. */
export interface LifecycleHookState {
  /** the control-plane version last let through (by BeforeClusterUpgrade, or the creation version) */
  approvedVersion?: string;
  pending: PendingHook[];
  /** BeforeClusterDelete passed (CAPI's `runtime.cluster.x-k8s.io/ok-to-delete`) */
  okToDelete?: boolean;
  blocking?: HookBlock;
}

/** What one hook call came to, over every handler of every extension. */
export type HookOutcome =
  | { status: 'Passed'; handlers: number; message?: string }
  | { status: 'Blocked'; handlers: number; retryAfterSeconds: number; message: string }
  | { status: 'Failed'; handlers: number; message: string };

/** The request of one hook, before each extension's `settings` are added. */
export interface HookRequest {
  hook: LifecycleHookName;
  body: Record<string, unknown>;
}
