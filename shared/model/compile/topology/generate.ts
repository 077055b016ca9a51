import type { ClusterClassObject, MachineDeploymentClass } from '../../kinds/clusterClass';
import type { ClusterObject, ClusterTopology, MachineDeploymentTopology } from '../../kinds/cluster';
import {
  CLUSTER_NAME_LABEL,
  TOPOLOGY_DEPLOYMENT_NAME_LABEL,
  TOPOLOGY_OWNED_LABEL,
} from '../../kinds/common/capiLabels';
import type { KindName } from '../../kinds/registry';
import { compact } from '../build/compact';
import type { ClusterTemplate } from './patches';
import { isRecord } from './variableSchema';

/** An object the topology produces, and where in the Cluster its problems are reported. */
export interface GeneratedObject {
  kind: KindName;
  raw: Record<string, unknown>;
  /** Cluster field the object is derived from, e.g. `spec.topology.workers.machineDeployments[0]` */
  topologyPath: string;
}

/** Deterministic names of topology-generated objects (CAPI adds a random suffix; Capstan must not). */
export const topologyNames = {
  infrastructureCluster: (cluster: string): string => cluster,
  controlPlane: (cluster: string): string => `${cluster}-cp`,
  machineDeployment: (cluster: string, topologyName: string): string => `${cluster}-${topologyName}`,
};

export const ownedLabels = (cluster: string): Record<string, string> => ({
  [CLUSTER_NAME_LABEL]: cluster,
  [TOPOLOGY_OWNED_LABEL]: '',
});

type Meta = { labels?: Record<string, string>; annotations?: Record<string, string> };

function mergeMeta(...metas: (Meta | undefined)[]): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const m of metas) {
    Object.assign(labels, m?.labels ?? {});
    Object.assign(annotations, m?.annotations ?? {});
  }
  return { labels, annotations };
}

function templateParts(t: ClusterTemplate): { meta: Meta; spec: Record<string, unknown> } {
  const spec = isRecord(t.object.spec) ? t.object.spec : {};
  const template = isRecord(spec.template) ? spec.template : {};
  return {
    meta: (isRecord(template.metadata) ? template.metadata : {}) as Meta,
    spec: isRecord(template.spec) ? template.spec : {},
  };
}

const refTo = (t: ClusterTemplate) => ({ apiVersion: t.doc.apiVersion, kind: t.doc.kind, name: t.name });

export function generateInfrastructureCluster(
  cluster: ClusterObject,
  stampsKind: KindName,
  t: ClusterTemplate,
): GeneratedObject {
  const { meta, spec } = templateParts(t);
  const name = cluster.metadata.name;
  const m = mergeMeta(meta, { labels: ownedLabels(name) });
  return {
    kind: stampsKind,
    topologyPath: 'spec.topology.class',
    raw: {
      apiVersion: t.doc.apiVersion,
      kind: stampsKind,
      metadata: {
        name: topologyNames.infrastructureCluster(name),
        namespace: cluster.metadata.namespace,
        ...m,
      },
      spec,
    },
  };
}

export function generateControlPlane(
  cluster: ClusterObject,
  topology: ClusterTopology,
  cls: ClusterClassObject,
  template: ClusterTemplate,
  machineInfrastructure: ClusterTemplate,
): GeneratedObject {
  const { meta, spec } = templateParts(template);
  const name = cluster.metadata.name;
  const { machineTemplate: templateMachine, ...rest } = spec as {
    machineTemplate?: Record<string, unknown>;
  } & Record<string, unknown>;
  const tm = (templateMachine ?? {}) as Meta & Record<string, unknown> & { metadata?: Meta };
  const cp = topology.controlPlane;
  const classCp = cls.spec.controlPlane;
  return {
    kind: 'KubeadmControlPlane',
    topologyPath: 'spec.topology.controlPlane',
    raw: {
      apiVersion: template.doc.apiVersion,
      kind: 'KubeadmControlPlane',
      metadata: {
        name: topologyNames.controlPlane(name),
        namespace: cluster.metadata.namespace,
        ...mergeMeta(meta, { labels: ownedLabels(name) }),
      },
      spec: compact({
        ...rest,
        replicas: cp.replicas,
        version: topology.version,
        rolloutAfter: topology.rolloutAfter ?? rest.rolloutAfter,
        machineTemplate: compact({
          metadata: mergeMeta(tm.metadata, classCp.metadata, cp.metadata),
          infrastructureRef: refTo(machineInfrastructure),
          nodeDrainTimeout: cp.nodeDrainTimeout ?? classCp.nodeDrainTimeout ?? tm.nodeDrainTimeout,
          nodeVolumeDetachTimeout:
            cp.nodeVolumeDetachTimeout ?? classCp.nodeVolumeDetachTimeout ?? tm.nodeVolumeDetachTimeout,
          nodeDeletionTimeout:
            cp.nodeDeletionTimeout ?? classCp.nodeDeletionTimeout ?? tm.nodeDeletionTimeout,
          readinessGates: cp.readinessGates ?? classCp.readinessGates ?? tm.readinessGates,
        }),
      }),
    },
  };
}

export function generateMachineDeployment(
  cluster: ClusterObject,
  topology: ClusterTopology,
  md: MachineDeploymentTopology,
  index: number,
  mdClass: MachineDeploymentClass,
  bootstrap: ClusterTemplate,
  infrastructure: ClusterTemplate,
): GeneratedObject {
  const clusterName = cluster.metadata.name;
  const name = topologyNames.machineDeployment(clusterName, md.name);
  const topologyLabels = { ...ownedLabels(clusterName), [TOPOLOGY_DEPLOYMENT_NAME_LABEL]: md.name };
  const objectMeta = mergeMeta(mdClass.template.metadata, md.metadata, { labels: topologyLabels });
  return {
    kind: 'MachineDeployment',
    topologyPath: `spec.topology.workers.machineDeployments[${index}]`,
    raw: {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'MachineDeployment',
      metadata: { name, namespace: cluster.metadata.namespace, ...objectMeta },
      spec: compact({
        clusterName,
        replicas: md.replicas,
        rolloutAfter: topology.rolloutAfter,
        // CAPI replaces the class strategy as a whole when the topology sets one.
        strategy: md.strategy ?? mdClass.strategy,
        minReadySeconds: md.minReadySeconds ?? mdClass.minReadySeconds,
        template: {
          metadata: mergeMeta(mdClass.template.metadata, md.metadata, { labels: topologyLabels }),
          spec: compact({
            clusterName,
            version: topology.version,
            bootstrap: { configRef: refTo(bootstrap) },
            infrastructureRef: refTo(infrastructure),
            failureDomain: md.failureDomain ?? mdClass.failureDomain,
            nodeDrainTimeout: md.nodeDrainTimeout ?? mdClass.nodeDrainTimeout,
            nodeVolumeDetachTimeout: md.nodeVolumeDetachTimeout ?? mdClass.nodeVolumeDetachTimeout,
            nodeDeletionTimeout: md.nodeDeletionTimeout ?? mdClass.nodeDeletionTimeout,
            readinessGates: md.readinessGates ?? mdClass.readinessGates,
          }),
        },
      }),
    },
  };
}
