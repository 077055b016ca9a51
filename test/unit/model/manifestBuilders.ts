import { stringify } from 'yaml';

/**
 * Valid manifests as plain objects, so each bad-input case is "the valid set with one thing
 * broken" and the rest of the set is known to be fine. Document order matters: cases assert the
 * document index (`bad.yaml#N`) of the issue.
 */
export type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const V1BETA1 = {
  core: 'cluster.x-k8s.io/v1beta1',
  controlPlane: 'controlplane.cluster.x-k8s.io/v1beta1',
  bootstrap: 'bootstrap.cluster.x-k8s.io/v1beta1',
  infra: 'infrastructure.cluster.x-k8s.io/v1beta1',
};

/** c1: SimCluster, 1 CP + 2 workers, MHC. Indices: 1 Cluster, 2 SimCluster, 3 CP template, 4 KCP, 5 MD template, 6 KCT, 7 MD, 8 MHC. */
export function explicitCluster(name = 'c1'): Doc[] {
  return [
    {
      apiVersion: V1BETA1.core,
      kind: 'Cluster',
      metadata: { name, namespace: 'default', labels: { env: 'dev' } },
      spec: {
        clusterNetwork: { pods: { cidrBlocks: ['192.168.0.0/16'] } },
        controlPlaneRef: {
          apiVersion: V1BETA1.controlPlane,
          kind: 'KubeadmControlPlane',
          name: `${name}-cp`,
        },
        infrastructureRef: { apiVersion: V1BETA1.infra, kind: 'SimCluster', name },
      },
    },
    { apiVersion: V1BETA1.infra, kind: 'SimCluster', metadata: { name, namespace: 'default' } },
    {
      apiVersion: V1BETA1.infra,
      kind: 'SimMachineTemplate',
      metadata: { name: `${name}-cp`, namespace: 'default' },
      spec: { template: { spec: {} } },
    },
    {
      apiVersion: V1BETA1.controlPlane,
      kind: 'KubeadmControlPlane',
      metadata: { name: `${name}-cp`, namespace: 'default' },
      spec: {
        replicas: 1,
        version: 'v1.31.4',
        machineTemplate: {
          infrastructureRef: { apiVersion: V1BETA1.infra, kind: 'SimMachineTemplate', name: `${name}-cp` },
        },
        kubeadmConfigSpec: {
          initConfiguration: {
            nodeRegistration: { criSocket: 'unix:///var/run/containerd/containerd.sock' },
          },
          joinConfiguration: {
            nodeRegistration: { criSocket: 'unix:///var/run/containerd/containerd.sock' },
          },
        },
      },
    },
    {
      apiVersion: V1BETA1.infra,
      kind: 'SimMachineTemplate',
      metadata: { name: `${name}-md-0`, namespace: 'default' },
      spec: { template: { spec: {} } },
    },
    {
      apiVersion: V1BETA1.bootstrap,
      kind: 'KubeadmConfigTemplate',
      metadata: { name: `${name}-md-0`, namespace: 'default' },
      spec: {
        template: {
          spec: {
            joinConfiguration: {
              nodeRegistration: { criSocket: 'unix:///var/run/containerd/containerd.sock' },
            },
          },
        },
      },
    },
    {
      apiVersion: V1BETA1.core,
      kind: 'MachineDeployment',
      metadata: { name: `${name}-md-0`, namespace: 'default' },
      spec: {
        clusterName: name,
        replicas: 2,
        selector: { matchLabels: null },
        template: {
          spec: {
            clusterName: name,
            version: 'v1.31.4',
            bootstrap: {
              configRef: {
                apiVersion: V1BETA1.bootstrap,
                kind: 'KubeadmConfigTemplate',
                name: `${name}-md-0`,
              },
            },
            infrastructureRef: {
              apiVersion: V1BETA1.infra,
              kind: 'SimMachineTemplate',
              name: `${name}-md-0`,
            },
          },
        },
      },
    },
    {
      apiVersion: V1BETA1.core,
      kind: 'MachineHealthCheck',
      metadata: { name: `${name}-mhc`, namespace: 'default' },
      spec: {
        clusterName: name,
        maxUnhealthy: '40%',
        nodeStartupTimeout: '10m',
        selector: { matchLabels: { 'cluster.x-k8s.io/deployment-name': `${name}-md-0` } },
        unhealthyConditions: [{ type: 'Ready', status: 'Unknown', timeout: '300s' }],
      },
    },
  ];
}

