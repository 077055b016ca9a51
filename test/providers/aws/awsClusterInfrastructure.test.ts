/**
 * The AWS provider's cluster half against a real moto_server: the control-plane network load
 * balancer (create, repeat, race, delete), failure domains, subnets named by the AWSCluster, and
 * control-plane instances in the target group — and after every test, nothing tagged left.
 */
import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSubnetsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ApplicationFailure } from '@temporalio/common';
import type { AwsInfrastructureProvider } from '../../../activities/providers/aws';
import type { ClusterInfraStatus } from '../../../activities/providers/types';
import { targetGroupName } from '../../../activities/providers/aws/loadBalancerNames';
import { fromAwsTags } from '../../../activities/providers/aws/awsTags';
import { startMotoServer, type MotoServer } from './motoServer';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import {
  CLUSTER,
  clusterTemplate,
  deleteClusterUntilGone,
  instancesOfMachine,
  leftovers,
  machineRequest,
  makeProvider,
} from './fixtures';

let moto: MotoServer;
let proxy: FaultProxy;
let aws: AwsInfrastructureProvider;

beforeAll(async () => {
  moto = await startMotoServer({ MOTO_ENABLE_AMI_VALIDATION: 'true' });
  proxy = await startFaultProxy(moto.url);
  aws = makeProvider(proxy.url);
});

afterAll(async () => {
  aws?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  proxy.clear();
});

afterEach(async () => {
  expect(await leftovers(aws.clients)).toEqual([]);
});

const request = (spec: Record<string, unknown> = {}) => ({
  cluster: CLUSTER,
  infrastructure: clusterTemplate(spec),
  labels: {},
});

/** As the ensureClusterInfrastructure activity does: call until provisioned, bounded. */
async function ensureUntilProvisioned(spec: Record<string, unknown> = {}): Promise<ClusterInfraStatus> {
  for (let i = 0; i < 10; i++) {
    const status = await aws.ensureClusterInfrastructure(request(spec));
    if (status.provisioned) return status;
  }
  throw new Error('cluster infrastructure never provisioned');
}

async function loadBalancersNamed(name: string) {
  const all = (await aws.clients.elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
  return all.filter((l) => l.LoadBalancerName === name);
}

async function targetIds(): Promise<string[]> {
  const [tg] =
    (await aws.clients.elb.send(new DescribeTargetGroupsCommand({ Names: [targetGroupName(CLUSTER)] })))
      .TargetGroups ?? [];
  const health = await aws.clients.elb.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: tg!.TargetGroupArn! }),
  );
  return (health.TargetHealthDescriptions ?? []).map((d) => d.Target!.Id!).sort();
}

async function makeVpcWithSubnets(
  ec2: EC2Client,
): Promise<{ vpcId: string; subnets: Array<{ id: string; az: string }> }> {
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
  const vpcId = vpc.Vpc!.VpcId!;
  const subnets: Array<{ id: string; az: string }> = [];
  for (const [cidr, az] of [
    ['10.20.1.0/24', 'us-east-1a'],
    ['10.20.2.0/24', 'us-east-1c'],
  ] as const) {
    const s = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az }),
    );
    subnets.push({ id: s.Subnet!.SubnetId!, az });
  }
  return { vpcId, subnets };
}

