import { getCondition, isTrue, type Condition } from '../../status/conditions';
import { CONTROL_PLANE_INITIALIZED, INFRASTRUCTURE_READY } from './constants';
import { toMillis } from './time';

/**
 * The instant nodeStartupTimeout is measured from (CAPI `needsRemediation`, node == nil branch):
 * the latest of Machine creation and the transitions to True of the Cluster's
 * ControlPlaneInitialized and InfrastructureReady and of the Machine's InfrastructureReady.
 * A condition counts only while it is True.
 */
export function nodeStartupComparisonMillis(
  machineCreatedAt: string,
  machineConditions: readonly Condition[],
  clusterConditions: readonly Condition[],
): number {
  let comparison = toMillis(machineCreatedAt);
  const later = (conditions: readonly Condition[], type: string): void => {
    if (!isTrue(conditions, type)) return;
    const at = toMillis(getCondition(conditions, type)!.lastTransitionTime);
    if (at > comparison) comparison = at;
  };
  later(clusterConditions, CONTROL_PLANE_INITIALIZED);
  later(clusterConditions, INFRASTRUCTURE_READY);
  later(machineConditions, INFRASTRUCTURE_READY);
  return comparison;
}
