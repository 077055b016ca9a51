/**
 * Runs the workload cluster's controllers once, at one instant, until the cluster is consistent
 * with what just happened (a node registered, a Pod went away, a fault was injected ...). The
 * timeline calls it after every transition it applies, and the world after every request that
 * changes a cluster. Each step is idempotent, so settling twice at one instant changes nothing.
 */
import type { OpContext } from '../opContext';
import type { ClusterRecord, WorldState } from '../worldState';
import { reconcileDaemonSetPods } from './daemonSets';
import { reconcileEtcdLeader } from './etcd';
import { trackNodeReadiness } from './nodeConditions';
import { collectOrphanedPods, resumeStalledTerminations } from './podLifecycle';
import { startWaitingPods } from './scheduling';
import { reconcileMirrorPods } from './staticPods';
import { reconcileVolumes } from './volumes';
import { reconcileWorkloads } from './workloads';

export function settleCluster(state: WorldState, cluster: ClusterRecord, ctx: OpContext): void {
  trackNodeReadiness(state, cluster, ctx); // node lifecycle controller
  collectOrphanedPods(cluster); // pod GC
  resumeStalledTerminations(cluster, ctx.now); // kubelets that answer again
  reconcileEtcdLeader(state, cluster); // raft
  reconcileMirrorPods(state, cluster, ctx.now); // kubelets of control-plane nodes
  reconcileDaemonSetPods(state, cluster, ctx); // DaemonSet controller
  reconcileWorkloads(state, cluster, ctx); // ReplicaSet and Job controllers
  startWaitingPods(state, cluster, ctx.now); // scheduler
  reconcileVolumes(state, cluster, ctx); // attach/detach controller
}
