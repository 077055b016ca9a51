/**
 * Faults injected into a workload cluster (by a test, the CLI or a chaos schedule). Each one acts
 * at once and is recorded with how to undo it; it recovers at `until` (`forMs`), when cleared, or —
 * for counted faults — when used up. A new fault on the same target (a node's condition, an etcd
 * member, a static Pod) replaces the active one, keeping the original state to restore.
 */
import type { NodeCondition } from '../../../../activities/providers/types';
import type { SimFaultRequest } from '../../../../activities/providers/sim/simWorkloadApi';
import type { OpContext } from '../opContext';
import { isControlPlaneNode } from '../nodeLifecycle';
import { SimError } from '../simError';
import { machineKey, type ClusterRecord, type NodeRecord, type WorldState } from '../worldState';
import { findMember } from './etcd';
import { defaultReadyWording, removeNodeCondition, setNodeCondition } from './nodeConditions';
import { staticPodKey } from './staticPods';
import { persistentVolumeOf } from './volumes';
import { sortedValues, volumeKey, type FaultRecord, type FaultUndo } from './workloadState';

const DEFAULT_PROVISIONING_FAILURE =
  'InsufficientInstanceCapacity: the simulated cloud has no capacity for this instance in its failure domain';

/** A running instance (not in the middle of a power cycle) whose kubelet could post status for this node. */
function kubeletAlive(state: WorldState, cluster: ClusterRecord, node: NodeRecord): boolean {
  const machine = state.machines[machineKey(cluster.namespace, cluster.name, node.name)];
  return (
    machine !== undefined &&
    machine.state === 'running' &&
    machine.rebootDueAt === undefined &&
    machine.providerID === node.providerID
  );
}

type NodeConditionFault = Extract<SimFaultRequest, { kind: 'nodeCondition' }>;

/** The condition a node-condition fault puts on its node. */
function faultCondition(req: NodeConditionFault, id: string): Omit<NodeCondition, 'lastTransitionTime'> {
  const type = req.type ?? 'Ready';
  const wording =
    type === 'Ready' ? defaultReadyWording(req.status) : { reason: 'SimulatedFault', message: `injected by fault ${id}` };
  return { type, status: req.status, reason: req.reason ?? wording.reason, message: req.message ?? wording.message };
}

function requireNode(cluster: ClusterRecord, name: string): NodeRecord {
  const node = cluster.nodes[name];
  if (!node)
    throw SimError.notFound(`node ${name} does not exist in cluster ${cluster.namespace}/${cluster.name}`);
  return node;
}

/** What a fault acts on; two faults on one target cannot both be active. */
function targetOf(cluster: ClusterRecord, req: SimFaultRequest): string | undefined {
  switch (req.kind) {
    case 'nodeCondition':
      return `node/${req.node}/${req.type ?? 'Ready'}`;
    case 'etcdMember':
      return `etcd/${findMember(cluster, req.member)?.id ?? req.member}`;
    case 'staticPod':
      return `pod/${staticPodKey(req.component, req.node)}`;
    default:
      return undefined;
  }
}

