/**
 * Names, timings and defaults of CAPI's Machine deletion and drain
 * (`api/core/v1beta2/{machine_types,machinedrainrules_types}.go`, `core/reconcilers/machine`).
 */
export const EXCLUDE_NODE_DRAINING_ANNOTATION = 'machine.cluster.x-k8s.io/exclude-node-draining';
export const EXCLUDE_WAIT_FOR_NODE_VOLUME_DETACH_ANNOTATION =
  'machine.cluster.x-k8s.io/exclude-wait-for-node-volume-detach';
export const PRE_DRAIN_DELETE_HOOK_PREFIX = 'pre-drain.delete.hook.machine.cluster.x-k8s.io';
export const PRE_TERMINATE_DELETE_HOOK_PREFIX = 'pre-terminate.delete.hook.machine.cluster.x-k8s.io';
export const PAUSED_ANNOTATION = 'cluster.x-k8s.io/paused';
/** Pod label (not annotation) overriding MachineDrainRules: "skip" or "wait-completed". */
export const POD_DRAIN_LABEL = 'cluster.x-k8s.io/drain';
/** Kubernetes `corev1.MirrorPodAnnotationKey`: the API's copy of a static Pod. */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** `drainRetryInterval`: a drain pass that did not finish is retried after 20 s. */
export const DRAIN_RETRY_INTERVAL_SECONDS = 20;
/** Each pass spends at most 10 s issuing evictions (`evictionTimeout`); the rest waits for the next pass. */
export const EVICTION_BURST_SECONDS = 10;
/** `waitForVolumeDetachRetryInterval`. */
export const VOLUME_DETACH_RETRY_INTERVAL_SECONDS = 20;
/** `nodeDeletionRetryTimeout`: one pass keeps retrying the Node delete for 10 s. */
export const NODE_DELETION_RETRY_SECONDS = 10;
/** `spec.deletion.nodeDeletionTimeoutSeconds` default; 0 retries forever. */
export const DEFAULT_NODE_DELETION_TIMEOUT_SECONDS = 10;
/** Unreachable Node: grace period forced to 1 s, Pods deleted more than 1 s ago are ignored. */
export const UNREACHABLE_GRACE_PERIOD_SECONDS = 1;
export const UNREACHABLE_SKIP_DELETED_AFTER_SECONDS = 1;
/** `calculateDeletingConditionForSummary`: after 15 min of deletion the Ready message names the delay. */
export const STALE_DELETION_SECONDS = 15 * 60;
export const STALE_DRAIN_SECONDS = 5 * 60;

/** The PDB refusal as the Eviction API words it (HTTP 429). */
export const PDB_VIOLATION_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
