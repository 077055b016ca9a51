/**
 * Names and defaults the MachineHealthCheck planner shares with CAPI
 * (`api/core/v1beta2/{common_types,machine_types,machinehealthcheck_types}.go`).
 */
export const PAUSED_ANNOTATION = 'cluster.x-k8s.io/paused';
export const SKIP_REMEDIATION_ANNOTATION = 'cluster.x-k8s.io/skip-remediation';
export const REMEDIATE_MACHINE_ANNOTATION = 'cluster.x-k8s.io/remediate-machine';

/** `DefaultNodeStartupTimeoutSeconds`; `0` disables the startup check. */
export const DEFAULT_NODE_STARTUP_TIMEOUT_SECONDS = 600;
/** `defaultMaxUnhealthy`: 100% means the short-circuit never trips. */
export const DEFAULT_MAX_UNHEALTHY = '100%';

/** Condition types read or written by the MHC. */
export const HEALTH_CHECK_SUCCEEDED = 'HealthCheckSucceeded';
export const OWNER_REMEDIATED = 'OwnerRemediated';
export const EXTERNALLY_REMEDIATED = 'ExternallyRemediated';
export const REMEDIATION_ALLOWED = 'RemediationAllowed';
export const INFRASTRUCTURE_READY = 'InfrastructureReady';
export const CONTROL_PLANE_INITIALIZED = 'ControlPlaneInitialized';

/** Reasons of HealthCheckSucceeded=False, one per rule of `needsRemediation`. */
export type UnhealthyReason =
  | 'HasRemediateAnnotation'
  | 'NodeDeleted'
  | 'NodeStartupTimeout'
  | 'UnhealthyNode'
  | 'UnhealthyMachine';

export const HEALTH_CHECK_SUCCEEDED_REASON = 'HealthCheckSucceeded';
export const WAITING_FOR_REMEDIATION_REASON = 'WaitingForRemediation';
export const TOO_MANY_UNHEALTHY_REASON = 'TooManyUnhealthy';
export const REMEDIATION_ALLOWED_REASON = 'RemediationAllowed';

/** Owners that act on OwnerRemediated=False (healthchecking.md, "Limitations and Caveats"). */
export const REMEDIATING_OWNER_KINDS: readonly string[] = ['MachineSet', 'KubeadmControlPlane'];
