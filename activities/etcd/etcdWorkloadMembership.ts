/**
 * The WorkloadCluster's etcd methods (listEtcdMembers, removeEtcdMember, moveEtcdLeader) over a
 * real etcd, so a kube WorkloadCluster can delegate to it: it finds the cluster's etcd client
 * URLs (e.g. through the API server's etcd pods, or the machines' addresses) and hands them in
 * through `clientFor`. Shapes and semantics match the simulated workload cluster's.
 */
import type { ResourceKey } from '../../shared/ids';
import type { EtcdMember, EtcdMemberRef } from '../providers/types';
import type { EtcdClient } from './etcdClient';
import { etcdNotFound } from './etcdFailure';
import type { EtcdMemberView } from './memberView';

export type EtcdClientFor = (cluster: ResourceKey) => EtcdClient | Promise<EtcdClient>;

export function toEtcdMember(v: EtcdMemberView): EtcdMember {
  return { id: v.id, name: v.name, isLearner: v.isLearner, isLeader: v.isLeader, healthy: v.healthy };
}

/** A member by id, or by name (the control-plane node's name). */
export function findMemberByRef(members: readonly EtcdMemberView[], ref: EtcdMemberRef): EtcdMemberView | undefined {
  return 'id' in ref ? members.find((m) => m.id === ref.id) : members.find((m) => m.name === ref.name);
}

export class EtcdWorkloadMembership {
  constructor(private readonly clientFor: EtcdClientFor) {}

  /** `etcdctl member list` with leader and health (ControlPlaneState.etcdMembers). */
  async listEtcdMembers(cluster: ResourceKey): Promise<EtcdMember[]> {
    const client = await this.clientFor(cluster);
    return (await client.memberList()).map(toEtcdMember);
  }

  /** "already gone" is success (`removed: false`); refused (retryable Conflict) when quorum would be lost. */
  async removeEtcdMember(cluster: ResourceKey, memberId: string): Promise<{ removed: boolean }> {
    const client = await this.clientFor(cluster);
    return client.remove(memberId);
  }

  /** To a healthy voting member; answers the member list after the move. */
  async moveEtcdLeader(cluster: ResourceKey, to: EtcdMemberRef): Promise<EtcdMember[]> {
    const client = await this.clientFor(cluster);
    let id: string;
    if ('id' in to) id = to.id;
    else {
      const target = findMemberByRef(await client.memberList(), to);
      if (!target) {
        throw etcdNotFound(`etcd of cluster ${cluster.namespace}/${cluster.name} has no member named ${to.name}`, false);
      }
      id = target.id;
    }
    return (await client.moveLeader(id)).map(toEtcdMember);
  }
}
