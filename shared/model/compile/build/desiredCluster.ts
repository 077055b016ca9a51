import type {
  DesiredCluster,
  DesiredControlPlane,
  DesiredMachineDeployment,
  DesiredMachineDrainRule,
  DesiredMachineHealthCheck,
  DesiredRuntimeExtension,
  ProviderName,
  TemplateSnapshot,
} from '../../desired';
import type { ClusterObject } from '../../kinds/cluster';
import { compact } from './compact';

/**
 * kubeadm's default service domain. CAPI leaves `clusterNetwork.serviceDomain` and `services`
 * unset and lets kubeadm default them; Capstan's bootstrap needs a concrete domain, so it takes
 * kubeadm's, while `services` stays empty exactly as CAPI leaves it (kubeadm then uses its own
 * 10.96.0.0/12).
 */
export const DEFAULT_SERVICE_DOMAIN = 'cluster.local';

export type DesiredResource = DesiredCluster['resources'][number];

export interface ClusterParts {
  cluster: ClusterObject;
  provider: ProviderName;
  infrastructure: TemplateSnapshot;
  controlPlane: DesiredControlPlane;
  machineDeployments: DesiredMachineDeployment[];
  machineHealthChecks: DesiredMachineHealthCheck[];
  machineDrainRules: DesiredMachineDrainRule[];
  runtimeExtensions?: DesiredRuntimeExtension[];
  topology?: { class: string; version: string };
  resources: DesiredResource[];
}

export function assembleDesiredCluster(p: ClusterParts): DesiredCluster {
  const { metadata, spec } = p.cluster;
  return compact({
    namespace: metadata.namespace,
    name: metadata.name,
    labels: metadata.labels,
    annotations: metadata.annotations,
    provider: p.provider,
    paused: spec.paused,
    clusterNetwork: {
      pods: spec.clusterNetwork?.pods?.cidrBlocks ?? [],
      services: spec.clusterNetwork?.services?.cidrBlocks ?? [],
      serviceDomain: spec.clusterNetwork?.serviceDomain ?? DEFAULT_SERVICE_DOMAIN,
    },
    infrastructure: p.infrastructure,
    controlPlane: p.controlPlane,
    machineDeployments: [...p.machineDeployments].sort((a, b) => a.name.localeCompare(b.name)),
    machineHealthChecks: [...p.machineHealthChecks].sort((a, b) => a.name.localeCompare(b.name)),
    // by code point, the order in which the drain picks the first matching rule
    machineDrainRules: [...p.machineDrainRules].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    ),
    runtimeExtensions: p.runtimeExtensions,
    topology: p.topology,
    resources: p.resources,
  });
}

/** A validated object as a resource entry: without `status` (desired state never carries it). */
export function toResource(object: unknown): DesiredResource {
  const { status: _status, ...rest } = object as DesiredResource & { status?: unknown };
  return rest as DesiredResource;
}
