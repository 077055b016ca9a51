/**
 * Turns the template's references (AMI by id or lookup, subnet and security groups by id or
 * filters) into the ids RunInstances takes. Only called when an instance is really about to be
 * launched, so an existing machine never depends on a lookup that may have changed since.
 */
import {
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { ResourceKey } from '../../../shared/ids';
import { awsInvalidSpec, callAws, type AwsCallContext } from './awsFailure';
import { amiNamePattern, newestImage } from './amiLookupPattern';
import { subnetShareTagKey } from './awsTags';
import type { AwsMachineParams, AwsResourceRef } from './machineSpec';
import type { ResolvedMachineResources } from './runInstancesRequest';

export interface ResolveTarget {
  cluster: ResourceKey;
  version: string;
  failureDomain?: string;
}

export async function resolveMachineResources(
  ec2: EC2Client,
  spec: AwsMachineParams,
  target: ResolveTarget,
  ctx: Omit<AwsCallContext, 'operation'>,
): Promise<ResolvedMachineResources> {
  const image = await resolveImage(ec2, spec, target.version, ctx);
  const subnetId = spec.subnet
    ? await resolveSubnet(ec2, spec.subnet, target.failureDomain, spec.template, ctx)
    : await clusterSubnetIn(ec2, target.cluster, target.failureDomain, ctx);
  const securityGroupIds: string[] = [];
  for (const ref of spec.securityGroups) {
    for (const id of await resolveSecurityGroups(ec2, ref, spec.template, ctx)) {
      if (!securityGroupIds.includes(id)) securityGroupIds.push(id);
    }
  }
  return {
    imageId: image.id,
    securityGroupIds,
    ...(subnetId ? { subnetId } : {}),
    ...(image.rootDeviceName ? { rootDeviceName: image.rootDeviceName } : {}),
  };
}

async function resolveImage(
  ec2: EC2Client,
  spec: AwsMachineParams,
  version: string,
  ctx: Omit<AwsCallContext, 'operation'>,
): Promise<{ id: string; rootDeviceName?: string }> {
  if ('id' in spec.ami) {
    // The AMI's root device name is only needed to resize the root volume.
    if (!spec.rootVolume || spec.rootVolume.deviceName) return { id: spec.ami.id };
    const id = spec.ami.id;
    const res = await callAws({ ...ctx, operation: 'DescribeImages' }, () =>
      ec2.send(new DescribeImagesCommand({ ImageIds: [id] })),
    );
    const root = res.Images?.[0]?.RootDeviceName;
    return root ? { id, rootDeviceName: root } : { id };
  }
  const { lookup } = spec.ami;
  const pattern = amiNamePattern(lookup, version);
  const res = await callAws({ ...ctx, operation: 'DescribeImages' }, () =>
    ec2.send(
      new DescribeImagesCommand({
        Owners: [lookup.org],
        Filters: [
          { Name: 'name', Values: [pattern] },
          { Name: 'state', Values: ['available'] },
        ],
      }),
    ),
  );
  const best = newestImage(res.Images ?? []);
  if (!best?.ImageId) {
    throw awsInvalidSpec(
      `${spec.template}: no AMI named like "${pattern}" owned by ${lookup.org} in this region ` +
        '(spec.imageLookupFormat/imageLookupOrg/imageLookupBaseOS); set spec.ami.id or publish a matching image',
    );
  }
  return best.RootDeviceName
    ? { id: best.ImageId, rootDeviceName: best.RootDeviceName }
    : { id: best.ImageId };
}

async function resolveSubnet(
  ec2: EC2Client,
  ref: AwsResourceRef,
  failureDomain: string | undefined,
  template: string,
  ctx: Omit<AwsCallContext, 'operation'>,
): Promise<string> {
  if (ref.id) return ref.id;
  const filters: Filter[] = (ref.filters ?? []).map((f) => ({ Name: f.name, Values: f.values }));
  if (failureDomain) filters.push({ Name: 'availability-zone', Values: [failureDomain] });
  const res = await callAws({ ...ctx, operation: 'DescribeSubnets' }, () =>
    ec2.send(new DescribeSubnetsCommand({ Filters: filters })),
  );
  const ids = (res.Subnets ?? [])
    .map((s) => s.SubnetId)
    .filter((id): id is string => !!id)
    .sort();
  if (ids.length === 0) {
    const where = failureDomain ? ` in failure domain ${failureDomain}` : '';
    throw awsInvalidSpec(`${template}: spec.subnet.filters match no subnet${where}`);
  }
  return ids[0]!;
}

/**
 * Without a subnet in the machine template, CAPA places the machine in one of the cluster's
 * subnets in its failure domain. The cluster's subnets carry the share tag the cluster
 * infrastructure put on them; with none (default-VPC clusters), EC2 picks the zone's default
 * subnet from the Placement.
 */
async function clusterSubnetIn(
  ec2: EC2Client,
  cluster: ResourceKey,
  failureDomain: string | undefined,
  ctx: Omit<AwsCallContext, 'operation'>,
): Promise<string | undefined> {
  const filters: Filter[] = [{ Name: 'tag-key', Values: [subnetShareTagKey(cluster)] }];
  const res = await callAws({ ...ctx, operation: 'DescribeSubnets' }, () =>
    ec2.send(new DescribeSubnetsCommand({ Filters: filters })),
  );
  const subnets = (res.Subnets ?? [])
    .filter((s) => !!s.SubnetId)
    .sort((a, b) => (a.SubnetId! < b.SubnetId! ? -1 : 1));
  if (subnets.length === 0) return undefined;
  if (!failureDomain) return subnets[0]!.SubnetId;
  const inZone = subnets.find((s) => s.AvailabilityZone === failureDomain);
  if (!inZone) {
    // Launching into the default VPC instead would put the machine outside the cluster's network.
    const zones = [...new Set(subnets.map((s) => s.AvailabilityZone))].sort().join(', ');
    throw awsInvalidSpec(
      `${ctx.subject}: failure domain ${failureDomain} has none of the cluster's subnets (spec.network.subnets are in ${zones})`,
    );
  }
  return inZone.SubnetId;
}

async function resolveSecurityGroups(
  ec2: EC2Client,
  ref: AwsResourceRef,
  template: string,
  ctx: Omit<AwsCallContext, 'operation'>,
): Promise<string[]> {
  if (ref.id) return [ref.id];
  const filters: Filter[] = (ref.filters ?? []).map((f) => ({ Name: f.name, Values: f.values }));
  const res = await callAws({ ...ctx, operation: 'DescribeSecurityGroups' }, () =>
    ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters })),
  );
  const ids = (res.SecurityGroups ?? [])
    .map((g) => g.GroupId)
    .filter((id): id is string => !!id)
    .sort();
  if (ids.length === 0)
    throw awsInvalidSpec(
      `${template}: spec.additionalSecurityGroups filters ${JSON.stringify(ref.filters)} match no security group`,
    );
  return ids;
}
