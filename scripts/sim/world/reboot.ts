/**
 * Power cycles (a BMC power off/on, an instance reboot): the instance keeps its identity
 * (providerID, address, node name), but everything on it stops. Its kubelet goes silent (Ready
 * turns Unknown), its containers stop (the node's Pods go back to Pending on that node; the
 * mirrors of static Pods disappear) and what node-condition faults did is forgotten, unless a
 * fault is `persistent` (broken hardware). A boot latency later the kubelet posts Ready=True again
 * (or what a persistent fault says), and settling the cluster starts the Pods again.
 */
import { drawLatency, type OpContext } from './opContext';
import { markKubeletSilent, nodeOfMachine } from './nodeLifecycle';
import { getMachine } from './machines';
import { SimError } from './simError';
import { clearNodeFaultsForReboot, reapplyPersistentNodeFaults } from './workload/faults';
import { defaultReadyWording, setNodeCondition } from './workload/nodeConditions';
import { isTerminating, podKey, podsOnNode } from './workload/podLifecycle';
import { clusterKey, touch, type ClusterRecord, type MachineRecord, type NodeRecord, type WorldState } from './worldState';

/**
 * Starts a power cycle of a running machine; `started` is false when `key` names the latest cycle
 * already (the retry of the same request). A machine that is provisioning, failed or being
 * deleted cannot be power-cycled (409).
 */
export function rebootMachine(
  state: WorldState,
  ctx: OpContext,
  namespace: string,
  cluster: string,
  name: string,
  key: string | undefined,
): { started: boolean; record: MachineRecord } {
  const record = getMachine(state, namespace, cluster, name);
  if (key !== undefined && record.lastRebootKey === key) return { started: false, record };
  if (record.state !== 'running') {
    throw SimError.conflict(
      `machine ${namespace}/${cluster}/${name} is ${record.state}: only a running machine can be power-cycled`,
    );
  }
  record.rebootDueAt = ctx.now + drawLatency(state, ctx, ctx.latencies.bootMs);
  record.reboots = (record.reboots ?? 0) + 1;
  if (key !== undefined) record.lastRebootKey = key;
  state.counters.machineReboots = (state.counters.machineReboots ?? 0) + 1;
  const infra = state.clusters[clusterKey(namespace, cluster)];
  const node = infra ? nodeOfMachine(infra, record) : undefined;
  if (infra && node) powerOff(state, infra, node, ctx.now);
  touch(state);
  return { started: true, record };
}

function powerOff(state: WorldState, cluster: ClusterRecord, node: NodeRecord, at: number): void {
  clearNodeFaultsForReboot(state, cluster, node.name, at);
  markKubeletSilent(node, at);
  for (const pod of podsOnNode(cluster, node.name)) {
    if (isTerminating(pod) || pod.phase !== 'Running') continue;
    if (pod.ownerKind === 'Node') {
      // A static Pod's mirror: the kubelet publishes it again once it runs.
      delete cluster.workload.pods[podKey(pod)];
      continue;
    }
    pod.phase = 'Pending';
    pod.pendingReason = `node ${node.name} is rebooting`;
    delete pod.startedAt;
    delete pod.completesAt;
  }
}

/**
 * The machine has booted: its kubelet posts Ready=True (then any persistent fault's condition)
 * at `at`. If its Node object was deleted meanwhile, the kubelet registers it again now.
 * Returns false when the cycle is no longer pending (stale event).
 */
export function finishReboot(state: WorldState, machine: MachineRecord, at: number): boolean {
  if (machine.state !== 'running' || machine.rebootDueAt === undefined || machine.rebootDueAt > at) return false;
  delete machine.rebootDueAt;
  const cluster = state.clusters[clusterKey(machine.namespace, machine.cluster)];
  const node = cluster ? nodeOfMachine(cluster, machine) : undefined;
  if (cluster && node) {
    setNodeCondition(node, { type: 'Ready', status: 'True', ...defaultReadyWording('True') }, at);
    reapplyPersistentNodeFaults(cluster, node, at);
  } else {
    machine.bootDueAt = at;
  }
  return true;
}
