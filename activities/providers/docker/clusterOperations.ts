/**
 * The cluster half of the Docker provider: the network and the load balancer, whose address on
 * the network is the control-plane endpoint (CAPD: `<lb ip>:6443`); on delete, every container
 * labelled for the cluster.
 */
import type { ResourceKey } from '../../../shared/ids';
import type { ClusterInfraRequest, ClusterInfraStatus } from '../types';
import { API_SERVER_PORT, readDockerClusterSpec } from './clusterSpec';
import type { ResolvedDockerOptions } from './dockerOptions';
import { ensureLoadBalancer } from './loadBalancer';
import { listOwned, type DockerContext } from './lookup';

export type ClusterContext = DockerContext & Pick<ResolvedDockerOptions, 'loadBalancerImage'>;

export async function ensureClusterInfra(
  ctx: ClusterContext,
  req: ClusterInfraRequest,
): Promise<ClusterInfraStatus> {
  const params = readDockerClusterSpec(req.infrastructure, ctx.loadBalancerImage);
  await ctx.engine.ensureNetwork(ctx.network);
  const lb = await ensureLoadBalancer(ctx, req.cluster, params);
  const endpoint =
    params.controlPlaneEndpoint ?? (lb.address ? { host: lb.address, port: API_SERVER_PORT } : undefined);
  return {
    provisioned: lb.running && endpoint !== undefined,
    ...(endpoint ? { controlPlaneEndpoint: endpoint } : {}),
    failureDomains: params.failureDomains,
  };
}

/**
 * Removes every container labelled for the cluster — load balancer, machines, staging leftovers —
 * with their volumes. The network is shared by clusters (CAPD's `kind`) and stays. True once
 * nothing labelled for the cluster is left.
 */
export async function deleteClusterInfra(ctx: ClusterContext, cluster: ResourceKey): Promise<boolean> {
  const subject = `cluster ${cluster.namespace}/${cluster.name}`;
  const found = await listOwned(ctx, cluster);
  for (const c of found) await ctx.engine.remove(c.Id, subject);
  return found.length === 0 || (await listOwned(ctx, cluster)).length === 0;
}
