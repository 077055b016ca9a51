/**
 * The workload cluster's Node API: list (optionally by providerID) and delete. Deleting a node
 * whose machine still runs behaves like Kubernetes: the kubelet registers it again a boot later.
 */
import type { SimDeleteResult } from '../../../activities/providers/sim/simApi';
import type { OpContext } from './opContext';
import { SimError } from './simError';
import { clusterKey, machineKey, touch, type NodeRecord, type WorldState } from './worldState';

export function listNodes(
  state: WorldState,
  namespace: string,
  cluster: string,
  providerID?: string,
): NodeRecord[] {
  const infra = state.clusters[clusterKey(namespace, cluster)];
  if (!infra)
    throw SimError.notFound(`cluster ${namespace}/${cluster} does not exist, so it has no API server`);
  return Object.values(infra.nodes)
    .filter((n) => providerID === undefined || n.providerID === providerID)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function deleteNode(
  state: WorldState,
  ctx: OpContext,
  namespace: string,
  cluster: string,
  node: string,
): SimDeleteResult {
  const infra = state.clusters[clusterKey(namespace, cluster)];
  const record = infra?.nodes[node];
  if (!infra || !record) return { state: 'gone' };
  delete infra.nodes[node];
  const machine = state.machines[machineKey(namespace, cluster, node)];
  if (machine && machine.state === 'running' && machine.providerID === record.providerID) {
    machine.bootDueAt = ctx.now + machine.bootAfterMs;
  }
  touch(state);
  return { state: 'gone' };
}
