import type { Condition } from './conditions';

/** CAPI Machine phases (informational; decisions use conditions and observed state). */
export type MachinePhase =
  | 'Pending'
  | 'Provisioning'
  | 'Provisioned'
  | 'Running'
  | 'Deleting'
  | 'Deleted'
  | 'Failed';

export type MachineRole = 'control-plane' | 'worker';

/** What a machineWorkflow reports to its owner after every phase change. */
export interface MachineStatus {
  name: string;
  role: MachineRole;
  version: string;
  phase: MachinePhase;
  failureDomain?: string;
  providerID?: string;
  nodeName?: string;
  addresses: string[];
  createdAt: string;
  lastUpdated: string;
  /** set once the owner asked for deletion */
  deletionRequestedAt?: string;
  failureReason?: string;
  conditions: Condition[];
}

export type ClusterPhase = 'Pending' | 'Provisioning' | 'Provisioned' | 'Deleting' | 'Deleted' | 'Failed';

export interface ControlPlaneStatus {
  kind: 'KubeadmControlPlane';
  name: string;
  desiredReplicas: number;
  replicas: number;
  readyReplicas: number;
  /** machines at the spec's version and template (not deleting); absent in old reports */
  upToDateReplicas?: number;
  version: string;
  initialized: boolean;
  /** true once every machine is Running at the desired count */
  ready: boolean;
  deleted: boolean;
  conditions: Condition[];
  machines: MachineStatus[];
  observedSpecVersion: number;
}

export interface MachineDeploymentStatus {
  name: string;
  desiredReplicas: number;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  version: string;
  phase: 'ScalingUp' | 'ScalingDown' | 'Running' | 'Deleting' | 'Deleted' | 'Failed';
  ready: boolean;
  deleted: boolean;
  conditions: Condition[];
  machineSets: Array<{ name: string; revision: number; replicas: number }>;
  machines: MachineStatus[];
  observedSpecVersion: number;
}

export interface InfrastructureStatus {
  kind: string;
  name: string;
  provisioned: boolean;
  controlPlaneEndpoint?: { host: string; port: number };
  failureDomains: Array<{ name: string; controlPlane: boolean }>;
}

/** What a machineHealthCheckWorkflow reports: the numbers behind its short-circuit. */
export interface HealthCheckStatus {
  name: string;
  expectedMachines: number;
  currentHealthy: number;
  remediationAllowed: boolean;
  /** the RemediationAllowed condition's message (the short-circuit numbers when False) */
  message: string;
  unhealthy: Array<{ machine: string; reason: string }>;
  /** machines handed to their owner for replacement */
  remediated: string[];
  deleted: boolean;
}

/** The `describe` query result: the tree `capstan describe cluster` prints. */
export interface ClusterDescription {
  namespace: string;
  name: string;
  provider: string;
  phase: ClusterPhase;
  version: string;
  labels: Record<string, string>;
  generation: number;
  observedGeneration: number;
  /** all machines Running at the declared counts, for the latest generation */
  ready: boolean;
  paused: boolean;
  conditions: Condition[];
  infrastructure: InfrastructureStatus;
  controlPlane?: ControlPlaneStatus;
  machineDeployments: MachineDeploymentStatus[];
  healthChecks: HealthCheckStatus[];
  /** what the cluster is waiting for right now, in words */
  waitingFor?: string;
  createdAt: string;
  lastUpdated: string;
}
