/**
 * What happens to a workload cluster when a node's conditions change. A node whose Ready condition
 * is not True gets the `node.kubernetes.io/not-ready` (False) or `unreachable` (Unknown) taints:
 * NoSchedule keeps new Pods off, and NoExecute makes the taint manager delete, after their
 * toleration (300 s by default, the `notReadyEvictionMs` latency), the Pods that do not tolerate
 * it forever — every Pod but DaemonSet Pods and static Pods. Those deletions do not go through the
 * Eviction API, so PodDisruptionBudgets do not hold them back.
 */
import type { NodeCondition } from '../../../../activities/providers/types';
import { drawLatency, type OpContext } from '../opContext';
import { isNodeReady } from '../nodeLifecycle';
import type { ClusterRecord, NodeRecord, WorldState } from '../worldState';
import { beginTermination, isActive, podsOnNode } from './podLifecycle';
import { sortedValues } from './workloadState';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The kubelet's and node controller's wording for each Ready status. */
export function defaultReadyWording(status: NodeCondition['status']): { reason: string; message: string } {
  switch (status) {
    case 'True':
      return { reason: 'KubeletReady', message: 'kubelet is posting ready status' };
    case 'False':
      return {
        reason: 'KubeletNotReady',
        message: 'container runtime network not ready: NetworkReady=false',
      };
    case 'Unknown':
      return { reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
  }
}

/** Sets a condition; `lastTransitionTime` moves only when the status changes, as the kubelet does. */
export function setNodeCondition(
  node: NodeRecord,
  condition: Omit<NodeCondition, 'lastTransitionTime'>,
  at: number,
): void {
  const previous = node.conditions.find((c) => c.type === condition.type);
  const next: NodeCondition = {
    ...condition,
    lastTransitionTime:
      previous && previous.status === condition.status ? previous.lastTransitionTime : iso(at),
  };
  node.conditions = previous
    ? node.conditions.map((c) => (c.type === condition.type ? next : c))
    : [...node.conditions, next];
}

export function removeNodeCondition(node: NodeRecord, type: string): void {
  node.conditions = node.conditions.filter((c) => c.type !== type);
}

/** Starts (or stops) the taint manager's clock when a node stops (or starts) being Ready. */
export function trackNodeReadiness(state: WorldState, cluster: ClusterRecord, ctx: OpContext): void {
  for (const node of sortedValues(cluster.nodes)) {
    if (isNodeReady(node)) {
      delete node.notReadySince;
      delete node.taintEvictionDueAt;
    } else if (node.notReadySince === undefined) {
      node.notReadySince = ctx.now;
      node.taintEvictionDueAt = ctx.now + drawLatency(state, ctx, ctx.latencies.notReadyEvictionMs);
    }
  }
}

/** NoExecute taint eviction: Pods of ReplicaSets and Jobs leave the NotReady node (gracefully). */
export function evictForNoExecuteTaint(
  state: WorldState,
  cluster: ClusterRecord,
  node: NodeRecord,
  ctx: OpContext,
): void {
  delete node.taintEvictionDueAt;
  for (const pod of podsOnNode(cluster, node.name)) {
    if (!isActive(pod) || pod.ownerKind === 'DaemonSet' || pod.ownerKind === 'Node') continue;
    beginTermination(cluster, pod, ctx.now, drawLatency(state, ctx, ctx.latencies.podTerminationMs));
  }
}
