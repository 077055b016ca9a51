/**
 * A Pod's life in the sim: created Pending by a controller (or Running, for a static Pod's mirror),
 * started on a node, terminated gracefully when deleted or evicted, and removed once its kubelet
 * confirms the containers stopped. The kubelet being unreachable (node Ready=Unknown) stalls that
 * confirmation: the Pod stays Terminating, as in Kubernetes, until the kubelet is back or the Node
 * object is deleted.
 */
import { drawGeneratedName } from '../worldRandom';
import { isKubeletReachable, isNodeReady } from '../nodeLifecycle';
import type { ClusterRecord, WorldState } from '../worldState';
import { objectKey, sortedValues, type PodRecord, type SimOwnerKind } from './workloadState';

export const podKey = (pod: { namespace: string; name: string }): string =>
  objectKey(pod.namespace, pod.name);
export const isTerminating = (pod: PodRecord): boolean => pod.deletionTimestamp !== undefined;
export const isFinished = (pod: PodRecord): boolean => pod.phase === 'Succeeded' || pod.phase === 'Failed';
/** What a controller counts toward its replicas (ReplicaSet `FilterActivePods`). */
export const isActive = (pod: PodRecord): boolean => !isTerminating(pod) && !isFinished(pod);

/**
 * The Pod's Ready condition. The node lifecycle controller marks every Pod of a node whose Ready
 * condition is not True as not ready (`MarkPodsNotReady`), so such Pods do not count as healthy
 * for PodDisruptionBudgets.
 */
export function isPodReady(cluster: ClusterRecord, pod: PodRecord): boolean {
  if (pod.phase !== 'Running' || isTerminating(pod) || pod.notReadyReason !== undefined) return false;
  const node = pod.nodeName !== undefined ? cluster.nodes[pod.nodeName] : undefined;
  return node !== undefined && isNodeReady(node);
}

export interface PodSpec {
  namespace: string;
  /** `generateName`: the API server appends 5 random characters */
  generateName?: string;
  /** a fixed name (static Pods' mirrors: `<component>-<node>`) */
  name?: string;
  ownerKind: SimOwnerKind;
  ownerName: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  nodeName?: string;
  localStorage?: boolean;
  claims?: readonly string[];
}

export function createPod(state: WorldState, cluster: ClusterRecord, spec: PodSpec, at: number): PodRecord {
  const pods = cluster.workload.pods;
  const name =
    spec.name ??
    drawGeneratedName(
      state,
      spec.generateName ?? `${spec.ownerName}-`,
      (n) => objectKey(spec.namespace, n) in pods,
    );
  const pod: PodRecord = {
    namespace: spec.namespace,
    name,
    ownerKind: spec.ownerKind,
    ownerName: spec.ownerName,
    ...(spec.nodeName !== undefined ? { nodeName: spec.nodeName } : {}),
    phase: 'Pending',
    labels: { ...spec.labels },
    annotations: { ...(spec.annotations ?? {}) },
    createdAt: at,
    localStorage: spec.localStorage ?? false,
    claims: [...(spec.claims ?? [])],
  };
  pods[podKey(pod)] = pod;
  return pod;
}

export function markRunning(pod: PodRecord, nodeName: string, at: number, runForMs?: number): void {
  pod.nodeName = nodeName;
  pod.phase = 'Running';
  pod.startedAt = at;
  delete pod.startDueAt;
  delete pod.pendingReason;
  if (runForMs !== undefined) pod.completesAt = at + runForMs;
}

/**
 * Graceful deletion: `deletionTimestamp` is when the grace period ends, which is when the sim's
 * kubelet has stopped the containers. A second deletion may only shorten it (as the API server
 * does). A Pod that never ran anywhere or already finished has nothing to stop and goes at once.
 */
export function beginTermination(cluster: ClusterRecord, pod: PodRecord, at: number, graceMs: number): void {
  if (pod.nodeName === undefined || isFinished(pod)) {
    delete cluster.workload.pods[podKey(pod)];
    return;
  }
  const due = at + graceMs;
  if (pod.deletionTimestamp !== undefined && pod.deletionTimestamp <= due) return;
  pod.deletionTimestamp = due;
  pod.terminationDueAt = due;
  delete pod.completesAt;
}

/** The grace period is over: removed if the kubelet confirms, otherwise it waits for the kubelet. */
export function finishTermination(cluster: ClusterRecord, pod: PodRecord): void {
  const node = pod.nodeName !== undefined ? cluster.nodes[pod.nodeName] : undefined;
  if (node !== undefined && !isKubeletReachable(node)) {
    delete pod.terminationDueAt;
    return;
  }
  delete cluster.workload.pods[podKey(pod)];
}

/** A kubelet that is reachable again confirms the kills it owes. */
export function resumeStalledTerminations(cluster: ClusterRecord, at: number): void {
  for (const pod of sortedValues(cluster.workload.pods)) {
    if (!isTerminating(pod) || pod.terminationDueAt !== undefined) continue;
    const node = pod.nodeName !== undefined ? cluster.nodes[pod.nodeName] : undefined;
    if (node === undefined || isKubeletReachable(node))
      pod.terminationDueAt = Math.max(at, pod.deletionTimestamp!);
  }
}

/**
 * PodGC deletes Pods bound to Nodes that no longer exist (`gcOrphaned`; Kubernetes waits a 40 s
 * quarantine first, the sim does not). Their controllers then replace them elsewhere.
 */
export function collectOrphanedPods(cluster: ClusterRecord): void {
  for (const pod of sortedValues(cluster.workload.pods)) {
    if (pod.nodeName !== undefined && !(pod.nodeName in cluster.nodes))
      delete cluster.workload.pods[podKey(pod)];
  }
}

export function podsOfOwner(
  cluster: ClusterRecord,
  namespace: string,
  kind: SimOwnerKind,
  name: string,
): PodRecord[] {
  return sortedValues(cluster.workload.pods).filter(
    (p) => p.namespace === namespace && p.ownerKind === kind && p.ownerName === name,
  );
}

export function podsOnNode(cluster: ClusterRecord, nodeName: string): PodRecord[] {
  return sortedValues(cluster.workload.pods).filter((p) => p.nodeName === nodeName);
}