/** Applies the fault to the records it changes; returns how to undo it. */
function apply(
  state: WorldState,
  cluster: ClusterRecord,
  req: SimFaultRequest,
  id: string,
  at: number,
): FaultUndo | undefined {
  switch (req.kind) {
    case 'nodeCondition': {
      const node = requireNode(cluster, req.node);
      const type = req.type ?? 'Ready';
      if (type === 'Ready' && req.status === 'True' && !kubeletAlive(state, cluster, node)) {
        throw SimError.conflict(
          `node ${node.name} has no running kubelet (its machine is gone or deleting): it cannot report Ready`,
        );
      }
      const previous = node.conditions.find((c) => c.type === type);
      setNodeCondition(node, faultCondition(req, id), at);
      return { kind: 'nodeCondition', node: node.name, ...(previous ? { previous: { ...previous } } : {}) };
    }
    case 'etcdMember': {
      const member = findMember(cluster, req.member);
      if (!member)
        throw SimError.notFound(
          `etcd member ${req.member} does not exist in cluster ${cluster.namespace}/${cluster.name}`,
        );
      const undo: FaultUndo = {
        kind: 'etcdMember',
        memberId: member.id,
        faultUnhealthy: member.faultUnhealthy,
        isLearner: member.isLearner,
      };
      if (req.healthy !== undefined) member.faultUnhealthy = !req.healthy;
      if (req.learner !== undefined) member.isLearner = req.learner;
      return undo;
    }
    case 'staticPod': {
      const node = requireNode(cluster, req.node);
      if (!isControlPlaneNode(node))
        throw SimError.invalidSpec(
          `node ${node.name} is not a control-plane node: it runs no ${req.component}`,
        );
      const key = staticPodKey(req.component, node.name);
      const pod = cluster.workload.pods[key];
      if (!pod) throw SimError.notFound(`static pod ${key} does not exist`);
      const undo: FaultUndo = {
        kind: 'staticPod',
        podKey: key,
        ...(pod.notReadyReason !== undefined ? { notReadyReason: pod.notReadyReason } : {}),
      };
      if (req.ready) delete pod.notReadyReason;
      else
        pod.notReadyReason = `CrashLoopBackOff: back-off restarting failed container ${req.component} (fault ${id})`;
      return undo;
    }
    case 'volume': {
      requireNode(cluster, req.node);
      const pvName = req.claim
        ? persistentVolumeOf(cluster, req.claim.namespace, req.claim.name)
        : `pv-${cluster.name}-${id}`;
      const key = volumeKey(pvName, req.node);
      const volume = cluster.workload.volumes[key] ?? {
        pvName,
        ...(req.claim ? { claim: { ...req.claim } } : {}),
        nodeName: req.node,
        attachedAt: at,
      };
      volume.detachAfterMs = req.detachAfterMs;
      volume.faultId = id;
      delete volume.detachDueAt; // rescheduled with the fault's delay when the cluster settles
      cluster.workload.volumes[key] = volume;
      return undefined;
    }
    case 'apiServerOutage':
    case 'failProvisioning':
    case 'slowBoot':
      return undefined;
  }
}

