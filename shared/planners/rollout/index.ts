/**
 * MachineDeployment rollout planning, CAPI's rollout planner as pure functions.
 * Entry points: planRollout (dispatch like the MD controller), planRollingUpdate, planOnDelete,
 * planPausedSync, and planMachineSetSync for each MachineSet.
 */
export type {
  MachineSetAnnotations,
  MachineSetStatus,
  MachineSetSyncIntent,
  MachineSetSyncPlan,
  RolloutIntent,
  RolloutMachine,
  RolloutMachineSet,
  RolloutPlan,
  RolloutSpec,
  RolloutState,
  RolloutStrategyType,
} from './types';
export { planOnDelete, planPausedSync, planRollingUpdate, planRollout } from './planRollout';
export { planMachineSetSync } from './planMachineSetSync';
export { findNewAndOldMachineSets, type NewAndOldMachineSets } from './findNewMachineSet';
export { maxSurgeOf, maxUnavailableOf, minAvailableOf, resolveFenceposts } from './fenceposts';
export { RolloutStrategyError, scaledValueFromIntOrPercent } from './intOrPercent';
export { validateRolloutSpec, type RolloutSpecIssue } from './validateRolloutSpec';
export {
  isMachineAvailable,
  isMachineDeleting,
  isMachineReady,
  machineSetStatus,
  nextAvailabilityAt,
} from './machineSetStatus';
export { newMachineSetName } from './machineSetName';
export { nextRolloutWakeAt, rolloutAfterAhead } from './nextWakeAt';
export { revisionForNewMachineSet } from './revision';
export { rolloutMachineFromStatus, rolloutSpecFromDesired } from './fromDesired';
export {
  controlPlaneViewOf,
  machineSetPreflightChecks,
  preflightHoldMessage,
  SKIP_PREFLIGHT_CHECKS_ANNOTATION,
  type ControlPlaneView,
  type MachineSetPreflightCheck,
  type MachineSetPreflightInput,
} from './machineSetPreflightChecks';
