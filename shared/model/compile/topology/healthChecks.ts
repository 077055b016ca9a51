import type { ClusterObject } from '../../kinds/cluster';
import {
  CLUSTER_NAME_LABEL,
  CONTROL_PLANE_LABEL,
  DEPLOYMENT_NAME_LABEL,
} from '../../kinds/common/capiLabels';
import type { MachineHealthCheckClass, MachineHealthCheckTopology } from '../../kinds/common/healthCheck';
import { docIssue, type ParsedDoc } from '../../parsedDoc';
import { violation } from '../../rules/violation';
import { compact } from '../build/compact';
import type { ClusterScope } from '../scope';
import { ownedLabels, type GeneratedObject } from './generate';

/**
 * v1beta1 `machineHealthCheck.enable`: false → none; true → required (a definition must exist);
 * unset → created when the topology or the class defines one. Topology fields replace the
 * class's as a whole.
 */
export function healthCheckDefinition(
  topologyCheck: MachineHealthCheckTopology | undefined,
  classCheck: MachineHealthCheckClass | undefined,
): { enabled: false } | { enabled: true; definition: MachineHealthCheckClass | undefined } {
  const { enable, ...fields } = topologyCheck ?? {};
  if (enable === false) return { enabled: false };
  const topologyDefines = Object.values(fields).some((v) => v !== undefined);
  const definition = topologyDefines ? (fields as MachineHealthCheckClass) : classCheck;
  if (definition === undefined && enable !== true) return { enabled: false };
  return { enabled: true, definition };
}

/** Which machines a generated health check watches: labels every such machine carries. */
export const controlPlaneSelector = (cluster: string): Record<string, string> => ({
  [CLUSTER_NAME_LABEL]: cluster,
  [CONTROL_PLANE_LABEL]: '',
});

export const machineDeploymentSelector = (cluster: string, md: string): Record<string, string> => ({
  [CLUSTER_NAME_LABEL]: cluster,
  [DEPLOYMENT_NAME_LABEL]: md,
});

/**
 * The MachineHealthCheck a topology entry asks for, named like the object it watches (the
 * control plane or the MachineDeployment), or undefined when none is enabled.
 */
export function generateHealthCheck(
  scope: ClusterScope,
  clusterDoc: ParsedDoc,
  cluster: ClusterObject,
  checks: { topology: MachineHealthCheckTopology | undefined; class: MachineHealthCheckClass | undefined },
  target: { name: string; selector: Record<string, string>; topologyPath: string },
): GeneratedObject | undefined {
  const check = healthCheckDefinition(checks.topology, checks.class);
  if (!check.enabled) return undefined;
  if (!check.definition) {
    scope.add(
      docIssue(
        clusterDoc,
        `${target.topologyPath}.enable`,
        violation(
          'mhc-definition-required',
          'machineHealthCheck.enable is true, but neither the topology nor the ClusterClass defines the health check',
        ),
      ),
    );
    return undefined;
  }
  return {
    kind: 'MachineHealthCheck',
    topologyPath: target.topologyPath,
    raw: {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'MachineHealthCheck',
      metadata: {
        name: target.name,
        namespace: cluster.metadata.namespace,
        labels: ownedLabels(cluster.metadata.name),
      },
      spec: compact({
        clusterName: cluster.metadata.name,
        selector: { matchLabels: target.selector },
        ...check.definition,
      }),
    },
  };
}
