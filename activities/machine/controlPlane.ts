import type { ResourceKey } from '../../shared/ids';
import type { EtcdMember } from '../../shared/planners/controlPlane';
import type { ActivityDeps } from '../deps';
import type { ControlPlaneNodeHealth } from '../providers/types';

/**
 * What one KCP reconcile reads from the workload cluster: the etcd member list and each
 * control-plane node's static-pod and etcd health (KCP's `reconcileControlPlaneAndMachinesConditions`).
 * A part that cannot be read is absent with the reason, never an error: the planner treats an
 * unknown member list as "etcd health unknown" and blocks changes, exactly as KCP's preflight does.
 */
export interface ControlPlaneObservation {
  etcdMembers?: EtcdMember[];
  etcdError?: string;
  health: ControlPlaneNodeHealth[];
  healthError?: string;
}

export function controlPlaneActivities(deps: ActivityDeps) {
  const w = deps.workload;
  return {
    /** One activity (one history entry) per reconcile: etcd members and component health together. */
    async observeControlPlane(input: { cluster: ResourceKey }): Promise<ControlPlaneObservation> {
      const [members, health] = await Promise.allSettled([
        w.listEtcdMembers(input.cluster),
        w.controlPlaneHealth(input.cluster),
      ]);
      return {
        ...(members.status === 'fulfilled'
          ? { etcdMembers: members.value.map(({ id, name, isLearner, isLeader, healthy }) => ({ id, name, isLearner, isLeader, healthy })) }
          : { etcdError: messageOf(members.reason) }),
        ...(health.status === 'fulfilled'
          ? { health: health.value.map(({ nodeName, conditions, messages }) => ({ nodeName, conditions, messages })) }
          : { health: [], healthError: messageOf(health.reason) }),
      };
    },

    /** `etcdctl move-leader` to the member on `nodeName` (the member is named after its node). */
    async moveEtcdLeader(input: { cluster: ResourceKey; nodeName: string }): Promise<void> {
      await w.moveEtcdLeader(input.cluster, { name: input.nodeName });
    },

    /** `etcdctl member remove`; a member already gone is success (a retried activity finds it gone). */
    async removeEtcdMember(input: { cluster: ResourceKey; memberId: string }): Promise<{ removed: boolean }> {
      return w.removeEtcdMember(input.cluster, input.memberId);
    },
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
