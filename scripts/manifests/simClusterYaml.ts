/** A plain CAPI v1beta1 cluster on the simulated provider, as a user would write it. */
export function simClusterYaml(o: {
  name: string;
  namespace?: string;
  cpReplicas?: number;
  workers?: number;
  version?: string;
  /** worker version when it differs from the control plane (kubelet skew) */
  workerVersion?: string;
  /** MachineDeployment rollingUpdate strategy */
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  rolloutAfter?: string;
  /** name of the worker SimMachineTemplate (a new name = a template rotation = a rollout) */
  workerTemplate?: string;
  /** MachineDeployment machines' nodeDrainTimeout, e.g. "30s" */
  nodeDrainTimeout?: string;
  /** MachineDeployment machines' nodeDeletionTimeout, e.g. "2s" */
  nodeDeletionTimeout?: string;
  /**
   * add a MachineHealthCheck on the workers (seed-article shape); `remediationTemplate` makes it
   * remediate externally (the template document itself is the caller's to add)
   */
  healthCheck?: {
    maxUnhealthy: string;
    timeout: string;
    nodeStartupTimeout?: string;
    remediationTemplate?: { apiVersion: string; kind: string; name: string };
  };
  labels?: Record<string, string>;
  /** MachineDeployment metadata.annotations (copied to its MachineSets), e.g. skip-preflight-checks */
  mdAnnotations?: Record<string, string>;
  /** KubeadmControlPlane `spec.rolloutStrategy.rollingUpdate.maxSurge` (CAPI default 1) */
  cpMaxSurge?: 0 | 1;
  /** name of the control plane's SimMachineTemplate (a new name = a control-plane rollout) */
  cpTemplate?: string;
  /** add a MachineHealthCheck on the control plane (CAPI's control-plane selector) */
  cpHealthCheck?: { maxUnhealthy?: string; timeout: string; nodeStartupTimeout?: string };
}): string {
  const ns = o.namespace ?? 'default';
  const version = o.version ?? 'v1.31.4';
  const workerVersion = o.workerVersion ?? version;
  const workerTemplate = o.workerTemplate ?? `${o.name}-machine`;
  const cpTemplate = o.cpTemplate ?? `${o.name}-machine`;
  const cpStrategy =
    o.cpMaxSurge === undefined
      ? ''
      : `  rolloutStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: ${o.cpMaxSurge}
`;
  const strategy =
    o.maxSurge === undefined && o.maxUnavailable === undefined
      ? ''
      : `  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: ${JSON.stringify(o.maxSurge ?? 1)}
      maxUnavailable: ${JSON.stringify(o.maxUnavailable ?? 0)}
`;
  const mdAnnotations = o.mdAnnotations
    ? `  annotations:\n${Object.entries(o.mdAnnotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('')}`
    : '';
  const rolloutAfter = o.rolloutAfter ? `  rolloutAfter: "${o.rolloutAfter}"\n` : '';
  const extraTemplates = [...new Set([workerTemplate, cpTemplate])]
    .filter((t) => t !== `${o.name}-machine`)
    .map(
      (t) => `---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: SimMachineTemplate
metadata:
  name: ${t}
  namespace: ${ns}
spec:
  template:
    spec: {}
`,
    )
    .join('');
  const labels = Object.entries(o.labels ?? { env: 'test', region: 'local' })
    .map(([k, v]) => `    ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: ${o.name}
  namespace: ${ns}
  labels:
${labels}
spec:
  clusterNetwork:
    pods:
      cidrBlocks: ["192.168.0.0/16"]
    serviceDomain: cluster.local
  controlPlaneRef:
    apiVersion: controlplane.cluster.x-k8s.io/v1beta1
    kind: KubeadmControlPlane
    name: ${o.name}-cp
  infrastructureRef:
    apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
    kind: SimCluster
    name: ${o.name}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: SimCluster
metadata:
  name: ${o.name}
  namespace: ${ns}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: SimMachineTemplate
metadata:
  name: ${o.name}-machine
  namespace: ${ns}
spec:
  template:
    spec: {}
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata:
  name: ${o.name}-cp
  namespace: ${ns}
spec:
  replicas: ${o.cpReplicas ?? 1}
  version: ${version}
${cpStrategy}  machineTemplate:
    infrastructureRef:
      apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
      kind: SimMachineTemplate
      name: ${cpTemplate}
  kubeadmConfigSpec:
    initConfiguration:
      nodeRegistration:
        criSocket: unix:///var/run/containerd/containerd.sock
    joinConfiguration:
      nodeRegistration:
        criSocket: unix:///var/run/containerd/containerd.sock
---
apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
kind: KubeadmConfigTemplate
metadata:
  name: ${o.name}-md-0
  namespace: ${ns}
spec:
  template:
    spec:
      joinConfiguration:
        nodeRegistration:
          criSocket: unix:///var/run/containerd/containerd.sock
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachineDeployment
metadata:
  name: ${o.name}-md-0
  namespace: ${ns}
${mdAnnotations}spec:
  clusterName: ${o.name}
  replicas: ${o.workers ?? 2}
${strategy}${rolloutAfter}  selector:
    matchLabels: null
  template:
    spec:
      clusterName: ${o.name}
      version: ${workerVersion}${o.nodeDrainTimeout ? `\n      nodeDrainTimeout: ${o.nodeDrainTimeout}` : ''}${o.nodeDeletionTimeout ? `\n      nodeDeletionTimeout: ${o.nodeDeletionTimeout}` : ''}
      bootstrap:
        configRef:
          apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
          kind: KubeadmConfigTemplate
          name: ${o.name}-md-0
      infrastructureRef:
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: SimMachineTemplate
        name: ${workerTemplate}
${extraTemplates}${o.healthCheck ? `---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachineHealthCheck
metadata:
  name: ${o.name}-worker-mhc
  namespace: ${ns}
spec:
  clusterName: ${o.name}
  maxUnhealthy: ${o.healthCheck.maxUnhealthy}
  nodeStartupTimeout: ${o.healthCheck.nodeStartupTimeout ?? '10m'}
  selector:
    matchLabels:
      cluster.x-k8s.io/deployment-name: ${o.name}-md-0
  unhealthyConditions:
  - type: Ready
    status: Unknown
    timeout: ${o.healthCheck.timeout}
  - type: Ready
    status: "False"
    timeout: ${o.healthCheck.timeout}
${o.healthCheck.remediationTemplate ? `  remediationTemplate:
    apiVersion: ${o.healthCheck.remediationTemplate.apiVersion}
    kind: ${o.healthCheck.remediationTemplate.kind}
    name: ${o.healthCheck.remediationTemplate.name}
` : ''}` : ''}${o.cpHealthCheck ? `---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachineHealthCheck
metadata:
  name: ${o.name}-cp-mhc
  namespace: ${ns}
spec:
  clusterName: ${o.name}
  maxUnhealthy: ${o.cpHealthCheck.maxUnhealthy ?? '100%'}
  nodeStartupTimeout: ${o.cpHealthCheck.nodeStartupTimeout ?? '10m'}
  selector:
    matchLabels:
      cluster.x-k8s.io/control-plane: ""
  unhealthyConditions:
  - type: Ready
    status: Unknown
    timeout: ${o.cpHealthCheck.timeout}
  - type: Ready
    status: "False"
    timeout: ${o.cpHealthCheck.timeout}
` : ''}`;
}

/** The benchmark's cluster: 1 control plane + `workers` workers. */
export function simExampleClusterYaml(name: string, workers: number): string {
  return simClusterYaml({ name, cpReplicas: 1, workers, labels: { env: 'bench', region: 'local' } });
}
