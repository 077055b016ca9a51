/**
 * The tags that make an AWS resource findable again. Every create is preceded by a lookup on
 * these tags (DESIGN.md: "find by tag carrying the resource key"), so they are the real identity
 * of a machine or load balancer; the AWS ids are only cached in statuses.
 *
 * CAPA's own keys are set too, so tools that know CAPA (and `aws ec2 describe-instances
 * --filters tag:sigs.k8s.io/...`) recognise the resources as belonging to the cluster.
 */
import type { ResourceKey } from '../../../shared/ids';
import type { MachineRole } from '../types';

export const TAG_CLUSTER = 'capstan.io/cluster';
export const TAG_MACHINE = 'capstan.io/machine';
export const TAG_NAME = 'Name';
/** CAPA: `sigs.k8s.io/cluster-api-provider-aws/cluster/<cluster name>` = `owned` */
export const CAPA_CLUSTER_TAG_PREFIX = 'sigs.k8s.io/cluster-api-provider-aws/cluster/';
/** CAPA: `control-plane`, `node` or (on the load balancer) `apiserver` */
export const CAPA_ROLE_TAG = 'sigs.k8s.io/cluster-api-provider-aws/role';

export type Tags = Record<string, string>;
export interface AwsTag {
  Key: string;
  Value: string;
}
export interface AwsFilter {
  Name: string;
  Values: string[];
}

/** `<namespace>/<name>`: cluster names are unique only within a namespace, so both go in the tag. */
export function clusterTagValue(cluster: ResourceKey): string {
  return `${cluster.namespace}/${cluster.name}`;
}

/**
 * Tags common to every resource of the cluster. `additional` (the template's `additionalTags`)
 * goes first so that it can never overwrite the identity tags the lookups depend on.
 */
export function clusterTags(cluster: ResourceKey, additional: Tags = {}): Tags {
  return {
    ...additional,
    [`${CAPA_CLUSTER_TAG_PREFIX}${cluster.name}`]: 'owned',
    [TAG_CLUSTER]: clusterTagValue(cluster),
  };
}

export function machineTags(
  cluster: ResourceKey,
  machine: string,
  role: MachineRole,
  additional: Tags = {},
): Tags {
  return {
    ...clusterTags(cluster, additional),
    [TAG_MACHINE]: machine,
    [TAG_NAME]: machine,
    [CAPA_ROLE_TAG]: role === 'control-plane' ? 'control-plane' : 'node',
  };
}

export function loadBalancerTags(cluster: ResourceKey, additional: Tags = {}): Tags {
  return { ...clusterTags(cluster, additional), [CAPA_ROLE_TAG]: 'apiserver' };
}

/** Sorted by key, so requests (and tests) do not depend on object insertion order. */
export function toAwsTags(tags: Tags): AwsTag[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key]! }));
}

export function fromAwsTags(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Tags {
  const out: Tags = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

/** True when the tags say the resource belongs to this cluster (and not a same-named one elsewhere). */
export function isOwnedBy(tags: Tags, cluster: ResourceKey): boolean {
  return tags[TAG_CLUSTER] === clusterTagValue(cluster);
}

/** EC2 instance states that still hold (or may soon hold) a machine: everything but `terminated`. */
export const LIVE_INSTANCE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'] as const;
/**
 * States in which an instance can still become (or is) the machine. An instance that is shutting
 * down cannot come back, so a create must not adopt it.
 */
export const ADOPTABLE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'] as const;

export function machineFilters(
  cluster: ResourceKey,
  machine: string,
  states: readonly string[],
): AwsFilter[] {
  return [
    { Name: `tag:${TAG_CLUSTER}`, Values: [clusterTagValue(cluster)] },
    { Name: `tag:${TAG_MACHINE}`, Values: [machine] },
    { Name: 'instance-state-name', Values: [...states] },
  ];
}

export function clusterInstanceFilters(cluster: ResourceKey, states: readonly string[]): AwsFilter[] {
  return [
    { Name: `tag:${TAG_CLUSTER}`, Values: [clusterTagValue(cluster)] },
    { Name: 'instance-state-name', Values: [...states] },
  ];
}

/**
 * Put on the existing subnets an AWSCluster names, so the machines of that cluster (whose templates
 * may name no subnet) find them: one key per cluster, because a subnet may be shared by several.
 * The Kubernetes cloud provider's `kubernetes.io/cluster/<name>: shared` plays the same role.
 */
export function subnetShareTagKey(cluster: ResourceKey): string {
  return `capstan.io/cluster/${clusterTagValue(cluster)}`;
}
