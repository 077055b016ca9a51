/**
 * The simulated cloud's route for machines it did not create (PUT
 * /v1/clusters/:ns/:cluster/external-machines/:machine): the kubelet stand-in (docker, ssh)
 * registers a node container or host there once its bootstrap finished, so the simulated
 * workload cluster gets the Node (and, for a control plane, the etcd member) a real kubelet and
 * kubeadm would have made. The sim validates the user data as for its own machines (init vs join,
 * endpoint), never stores it, and runs the machine from then on like one of its own.
 */
import type { TemplateSnapshot } from '../../../shared/model/desired';
import type { MachineRole } from '../types';

export interface SimExternalMachineRequest {
  role: MachineRole;
  version: string;
  /** the real provider's ID, e.g. `docker:////dev-cluster-01-cp-x7k2p`; the Node carries it */
  providerID: string;
  address: string;
  failureDomain?: string;
  infrastructure: TemplateSnapshot;
  /** the cloud-init the machine was bootstrapped with (init or join is read from it) */
  bootstrapData: string;
}

export const simExternalMachinePath = (namespace: string, cluster: string, machine: string): string =>
  `/v1/clusters/${encodeURIComponent(namespace)}/${encodeURIComponent(cluster)}/external-machines/${encodeURIComponent(machine)}`;
