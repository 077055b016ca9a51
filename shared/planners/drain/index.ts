/** Drain and Machine deletion planners: pure, deterministic, sandbox-safe (capi-behaviour.md §5). */
export * from './constants';
export * from './types';
export * from './machineDeletionTypes';
export { planDrain } from './planDrain';
export {
  planVolumeDetach,
  type AttachedVolume,
  type VolumeDetachPlan,
  type VolumeDetachState,
  type VolumeDetachSkipReason,
} from './volumeDetach';
export { planMachineDeletion } from './machineDeletion';
export {
  isDeleteNodeAllowed,
  type NodeDeletionDecision,
  type NodeDeletionInput,
  type NodeDeletionBlocker,
} from './deleteNodeAllowed';
export { nodeDrainTimeoutExceeded, nodeVolumeDetachTimeoutExceeded } from './drainTimeout';
export { claimsOfPodsSkippedByDrain } from './skippedPodClaims';
export { classifyPod, type PodClassification } from './podFilters';
export { rulesForMachine } from './drainRules';
export { deletingSummary } from './deletingSummary';
export { hooksWithPrefix } from './hooks';
export { formatAge } from './time';
