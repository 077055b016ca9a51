/**
 * The cluster half of the AWS provider: the network placement, the control-plane load balancer
 * and the failure domains; and on delete, everything tagged with the cluster.
 */
import type { ResourceKey } from '../../../shared/ids';
import type { ClusterInfraRequest, ClusterInfraStatus } from '../types';
import type { AwsClients } from './awsClients';
import type { AwsCallContext } from './awsFailure';
import { LIVE_INSTANCE_STATES, clusterInstanceFilters, loadBalancerTags } from './awsTags';
import { resolveClusterNetwork, untagClusterSubnets } from './clusterNetwork';
import { API_SERVER_PORT, readAwsClusterSpec } from './clusterSpec';
import { deleteControlPlaneLoadBalancing, ensureControlPlaneLoadBalancer } from './controlPlaneLoadBalancer';
import { describeInstances, terminateInstances } from './instances';

function clusterCtx(cluster: ResourceKey, template?: string): Omit<AwsCallContext, 'operation'> {
  return {
    subject: `cluster ${cluster.namespace}/${cluster.name}`,
    owner: 'cluster',
    ...(template ? { template } : {}),
  };
}

export async function ensureClusterInfra(
  clients: AwsClients,
  req: ClusterInfraRequest,
): Promise<ClusterInfraStatus> {
  const params = readAwsClusterSpec(req.infrastructure, req.cluster, clients.region);
  const ctx = clusterCtx(req.cluster, params.template);
  const network = await resolveClusterNetwork(clients.ec2, req.cluster, params, ctx);
  if (!params.loadBalancer) {
    // loadBalancerType: disabled — the user brings the endpoint (checked in readAwsClusterSpec).
    return {
      provisioned: true,
      controlPlaneEndpoint: params.controlPlaneEndpoint!,
      failureDomains: network.failureDomains,
    };
  }
  const lb = await ensureControlPlaneLoadBalancer(
    clients.elb,
    {
      cluster: req.cluster,
      name: params.loadBalancer.name,
      scheme: params.loadBalancer.scheme,
      network,
      tags: loadBalancerTags(req.cluster, params.additionalTags),
    },
    ctx,
  );
  const endpoint =
    params.controlPlaneEndpoint ?? (lb.dnsName ? { host: lb.dnsName, port: API_SERVER_PORT } : undefined);
  return {
    provisioned: lb.provisioned && endpoint !== undefined,
    ...(endpoint ? { controlPlaneEndpoint: endpoint } : {}),
    failureDomains: network.failureDomains,
  };
}

/**
 * Terminates every instance tagged with the cluster, deletes its load balancers and target
 * groups and untags its subnets. True only on a pass that found nothing left to delete.
 */
export async function deleteClusterInfra(clients: AwsClients, cluster: ResourceKey): Promise<boolean> {
  const ctx = clusterCtx(cluster);
  const instances = await describeInstances(
    clients.ec2,
    clusterInstanceFilters(cluster, LIVE_INSTANCE_STATES),
    ctx,
  );
  const running = instances
    .filter((i) => i.State?.Name !== 'shutting-down')
    .map((i) => i.InstanceId)
    .filter((id): id is string => !!id);
  await terminateInstances(clients.ec2, running, ctx);
  const loadBalancingGone = await deleteControlPlaneLoadBalancing(clients.elb, cluster, ctx);
  await untagClusterSubnets(clients.ec2, cluster, ctx);
  return instances.length === 0 && loadBalancingGone;
}
