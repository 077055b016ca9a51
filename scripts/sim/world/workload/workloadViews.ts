/**
 * Turns a workload cluster's records into the API's views (simWorkloadApi.ts): ISO times, sorted
 * lists, derived fields (readiness, budget status, leadership). Views are copies.
 */
import type {
  SimEtcdMemberView,
  SimFaultView,
  SimNamespaceView,
  SimPdbView,
  SimPodView,
  SimScheduledFaultView,
  SimWorkloadView,
  SimWorldWorkloadView,
} from '../../../../activities/providers/sim/simWorkloadApi';
import type { ClusterRecord, WorldState } from '../worldState';
import { apiServerStatus } from './apiServer';
import { pdbStatus } from './disruptionBudgets';
import { etcdQuorum, memberHealthy } from './etcd';
import { describeFault } from './faults';
import { isPodReady } from './podLifecycle';
import { staticPodProblem } from './staticPods';
import { attachmentsOfNode } from './volumes';
import {
  objectKey,
  sortedValues,
  type EtcdMemberRecord,
  type FaultRecord,
  type PdbRecord,
  type PodRecord,
  type ScheduledFaultRecord,
  type WorkloadRecord,
} from './workloadState';

const iso = (ms: number): string => new Date(ms).toISOString();

/** kubeadm creates these; workloads add their own. Labelled as the API server labels every namespace. */
export const SYSTEM_NAMESPACES: readonly string[] = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
];

export function podReady(state: WorldState, cluster: ClusterRecord, pod: PodRecord): boolean {
  return isPodReady(cluster, pod) && staticPodProblem(state, cluster, pod) === undefined;
}

export function toPodView(state: WorldState, cluster: ClusterRecord, pod: PodRecord): SimPodView {
  return {
    namespace: pod.namespace,
    name: pod.name,
    ...(pod.nodeName !== undefined ? { nodeName: pod.nodeName } : {}),
    ownerKind: pod.ownerKind,
    ownerName: pod.ownerName,
    ...(pod.ownerKind === 'Node' ? { mirror: true } : {}),
    phase: pod.phase,
    ready: podReady(state, cluster, pod),
    labels: { ...pod.labels },
    annotations: { ...pod.annotations },
    ...(pod.deletionTimestamp !== undefined ? { deletionTimestamp: iso(pod.deletionTimestamp) } : {}),
    ...(pod.localStorage ? { localStorage: true } : {}),
    ...(pod.claims.length > 0 ? { claims: [...pod.claims] } : {}),
    createdAt: iso(pod.createdAt),
    ...(pod.startedAt !== undefined ? { startedAt: iso(pod.startedAt) } : {}),
    ...(pod.phase === 'Pending' && pod.pendingReason !== undefined
      ? { pendingReason: pod.pendingReason }
      : {}),
  };
}

export function listPodViews(
  state: WorldState,
  cluster: ClusterRecord,
  filter: { node?: string; namespace?: string } = {},
): SimPodView[] {
  return sortedValues(cluster.workload.pods)
    .filter(
      (p) =>
        (filter.node === undefined || p.nodeName === filter.node) &&
        (filter.namespace === undefined || p.namespace === filter.namespace),
    )
    .map((p) => toPodView(state, cluster, p));
}

export function toPdbView(cluster: ClusterRecord, pdb: PdbRecord): SimPdbView {
  const status = pdbStatus(cluster, pdb);
  return {
    namespace: pdb.namespace,
    name: pdb.name,
    selector: { matchLabels: { ...pdb.selector } },
    ...(pdb.minAvailable !== undefined ? { minAvailable: pdb.minAvailable } : {}),
    ...(pdb.maxUnavailable !== undefined ? { maxUnavailable: pdb.maxUnavailable } : {}),
    ...status,
  };
}

export function toEtcdMemberView(
  state: WorldState,
  cluster: ClusterRecord,
  m: EtcdMemberRecord,
): SimEtcdMemberView {
  return {
    id: m.id,
    name: m.name,
    isLearner: m.isLearner,
    isLeader: cluster.workload.etcd.leaderId === m.id,
    healthy: memberHealthy(state, cluster, m),
    peerURLs: [m.peerURL],
  };
}

