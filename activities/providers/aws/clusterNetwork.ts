/**
 * Where the cluster lives: the subnets the AWSCluster names (tagged so its machines find them),
 * or — with none named — the region's default VPC, one default subnet per zone.
 */
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeSubnetsCommand,
  type EC2Client,
  type Subnet,
} from '@aws-sdk/client-ec2';
import type { ResourceKey } from '../../../shared/ids';
import { awsInvalidSpec, callAws, type AwsCallContext } from './awsFailure';
import { subnetShareTagKey } from './awsTags';
import type { AwsClusterParams } from './clusterSpec';
import { failureDomainsOf } from './failureDomains';
import type { ClusterInfraStatus } from '../types';

export interface ClusterNetwork {
  subnetIds: string[];
  vpcId: string;
  failureDomains: ClusterInfraStatus['failureDomains'];
}

type Ctx = Omit<AwsCallContext, 'operation'>;

export async function resolveClusterNetwork(
  ec2: EC2Client,
  cluster: ResourceKey,
  params: AwsClusterParams,
  ctx: Ctx,
): Promise<ClusterNetwork> {
  if (params.subnets.length > 0) return namedSubnets(ec2, cluster, params, ctx);
  if (params.vpcId) {
    throw awsInvalidSpec(
      `${params.template}: spec.network.vpc.id is set but spec.network.subnets lists none; name the subnets to use`,
    );
  }
  return defaultVpc(ec2, params, ctx);
}

async function namedSubnets(
  ec2: EC2Client,
  cluster: ResourceKey,
  params: AwsClusterParams,
  ctx: Ctx,
): Promise<ClusterNetwork> {
  const ids = params.subnets.map((s) => s.id);
  const res = await callAws({ ...ctx, operation: 'DescribeSubnets' }, () =>
    ec2.send(new DescribeSubnetsCommand({ SubnetIds: ids })),
  );
  const subnets = res.Subnets ?? [];
  const vpcs = [...new Set(subnets.map((s) => s.VpcId))];
  if (vpcs.length !== 1 || !vpcs[0]) {
    throw awsInvalidSpec(
      `${params.template}: spec.network.subnets must all be in one VPC, they are in ${vpcs.join(', ')}`,
    );
  }
  if (params.vpcId && params.vpcId !== vpcs[0]) {
    throw awsInvalidSpec(
      `${params.template}: spec.network.subnets are in ${vpcs[0]}, not in spec.network.vpc.id ${params.vpcId}`,
    );
  }
  for (const declared of params.subnets) {
    const actual = subnets.find((s) => s.SubnetId === declared.id)?.AvailabilityZone;
    if (declared.availabilityZone && actual && declared.availabilityZone !== actual) {
      throw awsInvalidSpec(
        `${params.template}: spec.network.subnets ${declared.id} is in ${actual}, not in the declared availabilityZone ${declared.availabilityZone}`,
      );
    }
  }
  // Tag them so the cluster's machines can find them (resolveMachineResources.ts). CreateTags is idempotent.
  await callAws({ ...ctx, operation: 'CreateTags' }, () =>
    ec2.send(
      new CreateTagsCommand({ Resources: ids, Tags: [{ Key: subnetShareTagKey(cluster), Value: 'shared' }] }),
    ),
  );
  return {
    subnetIds: ids,
    vpcId: vpcs[0],
    failureDomains: failureDomainsOf(subnets.map((s) => s.AvailabilityZone)),
  };
}

async function defaultVpc(ec2: EC2Client, params: AwsClusterParams, ctx: Ctx): Promise<ClusterNetwork> {
  const res = await callAws({ ...ctx, operation: 'DescribeSubnets' }, () =>
    ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] })),
  );
  const zones = await callAws({ ...ctx, operation: 'DescribeAvailabilityZones' }, () =>
    ec2.send(
      new DescribeAvailabilityZonesCommand({
        Filters: [
          { Name: 'state', Values: ['available'] },
          { Name: 'zone-type', Values: ['availability-zone'] },
        ],
      }),
    ),
  );
  const usable = new Set((zones.AvailabilityZones ?? []).map((z) => z.ZoneName));
  // One subnet per zone (an NLB takes at most one per zone), only in zones that are available.
  const byZone = new Map<string, Subnet>();
  for (const s of res.Subnets ?? []) {
    if (
      s.SubnetId &&
      s.AvailabilityZone &&
      usable.has(s.AvailabilityZone) &&
      !byZone.has(s.AvailabilityZone)
    ) {
      byZone.set(s.AvailabilityZone, s);
    }
  }
  const subnets = [...byZone.values()];
  const vpcId = subnets[0]?.VpcId;
  if (!vpcId) {
    throw awsInvalidSpec(
      `${params.template}: region ${params.region} has no default VPC; list existing subnets in spec.network.subnets`,
    );
  }
  return {
    subnetIds: subnets.map((s) => s.SubnetId!).sort(),
    vpcId,
    failureDomains: failureDomainsOf(byZone.keys()),
  };
}

/** Removes the cluster's share tag from every subnet still carrying it; nothing tagged is success. */
export async function untagClusterSubnets(ec2: EC2Client, cluster: ResourceKey, ctx: Ctx): Promise<void> {
  const key = subnetShareTagKey(cluster);
  const res = await callAws({ ...ctx, operation: 'DescribeSubnets' }, () =>
    ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag-key', Values: [key] }] })),
  );
  const ids = (res.Subnets ?? []).map((s) => s.SubnetId).filter((id): id is string => !!id);
  if (ids.length === 0) return;
  await callAws({ ...ctx, operation: 'DeleteTags' }, () =>
    ec2.send(new DeleteTagsCommand({ Resources: ids, Tags: [{ Key: key }] })),
  );
}
