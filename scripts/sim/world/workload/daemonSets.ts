/**
 * The cluster's DaemonSet: kube-proxy, one Pod per node, as kubeadm installs it. The DaemonSet
 * controller binds its Pods to their node itself and adds tolerations for `unschedulable`,
 * `not-ready` and `unreachable` (`AddOrUpdateDaemonPodTolerations`), so its Pods stay on cordoned
 * and NotReady nodes, and one that is deleted or evicted is created again on the same node.
 */
import { drawLatency, type OpContext } from '../opContext';
import type { ClusterRecord, WorldState } from '../worldState';
import { createPod, isActive, podsOfOwner } from './podLifecycle';
import { sortedValues } from './workloadState';
import { KUBE_SYSTEM } from './staticPods';

export const KUBE_PROXY = { namespace: KUBE_SYSTEM, name: 'kube-proxy', labels: { 'k8s-app': 'kube-proxy' } };

export function reconcileDaemonSetPods(state: WorldState, cluster: ClusterRecord, ctx: OpContext): void {
  const pods = podsOfOwner(cluster, KUBE_PROXY.namespace, 'DaemonSet', KUBE_PROXY.name);
  for (const node of sortedValues(cluster.nodes)) {
    // A terminating Pod does not count: the controller replaces it without waiting for it to go.
    if (pods.some((p) => p.nodeName === node.name && isActive(p))) continue;
    const pod = createPod(
      state,
      cluster,
      {
        namespace: KUBE_PROXY.namespace,
        generateName: `${KUBE_PROXY.name}-`,
        ownerKind: 'DaemonSet',
        ownerName: KUBE_PROXY.name,
        labels: KUBE_PROXY.labels,
        nodeName: node.name,
      },
      ctx.now,
    );
    pod.startDueAt = ctx.now + drawLatency(state, ctx, ctx.latencies.rescheduleMs);
  }
}
