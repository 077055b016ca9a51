/**
 * The control-plane endpoint: an internet-facing (or internal) network load balancer with a TCP
 * listener on 6443 forwarding to a target group of the control-plane instances — CAPA's `nlb`
 * load balancer type. Each piece is looked up by name before it is created and checked to carry
 * the cluster's tag, so a retry after a crash adopts what the first attempt made.
 */
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ResourceKey } from '../../../shared/ids';
import {
  awsErrorFacts,
  awsFailure,
  awsInvalidSpec,
  awsNotVisibleYet,
  callAws,
  type AwsCallContext,
} from './awsFailure';
import { clusterTagValue, toAwsTags, type Tags } from './awsTags';
import { API_SERVER_PORT } from './clusterSpec';
import type { ClusterNetwork } from './clusterNetwork';
import {
  allLoadBalancers,
  clusterLoadBalancers,
  clusterTargetGroups,
  loadBalancersNamed,
  ownedBy,
  targetGroupsNamed,
} from './loadBalancerLookup';
import { targetGroupName } from './loadBalancerNames';
import { oldestFirst } from './oldest';

type Ctx = Omit<AwsCallContext, 'operation'>;

export interface LoadBalancerRequest {
  cluster: ResourceKey;
  name: string;
  scheme: 'internet-facing' | 'internal';
  network: ClusterNetwork;
  tags: Tags;
}

export interface LoadBalancerStatus {
  /** ELBv2 reports `active` */
  provisioned: boolean;
  dnsName?: string;
}

export async function ensureControlPlaneLoadBalancer(
  elb: ElasticLoadBalancingV2Client,
  req: LoadBalancerRequest,
  ctx: Ctx,
): Promise<LoadBalancerStatus> {
  const tg = await ensureTargetGroup(elb, req, ctx);
  const lb = await ensureLoadBalancer(elb, req, ctx);
  await ensureListener(elb, lb.LoadBalancerArn!, tg.TargetGroupArn!, req.tags, ctx);
  return { provisioned: lb.State?.Code === 'active', ...(lb.DNSName ? { dnsName: lb.DNSName } : {}) };
}

async function ensureTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  req: LoadBalancerRequest,
  ctx: Ctx,
): Promise<TargetGroup> {
  const name = targetGroupName(req.cluster);
  const find = () => targetGroupsNamed(elb, name, ctx);
  let found = await find();
  if (found.length === 0) {
    try {
      await elb.send(
        new CreateTargetGroupCommand({
          Name: name,
          Protocol: 'TCP',
          Port: API_SERVER_PORT,
          VpcId: req.network.vpcId,
          TargetType: 'instance',
          HealthCheckProtocol: 'TCP',
          Tags: toAwsTags(req.tags),
        }),
      );
    } catch (err) {
      // Another attempt created it between our lookup and our create: adopt it below.
      if (awsErrorFacts(err).code !== 'DuplicateTargetGroupName')
        throw awsFailure(err, { ...ctx, operation: 'CreateTargetGroup' });
    }
    found = await find();
  }
  return keepOldestOwned(
    elb,
    found,
    req.cluster,
    `target group ${name}`,
    (t) => t.TargetGroupArn,
    () => undefined,
    ctx,
    (arn) => elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })),
  );
}

async function ensureLoadBalancer(
  elb: ElasticLoadBalancingV2Client,
  req: LoadBalancerRequest,
  ctx: Ctx,
): Promise<LoadBalancer> {
  const find = () => loadBalancersNamed(elb, req.name, ctx);
  let found = await find();
  if (found.length === 0) {
    try {
      await elb.send(
        new CreateLoadBalancerCommand({
          Name: req.name,
          Type: 'network',
          Scheme: req.scheme,
          IpAddressType: 'ipv4',
          Subnets: req.network.subnetIds,
          Tags: toAwsTags(req.tags),
        }),
      );
    } catch (err) {
      if (awsErrorFacts(err).code !== 'DuplicateLoadBalancerName')
        throw awsFailure(err, { ...ctx, operation: 'CreateLoadBalancer' });
    }
    // After a create, list every load balancer rather than ask by name: an endpoint that lets a
    // race make two of one name (moto) answers a name lookup with only one of them.
    found = (await allLoadBalancers(elb, ctx)).filter((l) => l.LoadBalancerName === req.name);
  }
  return keepOldestOwned(
    elb,
    found,
    req.cluster,
    `load balancer ${req.name}`,
    (l) => l.LoadBalancerArn,
    (l) => l.CreatedTime,
    ctx,
    (arn) => elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn })),
  );
}

