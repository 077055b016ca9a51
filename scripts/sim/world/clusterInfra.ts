/**
 * Cluster infrastructure (the sim's load balancer + network): ensure, observe, delete. Deleting
 * is refused while machines of the cluster exist, because CAPI deletes the infrastructure last
 * and a real cloud cannot remove a network that instances still use.
 */
import type { SimClusterInfraRequest, SimDeleteResult } from '../../../activities/providers/sim/simApi';
import { drawLatency, type OpContext } from './opContext';
import { resolveControlPlaneEndpoint, resolveFailureDomains } from './placement';
import { SimError } from './simError';
import { emptyWorkloadState } from './workload/workloadState';
import { clusterKey, machinesOfCluster, touch, type ClusterRecord, type WorldState } from './worldState';

export function ensureClusterInfra(
  state: WorldState,
  ctx: OpContext,
  namespace: string,
  name: string,
  req: SimClusterInfraRequest,
): { created: boolean; record: ClusterRecord } {
  const key = clusterKey(namespace, name);
  const existing = state.clusters[key];
  if (existing) {
    if (existing.state === 'deleting') {
      throw SimError.conflict(
        `cluster infrastructure ${key} is being deleted; ensure it again once it is gone`,
      );
    }
    state.counters.clusterInfraIdempotentHits += 1;
    touch(state);
    return { created: false, record: existing };
  }
  const failureDomains = resolveFailureDomains(req.infrastructure.spec);
  const controlPlaneEndpoint = resolveControlPlaneEndpoint(namespace, name, req.infrastructure.spec);
  const record: ClusterRecord = {
    namespace,
    name,
    infrastructure: req.infrastructure,
    labels: { ...(req.labels ?? {}) },
    state: 'provisioning',
    controlPlaneEndpoint,
    failureDomains,
    createdAt: ctx.now,
    provisionDueAt: ctx.now + drawLatency(state, ctx, ctx.latencies.clusterInfraMs),
    nodes: {},
    workload: emptyWorkloadState(),
  };
  state.clusters[key] = record;
  state.counters.clusterInfraCreates += 1;
  touch(state);
  return { created: true, record };
}

export function getClusterInfra(state: WorldState, namespace: string, name: string): ClusterRecord {
  const record = state.clusters[clusterKey(namespace, name)];
  if (!record) throw SimError.notFound(`cluster infrastructure ${namespace}/${name} does not exist`);
  return record;
}

export function deleteClusterInfra(
  state: WorldState,
  ctx: OpContext,
  namespace: string,
  name: string,
): SimDeleteResult {
  const key = clusterKey(namespace, name);
  const record = state.clusters[key];
  if (!record) return { state: 'gone' };
  if (record.state === 'deleting') return { state: 'deleting' };
  const machines = machinesOfCluster(state, namespace, name);
  if (machines.length > 0) {
    const names = machines.map((m) => m.name).sort();
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, ... (${names.length - 5} more)` : '');
    throw SimError.conflict(
      `cluster infrastructure ${key} still has ${machines.length} machine(s): ${shown}; delete them first`,
    );
  }
  record.state = 'deleting';
  record.deletionRequestedAt = ctx.now;
  record.goneDueAt = ctx.now + drawLatency(state, ctx, ctx.latencies.deleteMs);
  touch(state);
  return { state: 'deleting' };
}
