/**
 * Finding the cluster's ELBv2 load balancers and target groups: by name before a create (names
 * are unique per account and region), and by the cluster tag when deleting, so a load balancer
 * whose name the spec changed, or one left by a crashed attempt, is found too.
 */
import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ResourceKey } from '../../../shared/ids';
import { awsErrorFacts, awsFailure, callAws, type AwsCallContext } from './awsFailure';
import { fromAwsTags, isOwnedBy, type Tags } from './awsTags';

type Ctx = Omit<AwsCallContext, 'operation'>;

/** Load balancers of that name; `[]` when none. Moto (unlike ELBv2) lets two share a name. */
export async function loadBalancersNamed(
  elb: ElasticLoadBalancingV2Client,
  name: string,
  ctx: Ctx,
): Promise<LoadBalancer[]> {
  try {
    return (await elb.send(new DescribeLoadBalancersCommand({ Names: [name] }))).LoadBalancers ?? [];
  } catch (err) {
    if (awsErrorFacts(err).code === 'LoadBalancerNotFound') return [];
    throw awsFailure(err, { ...ctx, operation: 'DescribeLoadBalancers' });
  }
}

export async function targetGroupsNamed(
  elb: ElasticLoadBalancingV2Client,
  name: string,
  ctx: Ctx,
): Promise<TargetGroup[]> {
  try {
    return (await elb.send(new DescribeTargetGroupsCommand({ Names: [name] }))).TargetGroups ?? [];
  } catch (err) {
    if (awsErrorFacts(err).code === 'TargetGroupNotFound') return [];
    throw awsFailure(err, { ...ctx, operation: 'DescribeTargetGroups' });
  }
}

/** Tags by ARN (DescribeTags takes at most 20 ARNs per call). */
export async function tagsByArn(
  elb: ElasticLoadBalancingV2Client,
  arns: string[],
  ctx: Ctx,
): Promise<Map<string, Tags>> {
  const out = new Map<string, Tags>();
  for (let i = 0; i < arns.length; i += 20) {
    const chunk = arns.slice(i, i + 20);
    const res = await callAws({ ...ctx, operation: 'DescribeTags' }, () =>
      elb.send(new DescribeTagsCommand({ ResourceArns: chunk })),
    );
    for (const d of res.TagDescriptions ?? []) if (d.ResourceArn) out.set(d.ResourceArn, fromAwsTags(d.Tags));
  }
  return out;
}

export async function clusterLoadBalancers(
  elb: ElasticLoadBalancingV2Client,
  cluster: ResourceKey,
  ctx: Ctx,
): Promise<LoadBalancer[]> {
  return ownedBy(elb, await allLoadBalancers(elb, ctx), (lb) => lb.LoadBalancerArn, cluster, ctx);
}

export async function allLoadBalancers(elb: ElasticLoadBalancingV2Client, ctx: Ctx): Promise<LoadBalancer[]> {
  const all: LoadBalancer[] = [];
  let Marker: string | undefined;
  do {
    const page = await callAws({ ...ctx, operation: 'DescribeLoadBalancers' }, () =>
      elb.send(new DescribeLoadBalancersCommand({ PageSize: 400, ...(Marker ? { Marker } : {}) })),
    );
    all.push(...(page.LoadBalancers ?? []));
    Marker = page.NextMarker;
  } while (Marker);
  return all;
}

export async function clusterTargetGroups(
  elb: ElasticLoadBalancingV2Client,
  cluster: ResourceKey,
  ctx: Ctx,
): Promise<TargetGroup[]> {
  const all: TargetGroup[] = [];
  let Marker: string | undefined;
  do {
    const page = await callAws({ ...ctx, operation: 'DescribeTargetGroups' }, () =>
      elb.send(new DescribeTargetGroupsCommand({ PageSize: 400, ...(Marker ? { Marker } : {}) })),
    );
    all.push(...(page.TargetGroups ?? []));
    Marker = page.NextMarker;
  } while (Marker);
  return ownedBy(elb, all, (tg) => tg.TargetGroupArn, cluster, ctx);
}

export async function ownedBy<T>(
  elb: ElasticLoadBalancingV2Client,
  items: T[],
  arnOf: (t: T) => string | undefined,
  cluster: ResourceKey,
  ctx: Ctx,
): Promise<T[]> {
  const arns = items.map(arnOf).filter((a): a is string => !!a);
  if (arns.length === 0) return [];
  const tags = await tagsByArn(elb, arns, ctx);
  return items.filter((t) => {
    const arn = arnOf(t);
    return arn !== undefined && isOwnedBy(tags.get(arn) ?? {}, cluster);
  });
}