/**
 * Refuses a same-named resource of someone else (a terminal spec error: pick another name), and
 * deletes twins of our own that a race made on an endpoint that does not dedupe creates by name.
 */
async function keepOldestOwned<T>(
  elb: ElasticLoadBalancingV2Client,
  found: T[],
  cluster: ResourceKey,
  what: string,
  arnOf: (t: T) => string | undefined,
  createdAt: (t: T) => Date | undefined,
  ctx: Ctx,
  remove: (arn: string) => Promise<unknown>,
): Promise<T> {
  if (found.length === 0) {
    // Created but not visible yet (ELBv2 is eventually consistent): the next attempt adopts it.
    throw awsNotVisibleYet(`${what} was created but is not listed yet`);
  }
  const owned = await ownedBy(elb, found, arnOf, cluster, ctx);
  if (owned.length === 0) {
    throw awsInvalidSpec(
      `${what} already exists and does not belong to cluster ${clusterTagValue(cluster)} (no capstan.io/cluster tag for it); ` +
        'choose another spec.controlPlaneLoadBalancer.name or delete the other one',
    );
  }
  const [keep, ...extra] = oldestFirst(owned, createdAt, arnOf);
  for (const twin of extra) {
    const arn = arnOf(twin);
    if (arn) await callAws({ ...ctx, operation: `Delete (duplicate ${what})` }, () => remove(arn));
  }
  return keep!;
}

async function ensureListener(
  elb: ElasticLoadBalancingV2Client,
  lbArn: string,
  tgArn: string,
  tags: Tags,
  ctx: Ctx,
): Promise<void> {
  const listeners = await callAws({ ...ctx, operation: 'DescribeListeners' }, () =>
    elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn })),
  );
  if ((listeners.Listeners ?? []).some((l) => l.Port === API_SERVER_PORT)) return;
  try {
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'TCP',
        Port: API_SERVER_PORT,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        Tags: toAwsTags(tags),
      }),
    );
  } catch (err) {
    if (awsErrorFacts(err).code !== 'DuplicateListener')
      throw awsFailure(err, { ...ctx, operation: 'CreateListener' });
  }
}

/**
 * Deletes every load balancer and target group tagged with the cluster. True only when a pass
 * found nothing: a load balancer deleted in this pass may still hold its target group (ELBv2
 * answers ResourceInUse until the listener is gone), so the caller looks again.
 */
export async function deleteControlPlaneLoadBalancing(
  elb: ElasticLoadBalancingV2Client,
  cluster: ResourceKey,
  ctx: Ctx,
): Promise<boolean> {
  const lbs = await clusterLoadBalancers(elb, cluster, ctx);
  for (const lb of lbs) {
    try {
      await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
    } catch (err) {
      if (awsErrorFacts(err).code !== 'LoadBalancerNotFound')
        throw awsFailure(err, { ...ctx, operation: 'DeleteLoadBalancer' });
    }
  }
  const tgs = await clusterTargetGroups(elb, cluster, ctx);
  let left = lbs.length;
  for (const tg of tgs) {
    try {
      await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn! }));
    } catch (err) {
      const { code } = awsErrorFacts(err);
      if (code === 'TargetGroupNotFound') continue;
      if (code === 'ResourceInUse') {
        left++;
        continue;
      }
      throw awsFailure(err, { ...ctx, operation: 'DeleteTargetGroup' });
    }
  }
  return left === 0;
}
