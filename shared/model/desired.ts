/**
 * The desired state of one cluster, compiled from CAPI manifests (see `compile.ts`). This is what
 * the workflows hold and reconcile: refs already resolved, ClusterClass topology already expanded,
 * defaults already applied, so a workflow never has to look anything up. It is plain JSON, so it
 * travels through Temporal payloads unchanged.
 */
export type ProviderName = 'sim' | 'docker' | 'aws' | 'baremetal' | 'ssh';
export const PROVIDER_NAMES: readonly ProviderName[] = ['sim', 'docker', 'aws', 'baremetal', 'ssh'];

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * A resolved template: which object it came from plus the spec a new object would be stamped
 * from (for an InfraMachineTemplate or KubeadmConfigTemplate: its `spec.template.spec`; for a
 * KubeadmControlPlane's bootstrap: its `spec.kubeadmConfigSpec`).
 */
export interface TemplateSnapshot {
  apiVersion: string;
  kind: string;
  name: string;
  spec: Record<string, unknown>;
}

export interface DesiredMachineTemplate {
  /** Kubernetes version with leading `v`, e.g. `v1.31.4` */
  version: string;
  infrastructure: TemplateSnapshot;
  bootstrap: TemplateSnapshot;
  failureDomain?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  minReadySeconds: number;
  /** CAPI defaults: drain unlimited (undefined), volume detach unlimited, node deletion 10s */
  nodeDrainTimeoutSeconds?: number;
  nodeVolumeDetachTimeoutSeconds?: number;
  nodeDeletionTimeoutSeconds: number;
}

export interface DesiredControlPlane {
  kind: 'KubeadmControlPlane';
  name: string;
  replicas: number;
  version: string;
  machineTemplate: DesiredMachineTemplate;
  rollout: { maxSurge: 0 | 1; after?: string };
  remediation: { maxRetry?: number; retryPeriodSeconds: number; minHealthyPeriodSeconds: number };
  annotations: Record<string, string>;
}

export type IntOrPercent = number | string;

export interface DesiredMachineDeployment {
  name: string;
  replicas: number;
  template: DesiredMachineTemplate;
  strategy: {
    type: 'RollingUpdate' | 'OnDelete';
    maxSurge: IntOrPercent;
    maxUnavailable: IntOrPercent;
    deletePolicy: 'Random' | 'Newest' | 'Oldest';
    /**
     * v1beta1 `spec.strategy.remediation`: at most `maxInFlight` (int, or % of replicas rounded
     * up) machines remediated at once. Absent: every unhealthy machine at once (CAPI default).
     */
    remediation?: { maxInFlight: IntOrPercent };
  };
  rolloutAfter?: string;
  paused: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** set when the MD came from a ClusterClass topology: the worker class name */
  topologyClass?: string;
}

export interface DesiredMachineHealthCheck {
  name: string;
  selector: { matchLabels: Record<string, string> };
  unhealthyConditions: { type: string; status: string; timeoutSeconds: number }[];
  nodeStartupTimeoutSeconds: number;
  maxUnhealthy?: IntOrPercent;
  unhealthyRange?: string;
  /** external remediation: one request per unhealthy machine is made from this template */
  remediationTemplate?: ObjectRef;
  /**
   * The template's `spec.template.spec`, defaulted, when it is a kind Capstan runs itself
   * (RebootRemediationTemplate). Absent for other kinds: an external controller owns those.
   */
  remediationTemplateSpec?: Record<string, unknown>;
}

/** metav1.LabelSelector as the desired state carries it (`matchLabels: null` dropped). */
export interface DesiredLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }>;
}

/**
 * A MachineDrainRule of the cluster's namespace, in the drain planner's shape
 * (`shared/planners/drain/types.ts` MachineDrainRule): the first matching rule, by name, decides
 * how the drain treats a Pod (capi-behaviour.md §5.3).
 */
export interface DesiredMachineDrainRule {
  name: string;
  behavior: 'Drain' | 'Skip' | 'WaitCompleted';
  /** only with behavior Drain; lower drains first; unset = 0 */
  order?: number;
  /** entries ORed; each is selector AND clusterSelector; unset = every Machine in the namespace */
  machines?: Array<{ selector?: DesiredLabelSelector; clusterSelector?: DesiredLabelSelector }>;
  /** entries ORed; each is selector AND namespaceSelector; unset = every Pod */
  pods?: Array<{ selector?: DesiredLabelSelector; namespaceSelector?: DesiredLabelSelector }>;
}

/**
 * A Runtime Extension (ExtensionConfig) the cluster calls lifecycle hooks on
 * (`shared/planners/lifecycleHooks`): the handlers come from its discovery endpoint.
 */
export interface DesiredRuntimeExtension {
  name: string;
  /** base URL; hooks are POSTed to `<url>/hooks.runtime.cluster.x-k8s.io/v1alpha1/<hook>/<handler>` */
  url: string;
  /** base64 PEM CA bundle that signs the extension's certificate; unset = the system roots */
  caBundle?: string;
  settings: Record<string, string>;
}

export interface DesiredCluster {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  provider: ProviderName;
  paused: boolean;
  clusterNetwork: { pods: string[]; services: string[]; serviceDomain: string };
  infrastructure: TemplateSnapshot;
  controlPlane: DesiredControlPlane;
  machineDeployments: DesiredMachineDeployment[];
  machineHealthChecks: DesiredMachineHealthCheck[];
  /**
   * Every MachineDrainRule of the cluster's namespace, sorted by name (CAPI lists the rules in
   * the Machine's namespace; `spec.machines[].clusterSelector` narrows them at drain time).
   * Desired states recorded before drain rules existed lack it: read it as `?? []`.
   */
  machineDrainRules: DesiredMachineDrainRule[];
  /** ExtensionConfigs selecting the cluster's namespace, by name; absent when none */
  runtimeExtensions?: DesiredRuntimeExtension[];
  /** present when the cluster is declared through a ClusterClass */
  /**
   * `rolloutPolicy: 'Campaign'` (the class's or the Cluster's `capstan.io/rollout-policy`): a
   * change that replaces machines is staged by sync, for a campaign to roll out; absent = Immediate.
   */
  topology?: {
    class: string;
    version: string;
    rolloutPolicy?: 'Campaign';
    /** the class's `spec.kubernetesVersions`, `v`-prefixed: the versions the cluster may use, and a campaign's chained steps */
    kubernetesVersions?: string[];
  };
  /** the manifest documents that make up this cluster, defaulted, for `-o yaml` and audit */
  resources: Array<{ apiVersion: string; kind: string; metadata: { name: string; namespace: string } } & Record<string, unknown>>;
}

export function totalMachines(c: DesiredCluster): { controlPlane: number; workers: number } {
  return {
    controlPlane: c.controlPlane.replicas,
    workers: c.machineDeployments.reduce((n, md) => n + md.replicas, 0),
  };
}