export function injectFault(
  state: WorldState,
  cluster: ClusterRecord,
  req: SimFaultRequest,
  ctx: OpContext,
): FaultRecord {
  const id = `f${cluster.workload.nextFaultSeq}`;
  const target = targetOf(cluster, req);
  const replaced = target
    ? sortedValues(cluster.workload.faults).find((f) => targetOf(cluster, f.request) === target)
    : undefined;
  const undo = apply(state, cluster, req, id, ctx.now);
  cluster.workload.nextFaultSeq += 1;
  if (replaced) delete cluster.workload.faults[replaced.id];
  const forMs = 'forMs' in req ? req.forMs : undefined;
  const remaining =
    req.kind === 'failProvisioning' ? req.count : req.kind === 'slowBoot' ? req.count : undefined;
  const record: FaultRecord = {
    id,
    request: req,
    injectedAt: ctx.now,
    ...(forMs !== undefined ? { until: ctx.now + forMs } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    ...((replaced?.undo ?? undo) ? { undo: replaced?.undo ?? undo } : {}),
  };
  cluster.workload.faults[id] = record;
  state.counters.faultsInjected += 1;
  return record;
}

function undoFault(state: WorldState, cluster: ClusterRecord, fault: FaultRecord, at: number): void {
  const undo = fault.undo;
  if (fault.request.kind === 'volume') {
    for (const [key, v] of Object.entries(cluster.workload.volumes))
      if (v.faultId === fault.id) delete cluster.workload.volumes[key];
  }
  if (!undo) return;
  switch (undo.kind) {
    case 'nodeCondition': {
      const node = cluster.nodes[undo.node];
      if (!node || fault.request.kind !== 'nodeCondition') return;
      const type = fault.request.type ?? 'Ready';
      if (!undo.previous) removeNodeCondition(node, type);
      else if (type === 'Ready' && undo.previous.status === 'True' && !kubeletAlive(state, cluster, node)) {
        setNodeCondition(node, { type, status: 'Unknown', ...defaultReadyWording('Unknown') }, at);
      } else {
        const { lastTransitionTime: _previousTime, ...previous } = undo.previous;
        setNodeCondition(node, previous, at);
      }
      return;
    }
    case 'etcdMember': {
      const member = cluster.workload.etcd.members[undo.memberId];
      if (member) {
        member.faultUnhealthy = undo.faultUnhealthy;
        member.isLearner = undo.isLearner;
      }
      return;
    }
    case 'staticPod': {
      const pod = cluster.workload.pods[undo.podKey];
      if (!pod) return;
      if (undo.notReadyReason !== undefined) pod.notReadyReason = undo.notReadyReason;
      else delete pod.notReadyReason;
      return;
    }
  }
}

/** The fault recovers now; false when no such fault is active (already recovered). */
export function clearFault(state: WorldState, cluster: ClusterRecord, id: string, at: number): boolean {
  const fault = cluster.workload.faults[id];
  if (!fault) return false;
  delete cluster.workload.faults[id];
  undoFault(state, cluster, fault, at);
  return true;
}

/**
 * A power cycle of the node's machine begins: its node-condition faults are cleared (restoring
 * what they replaced), because the kubelet and the node's services start afresh; faults marked
 * `persistent` stay, like broken hardware. Other faults (static Pods, etcd) are left alone.
 */
export function clearNodeFaultsForReboot(state: WorldState, cluster: ClusterRecord, node: string, at: number): void {
  for (const fault of sortedValues(cluster.workload.faults)) {
    const req = fault.request;
    if (req.kind === 'nodeCondition' && req.node === node && !req.persistent) clearFault(state, cluster, fault.id, at);
  }
}

/** The machine has booted again: its persistent node-condition faults show on the node again. */
export function reapplyPersistentNodeFaults(cluster: ClusterRecord, node: NodeRecord, at: number): void {
  for (const fault of sortedValues(cluster.workload.faults)) {
    const req = fault.request;
    if (req.kind === 'nodeCondition' && req.node === node.name && req.persistent)
      setNodeCondition(node, faultCondition(req, fault.id), at);
  }
}

export interface ProvisioningFaults {
  failure?: string;
  extraBootMs: number;
}

/** Called once per created machine: the counted faults that match its name affect it. */
export function consumeProvisioningFaults(cluster: ClusterRecord, machineName: string): ProvisioningFaults {
  const result: ProvisioningFaults = { extraBootMs: 0 };
  for (const fault of sortedValues(cluster.workload.faults)) {
    const req = fault.request;
    if (req.kind !== 'failProvisioning' && req.kind !== 'slowBoot') continue;
    if (req.namePrefix !== undefined && !machineName.startsWith(req.namePrefix)) continue;
    if (req.kind === 'failProvisioning') {
      if (result.failure !== undefined) continue;
      result.failure = `${req.reason ?? DEFAULT_PROVISIONING_FAILURE} (injected fault ${fault.id})`;
    } else {
      result.extraBootMs += req.extraMs;
    }
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) delete cluster.workload.faults[fault.id];
    }
  }
  return result;
}

/** Describes a fault in one line, for views and the CLI. */
export function describeFault(fault: FaultRecord): string {
  const req = fault.request;
  const prefix = (p?: string) => (p !== undefined ? ` named ${p}*` : '');
  switch (req.kind) {
    case 'nodeCondition':
      return `node ${req.node} ${req.type ?? 'Ready'}=${req.status}${req.persistent ? ' (persistent: survives reboots)' : ''}`;
    case 'apiServerOutage':
      return `API server outage${req.message ? `: ${req.message}` : ''}`;
    case 'etcdMember':
      return `etcd member ${req.member}${req.healthy !== undefined ? (req.healthy ? ' healthy' : ' unhealthy') : ''}${req.learner !== undefined ? (req.learner ? ' learner' : ' voting') : ''}`;
    case 'failProvisioning':
      return `the next ${fault.remaining ?? req.count} machine(s)${prefix(req.namePrefix)} fail provisioning`;
    case 'slowBoot':
      return `machines${prefix(req.namePrefix)} boot ${req.extraMs} ms slower (${fault.remaining !== undefined ? `${fault.remaining} more` : 'until cleared'})`;
    case 'staticPod':
      return `static pod ${req.component} on ${req.node} ${req.ready ? 'ready' : 'not ready'}`;
    case 'volume':
      return `volume on ${req.node}${req.claim ? ` for claim ${req.claim.namespace}/${req.claim.name}` : ''} detaches ${req.detachAfterMs} ms after its last Pod`;
  }
}
