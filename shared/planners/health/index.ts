/** MachineHealthCheck planners: pure, deterministic, sandbox-safe (see capi-behaviour.md §6). */
export * from './constants';
export * from './types';
export { evaluateMachineHealth } from './evaluateMachineHealth';
export { planHealthCheck } from './planHealthCheck';
export { isAllowedRemediation, type RemediationAllowance } from './remediationAllowed';
export { nodeStartupComparisonMillis } from './nodeStartup';
export { formatGoDuration } from '../goDuration';
export { scaledValue } from './scaledValue';
export {
  planRemediationRequestChanges,
  MACHINE_GONE,
  MACHINE_HEALTHY_AGAIN,
  type RemediationRequestChanges,
} from './remediationRequests';
export {
  planMachineSetRemediation,
  sortMachinesToRemediate,
  MACHINE_SET_PREFLIGHT_REQUEUE_SECONDS,
  type MachineSetRemediationPlan,
  type MachineSetRemediationState,
  type RemediationCandidate,
} from './machineSetRemediation';
