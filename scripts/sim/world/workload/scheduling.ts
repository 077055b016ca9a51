/**
 * The scheduler and the kubelet's start of a Pod. New Pods go to nodes that are Ready and not
 * cordoned: a NotReady node carries the `node.kubernetes.io/not-ready` (or `unreachable`)
 * NoSchedule taint and a cordoned one `node.kubernetes.io/unschedulable`, which user Pods do not
 * tolerate. Workers are preferred; kubeadm taints control-plane nodes NoSchedule, and the sim lets
 * workloads fall back to them only when no worker fits (as if they tolerated that taint), so a
 * one-node cluster can still carry workloads. Among the fitting nodes the one with the fewest Pods
 * of the same owner wins (the default scheduler's spreading); a tie is the world PRNG's pick.
 */
import { drawIndex } from '../worldRandom';
import { isControlPlaneNode, isKubeletReachable, isNodeReady, readyCondition } from '../nodeLifecycle';
import type { ClusterRecord, NodeRecord, WorldState } from '../worldState';
import { isActive, isTerminating, markRunning } from './podLifecycle';
import { objectKey, sortedValues, type PodRecord } from './workloadState';

export function nodeAcceptsNewPods(node: NodeRecord): boolean {
  return isNodeReady(node) && !node.unschedulable;
}

/** Worded like the scheduler's FailedScheduling event. */
function noFitReason(nodes: readonly NodeRecord[]): string {
  const counts = new Map<string, number>();
  const add = (why: string) => counts.set(why, (counts.get(why) ?? 0) + 1);
  for (const node of nodes) {
    const ready = readyCondition(node)?.status;
    if (ready === 'Unknown') add('had untolerated taint {node.kubernetes.io/unreachable: }');
    else if (ready !== 'True') add('had untolerated taint {node.kubernetes.io/not-ready: }');
    else if (node.unschedulable) add('were unschedulable');
  }
  const parts = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([why, n]) => `${n} node(s) ${why}`);
  return `0/${nodes.length} nodes are available${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.`;
}

export function pickNodeForPod(
  state: WorldState,
  cluster: ClusterRecord,
  pod: PodRecord,
): { node: string } | { reason: string } {
  const nodes = sortedValues(cluster.nodes);
  const fits = nodes.filter(nodeAcceptsNewPods);
  const workers = fits.filter((n) => !isControlPlaneNode(n));
  const pool = workers.length > 0 ? workers : fits;
  if (pool.length === 0) return { reason: noFitReason(nodes) };
  const siblings = sortedValues(cluster.workload.pods).filter(
    (p) =>
      p.namespace === pod.namespace &&
      p.ownerKind === pod.ownerKind &&
      p.ownerName === pod.ownerName &&
      isActive(p),
  );
  const load = (n: NodeRecord) => siblings.filter((p) => p.nodeName === n.name).length;
  const least = Math.min(...pool.map(load));
  const tied = pool.filter((n) => load(n) === least);
  const chosen = tied.length === 1 ? tied[0]! : tied[drawIndex(state, tied.length)]!;
  return { node: chosen.name };
}

function runForMsOf(cluster: ClusterRecord, pod: PodRecord): number | undefined {
  if (pod.ownerKind !== 'Job') return undefined;
  return cluster.workload.workloads[objectKey(pod.namespace, pod.ownerName)]?.runForMs;
}

/**
 * A Pending Pod's turn: one bound by its controller (a DaemonSet Pod) starts if its kubelet is
 * reachable; an unbound one is scheduled if a node fits. Otherwise it stays Pending with a reason,
 * and `startWaitingPods` retries whenever the cluster settles.
 */
export function tryStartPod(state: WorldState, cluster: ClusterRecord, pod: PodRecord, at: number): void {
  if (isTerminating(pod) || pod.phase !== 'Pending') return;
  delete pod.startDueAt;
  if (pod.nodeName !== undefined) {
    const node = cluster.nodes[pod.nodeName];
    if (node !== undefined && isKubeletReachable(node))
      markRunning(pod, pod.nodeName, at, runForMsOf(cluster, pod));
    else pod.pendingReason = `the kubelet of node ${pod.nodeName} does not answer`;
    return;
  }
  const choice = pickNodeForPod(state, cluster, pod);
  if ('node' in choice) markRunning(pod, choice.node, at, runForMsOf(cluster, pod));
  else pod.pendingReason = choice.reason;
}

/** Pending Pods whose first attempt is over get another whenever something may have changed. */
export function startWaitingPods(state: WorldState, cluster: ClusterRecord, at: number): void {
  for (const pod of sortedValues(cluster.workload.pods)) {
    if (pod.phase === 'Pending' && !isTerminating(pod) && pod.startDueAt === undefined)
      tryStartPod(state, cluster, pod, at);
  }
}
