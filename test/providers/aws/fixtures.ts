/** Requests, templates and leak checks shared by the AWS provider tests (all against moto_server). */
import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ResourceKey } from '../../../shared/ids';
import type { TemplateSnapshot } from '../../../shared/model/desired';
import {
  AwsInfrastructureProvider,
  type AwsClients,
  type AwsProviderOptions,
} from '../../../activities/providers/aws';
import type { MachineInfraRequest, MachineRole } from '../../../activities/providers/types';
import { TAG_CLUSTER, fromAwsTags } from '../../../activities/providers/aws/awsTags';

// The SDK warns once per process that Node 20 support ends in 2027; it is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const REGION = 'us-east-1';
/** One of moto's built-in AMIs in every region (real-components.md §2.1). */
export const AMI = 'ami-12c6146b';
export const CLUSTER: ResourceKey = { namespace: 'team-a', name: 'dev-cluster-01' };

export function makeProvider(
  endpoint: string,
  extra: Partial<AwsProviderOptions> = {},
): AwsInfrastructureProvider {
  return new AwsInfrastructureProvider({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    pollIntervalMs: 50,
    ...extra,
  });
}

export function machineTemplate(
  spec: Record<string, unknown> = {},
  name = 'dev-cluster-01-md-0',
): TemplateSnapshot {
  return {
    apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2',
    kind: 'AWSMachineTemplate',
    name,
    spec: { instanceType: 't3.medium', ami: { id: AMI }, ...spec },
  };
}

export function clusterTemplate(spec: Record<string, unknown> = {}): TemplateSnapshot {
  return {
    apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2',
    kind: 'AWSCluster',
    name: 'dev-cluster-01',
    spec: { region: REGION, ...spec },
  };
}

export const BOOTSTRAP =
  '#cloud-config\nruncmd:\n  - kubeadm join --token abcdef.0123456789abcdef 10.0.0.1:6443\n';

export function machineRequest(
  machine: string,
  opts: {
    role?: MachineRole;
    failureDomain?: string;
    spec?: Record<string, unknown>;
    cluster?: ResourceKey;
  } = {},
): MachineInfraRequest {
  return {
    cluster: opts.cluster ?? CLUSTER,
    machine,
    role: opts.role ?? 'worker',
    version: 'v1.31.4',
    ...(opts.failureDomain ? { failureDomain: opts.failureDomain } : {}),
    infrastructure: machineTemplate(opts.spec),
    bootstrapData: BOOTSTRAP,
  };
}

/** Every instance carrying a Capstan cluster tag that is not terminated. */
export async function taggedInstances(
  clients: AwsClients,
  extraFilters: Array<{ Name: string; Values: string[] }> = [],
): Promise<Instance[]> {
  const res = await clients.ec2.send(
    new DescribeInstancesCommand({
      Filters: [
        { Name: 'tag-key', Values: [TAG_CLUSTER] },
        {
          Name: 'instance-state-name',
          Values: ['pending', 'running', 'shutting-down', 'stopping', 'stopped'],
        },
        ...extraFilters,
      ],
    }),
  );
  return (res.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

export async function instancesOfMachine(clients: AwsClients, machine: string): Promise<Instance[]> {
  return taggedInstances(clients, [{ Name: 'tag:capstan.io/machine', Values: [machine] }]);
}

/** "List by tag after the test: nothing left" — instances, load balancers, target groups. */
export async function leftovers(clients: AwsClients): Promise<string[]> {
  const out: string[] = (await taggedInstances(clients)).map(
    (i) => `instance ${i.InstanceId} (${i.State?.Name})`,
  );
  const lbs = (await clients.elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
  const tgs = (await clients.elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const arns = [...lbs.map((l) => l.LoadBalancerArn!), ...tgs.map((t) => t.TargetGroupArn!)];
  if (arns.length > 0) {
    for (let i = 0; i < arns.length; i += 20) {
      const res = await clients.elb.send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) }));
      for (const d of res.TagDescriptions ?? []) {
        if (fromAwsTags(d.Tags)[TAG_CLUSTER] !== undefined) out.push(d.ResourceArn!);
      }
    }
  }
  return out;
}

/** Polls deleteClusterInfrastructure as the activity does, bounded. */
export async function deleteClusterUntilGone(
  provider: AwsInfrastructureProvider,
  cluster: ResourceKey = CLUSTER,
): Promise<number> {
  for (let pass = 1; pass <= 10; pass++) {
    if (await provider.deleteClusterInfrastructure(cluster)) return pass;
  }
  throw new Error(
    `cluster ${cluster.namespace}/${cluster.name} infrastructure still not gone after 10 passes`,
  );
}
