/**
 * The workload cluster of Docker machines built from an image without Kubernetes, with REAL etcd:
 * Nodes, Pods, drains and component health come from the simulated workload cluster (the kubelet
 * stand-in registers the Nodes there), while etcd membership — what KCP reads before every
 * change, moves leadership on and removes members from — is the etcd the machines run
 * (etcdStandIn.ts), over etcd's own API. Enabled with CAPSTAN_DOCKER_REAL_ETCD=1 next to
 * CAPSTAN_DOCKER_SIM_URL.
 */
import type { ResourceKey } from '../../../shared/ids';
import { EtcdWorkloadMembership } from '../../etcd';
import { SimWorkloadCluster } from '../sim/simWorkloadCluster';
import type { EtcdMember, EtcdMemberRef } from '../types';
import type { DockerEtcdStandIn } from './etcdStandIn';

export class RealEtcdWorkloadCluster extends SimWorkloadCluster {
  private readonly membership: EtcdWorkloadMembership;

  constructor(simUrl: string, etcd: DockerEtcdStandIn) {
    super(simUrl);
    this.membership = new EtcdWorkloadMembership((cluster) => etcd.client(cluster));
  }

  override listEtcdMembers(cluster: ResourceKey): Promise<EtcdMember[]> {
    return this.membership.listEtcdMembers(cluster);
  }

  override removeEtcdMember(cluster: ResourceKey, memberId: string): Promise<{ removed: boolean }> {
    return this.membership.removeEtcdMember(cluster, memberId);
  }

  override moveEtcdLeader(cluster: ResourceKey, to: EtcdMemberRef): Promise<EtcdMember[]> {
    return this.membership.moveEtcdLeader(cluster, to);
  }
}
