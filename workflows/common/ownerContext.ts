import type { ResourceKey } from '../../shared/ids';
import type { DesiredCluster, ProviderName } from '../../shared/model/desired';

/** What the cluster tells a control plane or MachineDeployment about the cluster it belongs to. */
export interface ClusterContext {
  cluster: ResourceKey;
  provider: ProviderName;
  clusterWorkflowId: string;
  controlPlaneEndpoint: { host: string; port: number };
  failureDomains: Array<{ name: string; controlPlane: boolean }>;
  clusterNetwork: DesiredCluster['clusterNetwork'];
  /** the cluster is paused: create and delete nothing until it resumes (CAPI §9.1) */
  paused?: boolean;
  /**
   * The MachineDrainRules of the cluster's namespace, passed on to every new Machine for its
   * drain. Optional: contexts recorded before drain rules were supported lack it.
   */
  drainRules?: DesiredCluster['machineDrainRules'];
  /** the Cluster's labels, for the drain rules' `clusterSelector`; optional for the same reason */
  clusterLabels?: Record<string, string>;
}