/**
 * A sim ClusterClass with variables and a topology cluster t1. Indices: 1 ClusterClass,
 * 2 KCP template, 3 CP machine template, 4 SimClusterTemplate, 5 KCT, 6 worker machine template,
 * 7 Cluster.
 */
export function topologyCluster(name = 't1'): Doc[] {
  return [
    {
      apiVersion: V1BETA1.core,
      kind: 'ClusterClass',
      metadata: { name: 'sim-class', namespace: 'default' },
      spec: {
        controlPlane: {
          ref: {
            apiVersion: V1BETA1.controlPlane,
            kind: 'KubeadmControlPlaneTemplate',
            name: 'sim-class-cp',
          },
          machineInfrastructure: {
            ref: { apiVersion: V1BETA1.infra, kind: 'SimMachineTemplate', name: 'sim-class-cp-machine' },
          },
        },
        infrastructure: {
          ref: { apiVersion: V1BETA1.infra, kind: 'SimClusterTemplate', name: 'sim-class-infra' },
        },
        workers: {
          machineDeployments: [
            {
              class: 'default-worker',
              template: {
                metadata: { labels: { pool: 'default' } },
                bootstrap: {
                  ref: {
                    apiVersion: V1BETA1.bootstrap,
                    kind: 'KubeadmConfigTemplate',
                    name: 'sim-class-worker',
                  },
                },
                infrastructure: {
                  ref: {
                    apiVersion: V1BETA1.infra,
                    kind: 'SimMachineTemplate',
                    name: 'sim-class-worker-machine',
                  },
                },
              },
            },
          ],
        },
        variables: [
          {
            name: 'region',
            required: true,
            schema: { openAPIV3Schema: { type: 'string', enum: ['eu', 'us'] } },
          },
          {
            name: 'workerCount',
            required: false,
            schema: { openAPIV3Schema: { type: 'integer', minimum: 0, maximum: 10, default: 2 } },
          },
          {
            name: 'zonePrefix',
            required: false,
            schema: { openAPIV3Schema: { type: 'string', pattern: '^[a-z]+$', default: 'zone' } },
          },
          {
            name: 'network',
            required: false,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                required: ['cidr'],
                properties: { cidr: { type: 'string' }, mtu: { type: 'integer', default: 1500 } },
              },
            },
          },
        ],
      },
    },
    {
      apiVersion: V1BETA1.controlPlane,
      kind: 'KubeadmControlPlaneTemplate',
      metadata: { name: 'sim-class-cp', namespace: 'default' },
      spec: {
        template: {
          spec: { kubeadmConfigSpec: { clusterConfiguration: { apiServer: { certSANs: ['localhost'] } } } },
        },
      },
    },
    {
      apiVersion: V1BETA1.infra,
      kind: 'SimMachineTemplate',
      metadata: { name: 'sim-class-cp-machine', namespace: 'default' },
      spec: { template: { spec: {} } },
    },
    {
      apiVersion: V1BETA1.infra,
      kind: 'SimClusterTemplate',
      metadata: { name: 'sim-class-infra', namespace: 'default' },
      spec: { template: { spec: {} } },
    },
    {
      apiVersion: V1BETA1.bootstrap,
      kind: 'KubeadmConfigTemplate',
      metadata: { name: 'sim-class-worker', namespace: 'default' },
      spec: { template: { spec: {} } },
    },
    {
      apiVersion: V1BETA1.infra,
      kind: 'SimMachineTemplate',
      metadata: { name: 'sim-class-worker-machine', namespace: 'default' },
      spec: { template: { spec: {} } },
    },
    {
      apiVersion: V1BETA1.core,
      kind: 'Cluster',
      metadata: { name, namespace: 'default' },
      spec: {
        topology: {
          class: 'sim-class',
          version: 'v1.31.4',
          controlPlane: { replicas: 3 },
          workers: { machineDeployments: [{ class: 'default-worker', name: 'md-0', replicas: 2 }] },
          variables: [{ name: 'region', value: 'eu' }],
        },
      },
    },
  ];
}

export function toYaml(docs: Doc[]): string {
  return docs.map((d) => stringify(d)).join('---\n');
}
