/**
 * Turns stored records into the API's views (ISO times, sorted lists, derived fields). Views are
 * copies: nothing a handler returns can alias the live state.
 */
import type {
  SimClusterInfraView,
  SimLatencies,
  SimMachineState,
  SimMachineView,
  SimNodeView,
  SimStats,
  SimWorldNodeView,
  SimWorldView,
} from '../../../activities/providers/sim/simApi';
import { nodeOfMachine } from './nodeLifecycle';
import { toWorldWorkloadView } from './workload/workloadViews';
import {
  clusterKey,
  type ClusterRecord,
  type MachineRecord,
  type NodeRecord,
  type WorldState,
} from './worldState';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrUndefined = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : iso(ms);

/** Drops keys whose value is undefined, so views serialise the same as they compare. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function toClusterInfraView(c: ClusterRecord): SimClusterInfraView {
  return compact({
    namespace: c.namespace,
    name: c.name,
    state: c.state,
    provisioned: c.state === 'provisioned',
    controlPlaneEndpoint: { ...c.controlPlaneEndpoint },
    failureDomains: c.failureDomains.map((d) => ({ ...d })),
    labels: { ...c.labels },
    createdAt: iso(c.createdAt),
    provisionedAt: isoOrUndefined(c.provisionedAt),
    deletionRequestedAt: isoOrUndefined(c.deletionRequestedAt),
    initializedBy: c.initializedBy,
  });
}

export function toNodeView(n: NodeRecord): SimNodeView {
  return {
    name: n.name,
    providerID: n.providerID,
    kubeletVersion: n.kubeletVersion,
    unschedulable: n.unschedulable,
    labels: { ...n.labels },
    conditions: n.conditions.map((c) => ({ ...c })),
    registeredAt: iso(n.registeredAt),
  };
}

export function toMachineView(state: WorldState, m: MachineRecord): SimMachineView {
  const cluster = state.clusters[clusterKey(m.namespace, m.cluster)];
  const node = cluster ? nodeOfMachine(cluster, m) : undefined;
  return compact({
    namespace: m.namespace,
    cluster: m.cluster,
    name: m.name,
    role: m.role,
    version: m.version,
    state: m.state,
    providerID: m.providerID,
    // An address exists while the instance runs (and while it is shut down after running).
    addresses: m.runningAt !== undefined ? [m.address] : [],
    failureDomain: m.failureDomain,
    failureReason: m.failureReason,
    bootstrap: { ...m.bootstrap },
    createdAt: iso(m.createdAt),
    runningAt: isoOrUndefined(m.runningAt),
    deletionRequestedAt: isoOrUndefined(m.deletionRequestedAt),
    nodeName: node?.name,
    reboots: m.reboots,
    rebootingUntil: isoOrUndefined(m.rebootDueAt),
  });
}

const byKey = <T extends { namespace: string; name: string }>(a: T, b: T): number =>
  a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);

export function toStats(state: WorldState): SimStats {
  const machinesByState: Record<SimMachineState, number> = {
    provisioning: 0,
    running: 0,
    failed: 0,
    deleting: 0,
  };
  for (const m of Object.values(state.machines)) machinesByState[m.state] += 1;
  const clusters = Object.values(state.clusters);
  return {
    clusters: clusters.length,
    machines: Object.keys(state.machines).length,
    nodes: clusters.reduce((n, c) => n + Object.keys(c.nodes).length, 0),
    machinesByState,
    ...state.counters,
    machineReboots: state.counters.machineReboots ?? 0,
  };
}

export function toWorldView(state: WorldState, now: number, latencies: SimLatencies): SimWorldView {
  const clusterRecords = Object.values(state.clusters).sort(byKey);
  const clusters = clusterRecords.map(toClusterInfraView);
  const nodes: SimWorldNodeView[] = clusterRecords.flatMap((c) =>
    Object.values(c.nodes)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((n) => ({ namespace: c.namespace, cluster: c.name, ...toNodeView(n) })),
  );
  const machines = Object.values(state.machines)
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        a.cluster.localeCompare(b.cluster) ||
        a.name.localeCompare(b.name),
    )
    .map((m) => toMachineView(state, m));
  return {
    now: iso(now),
    revision: state.revision,
    latencies: { ...latencies },
    clusters,
    machines,
    nodes,
    workloadClusters: clusterRecords.map((c) => toWorldWorkloadView(state, c, now)),
    settings: { ...state.settings },
    stats: toStats(state),
  };
}
