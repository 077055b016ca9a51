import type { StagedChangeView } from '../planners/stagedChange';
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
  /**
   * Counts the machine's reports. Two reports sent in one workflow task carry the same
   * lastUpdated and may arrive in either order, so owners order by this when both have it.
   */
  reportSeq?: number;
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
  /** machines of the MachineSet that matches the spec's template (CAPI upToDateReplicas); absent in old reports */
  upToDateReplicas?: number;
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
  /**
   * External remediation requests (`remediationTemplate`), one per machine being remediated;
   * statuses recorded before external remediation existed lack it.
   */
  remediationRequests?: RemediationRequestStatus[];
  deleted: boolean;
}

/**
 * Where an external remediation request stands (Metal3Remediation's `status.phase`, widened):
 * - `WaitingForExternalController`: a template kind Capstan does not run; a controller outside it acts;
 * - `Rebooting`: the built-in Reboot strategy asked the infrastructure provider for a power cycle;
 * - `WaitingForHealthy`: rebooted; the MachineHealthCheck has the strategy's timeout to find it healthy;
 * - `OwnerRemediation`: retries exhausted (or no reboot possible): handed to the owner to replace;
 * - `Completed`: finished (healthy again, machine gone, or completed by signal).
 */
export type RemediationRequestPhase =
  | 'WaitingForExternalController'
  | 'Rebooting'
  | 'WaitingForHealthy'
  | 'OwnerRemediation'
  | 'Completed';

/** One remediation request, named exactly like its Machine (CAPI), as the health check shows it. */
export interface RemediationRequestStatus {
  machine: string;
  /** the template it was made from */
  template: { kind: string; name: string };
  phase: RemediationRequestPhase;
  /** built-in Reboot: power cycles so far and the template's retryLimit */
  attempts?: number;
  retryLimit?: number;
  message: string;
  createdAt: string;
  lastUpdated: string;
}

/** The `describe` query result: the tree `capstan describe cluster` prints. */
export interface ClusterDescription {
  namespace: string;
  name: string;
  provider: string;
  phase: ClusterPhase;
  version: string;
  labels: Record<string, string>;
  /** a ClusterClass cluster: its class, and the versions the class allows (spec.kubernetesVersions) */
  topology?: { class: string; kubernetesVersions?: string[] };
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
  /** a change held for a campaign (ClusterClass rollout policy Campaign) */
  staged?: StagedChangeView;
  /** the staged revision promoted last */
  promotedRevision?: string;
  createdAt: string;
  lastUpdated: string;
}
