import { controlPlaneWorkflowId, machineDeploymentWorkflowId } from '../../shared/ids';
import type { Condition } from '../../shared/status/conditions';
import type { HealthTarget, HealthTargetsUpdate } from '../machineHealthCheck/definitions';
import type { ClusterCarriedState } from './definitions';

/**
 * Every machine of the cluster as the health checks see it: labels from the owner's machine
 * template (they carry cluster-name / deployment-name / control-plane, which selectors match),
 * and the owner workflow that would replace it.
 */
export function healthTargets(
  state: ClusterCarriedState,
  namespace: string,
  clusterConditions: Condition[],
  paused: boolean,
): HealthTargetsUpdate {
  const targets: HealthTarget[] = [];
  const cp = state.desired.controlPlane;
  for (const m of state.controlPlane?.machines ?? []) {
    targets.push({
      name: m.name, role: m.role, createdAt: m.createdAt,
      labels: cp.machineTemplate.labels, annotations: cp.machineTemplate.annotations,
      conditions: m.conditions, deleting: !!m.deletionRequestedAt || m.phase === 'Deleting',
      ownerKind: 'KubeadmControlPlane', ownerWorkflowId: controlPlaneWorkflowId({ namespace, name: cp.name }), nodeRef: m.nodeName,
    });
  }
  for (const md of state.desired.machineDeployments) {
    for (const m of state.machineDeployments[md.name]?.machines ?? []) {
      targets.push({
        name: m.name, role: m.role, createdAt: m.createdAt,
        labels: md.template.labels, annotations: md.template.annotations,
        conditions: m.conditions, deleting: !!m.deletionRequestedAt || m.phase === 'Deleting',
        ownerKind: 'MachineSet', ownerWorkflowId: machineDeploymentWorkflowId({ namespace, name: md.name }), nodeRef: m.nodeName,
      });
    }
  }
  return { targets, clusterConditions, paused };
}