/** As `etcdctl member list` prints them: by member name. */
export function listEtcdMemberViews(state: WorldState, cluster: ClusterRecord): SimEtcdMemberView[] {
  return sortedValues(cluster.workload.etcd.members)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((m) => toEtcdMemberView(state, cluster, m));
}

export function toWorkloadView(
  state: WorldState,
  cluster: ClusterRecord,
  w: WorkloadRecord,
): SimWorkloadView {
  const pods = sortedValues(cluster.workload.pods).filter(
    (p) => p.namespace === w.namespace && p.ownerKind === w.kind && p.ownerName === w.name,
  );
  const pdb = cluster.workload.pdbs[objectKey(w.namespace, w.name)];
  return {
    namespace: w.namespace,
    name: w.name,
    kind: w.kind,
    replicas: w.replicas,
    podLabels: { ...w.podLabels },
    ...(pdb
      ? {
          pdb: {
            name: pdb.name,
            ...(pdb.minAvailable !== undefined ? { minAvailable: pdb.minAvailable } : {}),
            ...(pdb.maxUnavailable !== undefined ? { maxUnavailable: pdb.maxUnavailable } : {}),
          },
        }
      : {}),
    ...(w.drainLabel !== undefined ? { drainLabel: w.drainLabel } : {}),
    volumes: { emptyDir: w.volumes.emptyDir, claims: [...w.volumes.claims] },
    ...(w.runForMs !== undefined ? { runForMs: w.runForMs } : {}),
    readyReplicas: pods.filter((p) => podReady(state, cluster, p)).length,
    succeeded: pods.filter((p) => p.phase === 'Succeeded').length,
  };
}

export function toFaultView(f: FaultRecord): SimFaultView {
  return {
    id: f.id,
    kind: f.request.kind,
    description: describeFault(f),
    injectedAt: iso(f.injectedAt),
    ...(f.until !== undefined ? { until: iso(f.until) } : {}),
    ...(f.remaining !== undefined ? { remaining: f.remaining } : {}),
    request: structuredClone(f.request),
  };
}

/** Faults in the order they were injected. */
export function listFaultViews(cluster: ClusterRecord): SimFaultView[] {
  return Object.values(cluster.workload.faults)
    .sort((a, b) => a.injectedAt - b.injectedAt || Number(a.id.slice(1)) - Number(b.id.slice(1)))
    .map(toFaultView);
}

export function toScheduledFaultView(sf: ScheduledFaultRecord): SimScheduledFaultView {
  return {
    id: sf.id,
    at: iso(sf.at),
    kind: sf.kind,
    forMs: sf.forMs,
    pick: sf.pick,
    ...(sf.target !== undefined ? { target: sf.target } : {}),
    fired: sf.fired,
  };
}

export function listScheduledFaultViews(cluster: ClusterRecord): SimScheduledFaultView[] {
  return Object.values(cluster.workload.scheduledFaults)
    .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
    .map(toScheduledFaultView);
}

export function listNamespaceViews(cluster: ClusterRecord): SimNamespaceView[] {
  const names = new Set<string>(SYSTEM_NAMESPACES);
  for (const p of Object.values(cluster.workload.pods)) names.add(p.namespace);
  for (const w of Object.values(cluster.workload.workloads)) names.add(w.namespace);
  return [...names].sort().map((name) => ({ name, labels: { 'kubernetes.io/metadata.name': name } }));
}

export function toWorldWorkloadView(
  state: WorldState,
  cluster: ClusterRecord,
  at: number,
): SimWorldWorkloadView {
  return {
    namespace: cluster.namespace,
    cluster: cluster.name,
    apiServer: apiServerStatus(state, cluster, at),
    etcd: { members: listEtcdMemberViews(state, cluster), quorum: etcdQuorum(state, cluster).ok },
    pods: listPodViews(state, cluster),
    pdbs: sortedValues(cluster.workload.pdbs).map((b) => toPdbView(cluster, b)),
    workloads: sortedValues(cluster.workload.workloads).map((w) => toWorkloadView(state, cluster, w)),
    volumeAttachments: sortedValues(cluster.nodes).flatMap((n) =>
      attachmentsOfNode(cluster, n.name).map((v) => ({ ...v, nodeName: n.name })),
    ),
    faults: listFaultViews(cluster),
    chaos: listScheduledFaultViews(cluster),
  };
}
