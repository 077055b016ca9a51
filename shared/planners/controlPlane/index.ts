/** KubeadmControlPlane planner: public API (capi-behaviour.md §4). */
export { planControlPlane } from './planControlPlane';
export type {
  ConditionState,
  ControlPlaneIntent,
  ControlPlaneIntentType,
  ControlPlaneMachine,
  ControlPlanePlan,
  ControlPlaneSpec,
  ControlPlaneState,
  EtcdMember,
  FailureDomain,
  MachineConditionType,
  PlannedConditions,
  RemediationRecord,
} from './types';
export {
  DELETE_MACHINE_ANNOTATION,
  KCP_PRE_TERMINATE_HOOK,
  PRE_TERMINATE_HOOK_PREFIX,
  REMEDIATE_MACHINE_ANNOTATION,
} from './constants';
export { checkControlPlaneSpec, checkControlPlaneVersionChange } from './specValidation';
export { isEtcdQuorumSafe, projectEtcdCluster, type EtcdProjection, type EtcdTransition } from './etcdQuorum';
export { outdatedReasons, isUpToDate } from './outdatedMachines';
export { selectMachineForScaleDown } from './selectMachineForScaleDown';
export { selectMachineToRemediate } from './selectMachineToRemediate';
export { selectEtcdLeaderCandidate } from './etcdLeadership';
export { pickFailureDomainForNewMachine } from './failureDomainPlacement';
export { isRemediationRecordStale } from './remediationInProgress';
export {
  controlPlaneMachineFromStatus,
  controlPlaneSpecFromDesired,
  controlPlaneTemplateHash,
  controlPlaneStateFromObservations,
  type ControlPlaneMachineExtras,
  type ControlPlaneObservations,
} from './fromObservations';
