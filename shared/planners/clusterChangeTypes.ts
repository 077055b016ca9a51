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
