/**
 * The control-plane static Pods kubeadm writes to /etc/kubernetes/manifests (kube-apiserver,
 * kube-controller-manager, kube-scheduler, etcd). The kubelet runs them from files and publishes a
 * mirror Pod for each in the API: annotated `kubernetes.io/config.mirror`, owned by the Node.
 * Deleting (or evicting) a mirror Pod does not stop the static Pod: the kubelet simply creates the
 * mirror again (kubelet `podManager`/`mirrorClient`), which is why drains skip them.
 */
import { createHash } from 'node:crypto';
import type { SimControlPlaneComponent } from '../../../../activities/providers/sim/simWorkloadApi';
import { SIM_CONTROL_PLANE_COMPONENTS } from '../../../../activities/providers/sim/simWorkloadApi';
import { isControlPlaneNode, isKubeletReachable } from '../nodeLifecycle';
import type { ClusterRecord, NodeRecord, WorldState } from '../worldState';
import { memberHealthy } from './etcd';
import { createPod, markRunning } from './podLifecycle';
import { objectKey, sortedValues, type PodRecord } from './workloadState';

export const KUBE_SYSTEM = 'kube-system';
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export const staticPodName = (component: SimControlPlaneComponent, node: string): string =>
  `${component}-${node}`;
export const staticPodKey = (component: SimControlPlaneComponent, node: string): string =>
  objectKey(KUBE_SYSTEM, staticPodName(component, node));

/** The kubelet's hash of the manifest file (stable: the sim's manifests never change). */
function manifestHash(node: NodeRecord, component: SimControlPlaneComponent): string {
  return createHash('sha256')
    .update(`${node.name}/${component}/${node.kubeletVersion}`)
    .digest('hex')
    .slice(0, 32);
}

/** A reachable kubelet of a control-plane node keeps a Running mirror Pod for each static Pod. */
export function reconcileMirrorPods(state: WorldState, cluster: ClusterRecord, at: number): void {
  for (const node of sortedValues(cluster.nodes)) {
    if (!isControlPlaneNode(node) || !isKubeletReachable(node)) continue;
    for (const component of SIM_CONTROL_PLANE_COMPONENTS) {
      if (staticPodKey(component, node.name) in cluster.workload.pods) continue;
      const hash = manifestHash(node, component);
      const pod = createPod(
        state,
        cluster,
        {
          namespace: KUBE_SYSTEM,
          name: staticPodName(component, node.name),
          ownerKind: 'Node',
          ownerName: node.name,
          labels: { component, tier: 'control-plane' },
          annotations: {
            [MIRROR_POD_ANNOTATION]: hash,
            'kubernetes.io/config.hash': hash,
            'kubernetes.io/config.source': 'file',
          },
          nodeName: node.name,
        },
        at,
      );
      // The static Pod was already running when its mirror appeared: kubeadm waits for it.
      markRunning(pod, node.name, at);
    }
  }
}

/**
 * Why a static Pod is not ready beyond what its node says: an injected container failure; an etcd
 * whose member is not (or no longer) in the cluster, which makes the container exit; and a
 * kube-apiserver whose local etcd member is unhealthy, since kubeadm points each API server at
 * the etcd on its own node and its readiness probe (`/readyz`) checks that etcd.
 */
export function staticPodProblem(
  state: WorldState,
  cluster: ClusterRecord,
  pod: PodRecord,
): string | undefined {
  if (pod.ownerKind !== 'Node') return undefined;
  if (pod.notReadyReason !== undefined) return pod.notReadyReason;
  const component = pod.labels['component'];
  if (component !== 'etcd' && component !== 'kube-apiserver') return undefined;
  const member = Object.values(cluster.workload.etcd.members).find((m) => m.name === pod.ownerName);
  if (!member) return `the etcd member of node ${pod.ownerName} is not part of the etcd cluster`;
  if (component === 'kube-apiserver' && !memberHealthy(state, cluster, member)) {
    return `readiness probe failed: its local etcd member ${member.name} is unhealthy`;
  }
  return undefined;
}
