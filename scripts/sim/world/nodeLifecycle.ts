/**
 * The simulated workload cluster's Node objects: what a kubelet registers, what the node
 * lifecycle controller does when the kubelet goes silent, and whether the API server answers.
 */
import type { ClusterRecord, MachineRecord, NodeRecord } from './worldState';

export const CONTROL_PLANE_NODE_LABEL = 'node-role.kubernetes.io/control-plane';

const iso = (ms: number): string => new Date(ms).toISOString();

export function registeredNode(machine: MachineRecord, at: number): NodeRecord {
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': machine.name,
    'kubernetes.io/os': 'linux',
    'topology.kubernetes.io/zone': machine.failureDomain,
  };
  if (machine.role === 'control-plane') labels[CONTROL_PLANE_NODE_LABEL] = '';
  return {
    name: machine.name,
    providerID: machine.providerID,
    kubeletVersion: machine.version,
    unschedulable: false,
    labels,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastTransitionTime: iso(at),
      },
    ],
    registeredAt: at,
  };
}

/**
 * The instance is gone, so its kubelet stops posting status and Ready turns Unknown. The Node
 * object stays until someone deletes it: the sim runs no cloud controller manager.
 */
export function markKubeletSilent(node: NodeRecord, at: number): void {
  node.conditions = node.conditions.map((c) =>
    c.type === 'Ready' && c.status !== 'Unknown'
      ? {
          type: 'Ready',
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastTransitionTime: iso(at),
        }
      : c,
  );
}

export function isNodeReady(node: NodeRecord): boolean {
  return node.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Ready=Unknown is what the node lifecycle controller sets when the kubelet stopped posting status:
 * nobody on the node answers (it cannot start or kill containers). Ready=False comes from a
 * kubelet that still runs and reports a problem, so it still starts and stops Pods.
 */
export function isKubeletReachable(node: NodeRecord): boolean {
  return !node.conditions.some((c) => c.type === 'Ready' && c.status === 'Unknown');
}

export function readyCondition(node: NodeRecord): NodeRecord['conditions'][number] | undefined {
  return node.conditions.find((c) => c.type === 'Ready');
}

export const isControlPlaneNode = (node: NodeRecord): boolean => CONTROL_PLANE_NODE_LABEL in node.labels;

/** The machine's own node: same name and the machine's providerID (not a stale namesake). */
export function nodeOfMachine(cluster: ClusterRecord, machine: MachineRecord): NodeRecord | undefined {
  const node = cluster.nodes[machine.name];
  return node !== undefined && node.providerID === machine.providerID ? node : undefined;
}

/**
 * The part of "can a kubeadm join reach the API server" that nodes decide: an initialised cluster
 * with a Ready control-plane node. Outages and etcd quorum are added by workload/apiServer.ts.
 */
export function hasReadyControlPlaneNode(cluster: ClusterRecord): boolean {
  if (cluster.initializedBy === undefined) return false;
  return Object.values(cluster.nodes).some((n) => isControlPlaneNode(n) && isNodeReady(n));
}
