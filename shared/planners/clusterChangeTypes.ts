/** A replica change of the control plane or one MachineDeployment (the cluster's `scale` update). */
export interface ScaleInput {
  kind: 'KubeadmControlPlane' | 'MachineDeployment';
  name: string;
  replicas: number;
}

/** clusterctl `alpha rollout restart`: sets rolloutAfter to now, so every machine is replaced. */
export interface RolloutRestartInput {
  kind: 'MachineDeployment' | 'KubeadmControlPlane';
  name: string;
}

/**
 * `capstan upgrade cluster`: one Kubernetes version for the whole cluster. The control plane goes
 * first, then the MachineDeployments `concurrency` at a time (stored as CAPI's
 * `topology.cluster.x-k8s.io/upgrade-concurrency` Cluster annotation).
 */
export interface UpgradeInput {
  version: string;
  /** how many MachineDeployments may upgrade at once (default: the annotation's, else 1) */
  concurrency?: number;
}
