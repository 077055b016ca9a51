/**
 * Annotation keys and condition vocabulary KCP uses (capi-behaviour.md §14,
 * `api/controlplane/kubeadm/v1beta2/kubeadm_control_plane_types.go`, `api/core/v1beta2/common_types.go`).
 */
import type { MachineConditionType } from './types';

export { DELETE_MACHINE_ANNOTATION } from '../machineDeletionOrder';

export const REMEDIATE_MACHINE_ANNOTATION = 'cluster.x-k8s.io/remediate-machine';
export const PRE_TERMINATE_HOOK_PREFIX = 'pre-terminate.delete.hook.machine.cluster.x-k8s.io';
/** KCP's own pre-terminate hook (`PreTerminateHookCleanupAnnotation`), added to every CP Machine. */
export const KCP_PRE_TERMINATE_HOOK = `${PRE_TERMINATE_HOOK_PREFIX}/kcp-cleanup`;

/** The static-pod conditions a stacked-etcd KCP checks on every Machine (`checkHealthiness`). */
export const CONTROL_PLANE_COMPONENT_CONDITIONS: readonly MachineConditionType[] = [
  'APIServerPodHealthy',
  'ControllerManagerPodHealthy',
  'SchedulerPodHealthy',
  'EtcdPodHealthy',
];

/** Preflight: the component conditions plus the etcd member one (stacked etcd). */
export const PREFLIGHT_CONDITIONS: readonly MachineConditionType[] = [
  ...CONTROL_PLANE_COMPONENT_CONDITIONS,
  'EtcdMemberHealthy',
];

/** `reconcilePreTerminateHook` waits for other hooks only from this version on (kubelet local mode). */
export const OTHER_HOOKS_FIRST_FROM_VERSION = { major: 1, minor: 31 };

export const OwnerRemediatedReason = {
  CannotBeRemediated: 'CannotBeRemediated',
  RemediationDeferred: 'RemediationDeferred',
  MachineDeleting: 'MachineDeleting',
} as const;
