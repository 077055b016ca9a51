import type { ClusterObject, MachineDeploymentTopology } from '../../kinds/cluster';
import { topologyNames } from './generate';

/**
 * `builtin.*` values patches may read (capi-behaviour.md §7.1). The control-plane and
 * MachineDeployment versions equal the topology version here: Capstan applies a topology version
 * change in one step (no staged upgrade plan), so there is no lagging version to expose.
 */
export function clusterBuiltins(cluster: ClusterObject, version: string): Record<string, unknown> {
  const topology = cluster.spec.topology;
  const net = cluster.spec.clusterNetwork;
  return {
    cluster: {
      name: cluster.metadata.name,
      namespace: cluster.metadata.namespace,
      metadata: { labels: cluster.metadata.labels, annotations: cluster.metadata.annotations },
      topology: {
        version,
        class: topology?.class,
        classNamespace: topology?.classNamespace ?? cluster.metadata.namespace,
      },
      network: {
        serviceDomain: net?.serviceDomain,
        services: net?.services?.cidrBlocks,
        pods: net?.pods?.cidrBlocks,
      },
    },
    controlPlane: {
      name: topologyNames.controlPlane(cluster.metadata.name),
      version,
      replicas: topology?.controlPlane.replicas,
    },
  };
}

export function machineDeploymentBuiltins(
  clusterLevel: Record<string, unknown>,
  cluster: ClusterObject,
  md: MachineDeploymentTopology,
  version: string,
): Record<string, unknown> {
  return {
    ...clusterLevel,
    machineDeployment: {
      version,
      class: md.class,
      name: topologyNames.machineDeployment(cluster.metadata.name, md.name),
      topologyName: md.name,
      replicas: md.replicas,
    },
  };
}