describe('aws provider: cluster infrastructure on moto_server', () => {
  test('create: an NLB with a TCP 6443 listener forwarding to the target group; endpoint = its DNS name', async () => {
    const status = await ensureUntilProvisioned();
    // `<cluster>-<hash of namespace/name>-apiserver`: unique across namespaces, ≤ 32 characters
    const [lb, ...more] = await loadBalancersNamed(targetGroupName(CLUSTER));
    expect(lb!.LoadBalancerName).toMatch(/^dev-cluster-01-[0-9a-f]{6}-apiserver$/);
    expect(more).toEqual([]);
    expect(lb).toMatchObject({ Type: 'network', Scheme: 'internet-facing', State: { Code: 'active' } });
    expect(status.controlPlaneEndpoint).toEqual({ host: lb!.DNSName, port: 6443 });
    // No subnets named: the default VPC, one default subnet per zone; every zone a failure domain.
    expect(status.failureDomains.map((d) => d.name)).toEqual([
      'us-east-1a',
      'us-east-1b',
      'us-east-1c',
      'us-east-1d',
      'us-east-1e',
      'us-east-1f',
    ]);
    expect(status.failureDomains.every((d) => d.controlPlane)).toBe(true);
    const listeners =
      (await aws.clients.elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb!.LoadBalancerArn! })))
        .Listeners ?? [];
    expect(listeners).toHaveLength(1);
    const [tg] =
      (await aws.clients.elb.send(new DescribeTargetGroupsCommand({ Names: [targetGroupName(CLUSTER)] })))
        .TargetGroups ?? [];
    expect(tg).toMatchObject({ Protocol: 'TCP', Port: 6443, TargetType: 'instance' });
    expect(listeners[0]).toMatchObject({
      Protocol: 'TCP',
      Port: 6443,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg!.TargetGroupArn }],
    });

    expect(await deleteClusterUntilGone(aws)).toBeGreaterThan(1);
  });

  test('repeat-create adopts the same load balancer and target group; delete twice is fine', async () => {
    const a = await ensureUntilProvisioned({ additionalTags: { team: 'a' } });
    const b = await ensureUntilProvisioned({ additionalTags: { team: 'a' } });
    expect(b).toEqual(a);
    expect(proxy.count('CreateLoadBalancer')).toBe(1);
    expect(proxy.count('CreateTargetGroup')).toBe(1);
    expect(proxy.count('CreateListener')).toBe(1);
    expect(await deleteClusterUntilGone(aws)).toBeGreaterThan(1);
    // Already gone: the first pass finds nothing and says so.
    expect(await deleteClusterUntilGone(aws)).toBe(1);
    expect(proxy.count('DeleteLoadBalancer')).toBe(1);
  });

  test('two concurrent creates leave one load balancer (moto, unlike ELBv2, lets names repeat)', async () => {
    proxy.barrier('CreateLoadBalancer', 2);
    const statuses = await Promise.all([
      aws.ensureClusterInfrastructure(request()),
      aws.ensureClusterInfrastructure(request()),
    ]);
    expect(proxy.count('CreateLoadBalancer')).toBe(2);
    const status = await ensureUntilProvisioned();
    const lbs = (await aws.clients.elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
    expect(lbs).toHaveLength(1);
    expect(status.controlPlaneEndpoint?.host).toBe(lbs[0]!.DNSName);
    expect(statuses.map((s) => s.controlPlaneEndpoint?.host)).toEqual([lbs[0]!.DNSName, lbs[0]!.DNSName]);
    expect((await aws.clients.elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).toHaveLength(
      1,
    );
    await deleteClusterUntilGone(aws);
  });

  test('control-plane instances join the target group; workers do not; delete takes them out', async () => {
    await ensureUntilProvisioned();
    const cp = await aws.ensureMachine(
      machineRequest('dev-cluster-01-cp-1', { role: 'control-plane', failureDomain: 'us-east-1a' }),
    );
    await aws.ensureMachine(machineRequest('dev-cluster-01-md-0-1'));
    const cpId = cp.providerID!.split('/').pop()!;
    expect(await targetIds()).toEqual([cpId]);
    // Registration is idempotent: a wait that sees it running registers again, harmlessly.
    expect((await aws.waitForMachineState(CLUSTER, 'dev-cluster-01-cp-1', ['running'], 1000)).state).toBe(
      'running',
    );
    expect(await targetIds()).toEqual([cpId]);
    expect(await aws.deleteMachine(CLUSTER, 'dev-cluster-01-cp-1')).toBe(true);
    expect(await targetIds()).toEqual([]);
    // Deleting the cluster also terminates machines still tagged with it.
    expect(await deleteClusterUntilGone(aws)).toBeGreaterThan(1);
    expect(await instancesOfMachine(aws.clients, 'dev-cluster-01-md-0-1')).toEqual([]);
  });

  test('subnets named in the AWSCluster: failure domains, LB placement, machines placed in them', async () => {
    const { vpcId, subnets } = await makeVpcWithSubnets(aws.clients.ec2);
    const spec = { network: { vpc: { id: vpcId }, subnets: subnets.map((s) => ({ id: s.id })) } };
    const status = await ensureUntilProvisioned(spec);
    expect(status.failureDomains).toEqual([
      { name: 'us-east-1a', controlPlane: true },
      { name: 'us-east-1c', controlPlane: true },
    ]);
    const lbs = (await aws.clients.elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
    expect(lbs[0]!.VpcId).toBe(vpcId);
    expect((lbs[0]!.AvailabilityZones ?? []).map((z) => z.SubnetId).sort()).toEqual(
      subnets.map((s) => s.id).sort(),
    );

    // A machine template without a subnet lands in the cluster's subnet of its failure domain.
    const m = await aws.ensureMachine(machineRequest('m-placed', { failureDomain: 'us-east-1c' }));
    const [instance] = await instancesOfMachine(aws.clients, 'm-placed');
    expect(instance!.SubnetId).toBe(subnets[1]!.id);
    expect(m.failureDomain).toBe('us-east-1c');
    // A failure domain without a cluster subnet is refused rather than launched outside the VPC.
    const refused = await aws
      .ensureMachine(machineRequest('m-nowhere', { failureDomain: 'us-east-1b' }))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect(refused).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect((refused as Error).message).toMatch(/failure domain us-east-1b has none of the cluster's subnets/);

    await deleteClusterUntilGone(aws);
    // The share tags put on the user's subnets are removed with the cluster.
    const after = await aws.clients.ec2.send(
      new DescribeSubnetsCommand({ SubnetIds: subnets.map((s) => s.id) }),
    );
    expect((after.Subnets ?? []).flatMap((s) => Object.keys(fromAwsTags(s.Tags)))).toEqual([]);
  });

  test('loadBalancerType disabled: the declared endpoint, no load balancer', async () => {
    const status = await aws.ensureClusterInfrastructure(
      request({
        controlPlaneLoadBalancer: { loadBalancerType: 'disabled' },
        controlPlaneEndpoint: { host: 'api.example.test', port: 443 },
      }),
    );
    expect(status).toMatchObject({
      provisioned: true,
      controlPlaneEndpoint: { host: 'api.example.test', port: 443 },
    });
    expect(proxy.count('CreateLoadBalancer')).toBe(0);
    expect(await deleteClusterUntilGone(aws)).toBe(1);
  });

  test('a load balancer of that name owned by someone else is a terminal spec error', async () => {
    const subnets = (
      await aws.clients.ec2.send(
        new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }),
      )
    ).Subnets!;
    const foreign = await aws.clients.elb.send(
      new CreateLoadBalancerCommand({
        Name: 'shared-api',
        Type: 'network',
        Subnets: [subnets[0]!.SubnetId!],
      }),
    );
    const err = await aws
      .ensureClusterInfrastructure(request({ controlPlaneLoadBalancer: { name: 'shared-api' } }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect((err as Error).message).toMatch(
      /load balancer shared-api already exists and does not belong to cluster team-a\/dev-cluster-01/,
    );
    await aws.clients.elb.send(
      new DeleteLoadBalancerCommand({ LoadBalancerArn: foreign.LoadBalancers![0]!.LoadBalancerArn! }),
    );
    // The target group made before the refusal is ours and goes with the cluster.
    await deleteClusterUntilGone(aws);
  });
});
