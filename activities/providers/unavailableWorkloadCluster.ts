/**
 * The workload-cluster side for infrastructure providers whose clusters are real Kubernetes
 * clusters (aws, ...): DESIGN.md's `kube` WorkloadCluster (@kubernetes/client-node) is a later
 * issue. Until it exists every call fails terminally and says so, rather than the machine
 * workflow waiting forever for a Node nobody can see. `apiServerHealthy` answers instead of
 * throwing, as the interface asks.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../shared/errors';
import type { ApiServerHealth, WorkloadCluster } from './types';

export class UnavailableWorkloadCluster implements WorkloadCluster {
  constructor(private readonly provider: string) {}

  private why(): string {
    return (
      `the workload-cluster API for provider "${this.provider}" is not available yet: reading Nodes, draining and ` +
      'etcd membership on real clusters need the kube WorkloadCluster (DESIGN.md), which is not built yet; ' +
      'the infrastructure itself is created'
    );
  }

  private failure(operation: string): ApplicationFailure {
    return ApplicationFailure.create({
      type: ErrorTypes.InvalidSpec,
      message: `${operation}: ${this.why()}`,
      nonRetryable: true,
    });
  }

  getNodeByProviderID(): Promise<never> {
    return Promise.reject(this.failure('getNodeByProviderID'));
  }
  listNodes(): Promise<never> {
    return Promise.reject(this.failure('listNodes'));
  }
  deleteNode(): Promise<never> {
    return Promise.reject(this.failure('deleteNode'));
  }
  getNode(): Promise<never> {
    return Promise.reject(this.failure('getNode'));
  }
  cordonNode(): Promise<never> {
    return Promise.reject(this.failure('cordonNode'));
  }
  listPodsOnNode(): Promise<never> {
    return Promise.reject(this.failure('listPodsOnNode'));
  }
  evictPod(): Promise<never> {
    return Promise.reject(this.failure('evictPod'));
  }
  listPodDisruptionBudgets(): Promise<never> {
    return Promise.reject(this.failure('listPodDisruptionBudgets'));
  }
  listNamespaces(): Promise<never> {
    return Promise.reject(this.failure('listNamespaces'));
  }
  listVolumeAttachments(): Promise<never> {
    return Promise.reject(this.failure('listVolumeAttachments'));
  }
  listEtcdMembers(): Promise<never> {
    return Promise.reject(this.failure('listEtcdMembers'));
  }
  removeEtcdMember(): Promise<never> {
    return Promise.reject(this.failure('removeEtcdMember'));
  }
  moveEtcdLeader(): Promise<never> {
    return Promise.reject(this.failure('moveEtcdLeader'));
  }
  controlPlaneHealth(): Promise<never> {
    return Promise.reject(this.failure('controlPlaneHealth'));
  }
  apiServerHealthy(): Promise<ApiServerHealth> {
    return Promise.resolve({ healthy: false, message: this.why() });
  }
}
