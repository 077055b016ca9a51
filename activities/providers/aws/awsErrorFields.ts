/**
 * Which declared field a refused request points at, so a terminal error tells the user what to
 * fix ("spec.ami.id of AWSMachineTemplate/workers") rather than only what AWS said.
 */

/** Whose request it was: a machine's (AWSMachineTemplate) or the cluster's (AWSCluster). */
export type AwsRequestOwner = 'machine' | 'cluster';

const MACHINE_CODE_FIELDS: Array<[string, string]> = [
  ['InvalidAMIID.', 'spec.ami.id'],
  ['InvalidSubnetID.', 'spec.subnet'],
  ['InvalidSubnet', 'spec.subnet'],
  ['InvalidGroup.', 'spec.additionalSecurityGroups'],
  ['InvalidGroupId.', 'spec.additionalSecurityGroups'],
  ['InvalidSecurityGroup', 'spec.additionalSecurityGroups'],
  ['InvalidKeyPair.', 'spec.sshKeyName'],
  ['InvalidPlacementGroup.', 'spec.placementGroupName'],
  ['InvalidIamInstanceProfile', 'spec.iamInstanceProfile'],
  ['InvalidBlockDeviceMapping', 'spec.rootVolume / spec.nonRootVolumes'],
  ['InvalidSnapshot.', 'spec.rootVolume / spec.nonRootVolumes'],
  ['InvalidKmsKey.', 'spec.rootVolume.encryptionKey'],
  ['InvalidCapacityReservationId.', 'spec.capacityReservationId'],
  ['InvalidInstanceType', 'spec.instanceType'],
  ['InvalidUserData.', 'the bootstrap data (EC2 user data)'],
];

const CLUSTER_CODE_FIELDS: Array<[string, string]> = [
  ['InvalidSubnetID.', 'spec.network.subnets'],
  ['InvalidSubnet', 'spec.network.subnets'],
  ['SubnetNotFound', 'spec.network.subnets'],
  ['InvalidVpcID.', 'spec.network.vpc.id'],
  ['InvalidScheme', 'spec.controlPlaneLoadBalancer.scheme'],
  ['AvailabilityZoneNotSupported', 'spec.network.subnets'],
];

/** Words in AWS's message (lower-cased) → field; checked in order, first match wins. */
const MACHINE_MESSAGE_FIELDS: Array<[RegExp, string]> = [
  [/instance ?type/, 'spec.instanceType'],
  [/availability ?zone/, "the machine's failureDomain"],
  [/key ?(name|pair)/, 'spec.sshKeyName'],
  [/iam ?instance ?profile|instance profile/, 'spec.iamInstanceProfile'],
  [/image ?id|\bami\b/, 'spec.ami.id'],
  [/subnet/, 'spec.subnet'],
  [/security ?group|group ?id/, 'spec.additionalSecurityGroups'],
  [/user ?data/, 'the bootstrap data (EC2 user data)'],
  [/tenancy/, 'spec.tenancy'],
  [/placement ?group|partition/, 'spec.placementGroupName'],
  [/block ?device|volume|iops|throughput/, 'spec.rootVolume / spec.nonRootVolumes'],
  [/metadata|http ?tokens|hop ?limit/, 'spec.instanceMetadataOptions'],
  [/spot/, 'spec.spotMarketOptions'],
  [/capacity ?reservation/, 'spec.capacityReservationId'],
  [/\btag/, 'spec.additionalTags'],
];

const CLUSTER_MESSAGE_FIELDS: Array<[RegExp, string]> = [
  [/scheme/, 'spec.controlPlaneLoadBalancer.scheme'],
  [/subnet|availability ?zone/, 'spec.network.subnets'],
  [/vpc/, 'spec.network.vpc.id'],
  [/\btag/, 'spec.additionalTags'],
  [/name/, 'spec.controlPlaneLoadBalancer.name'],
];

export function fieldForAwsError(
  owner: AwsRequestOwner,
  code: string | undefined,
  message: string,
): string | undefined {
  const c = code ?? '';
  const byCode = owner === 'machine' ? MACHINE_CODE_FIELDS : CLUSTER_CODE_FIELDS;
  for (const [prefix, field] of byCode) if (c === prefix || c.startsWith(prefix)) return field;
  const text = message.toLowerCase();
  const byMessage = owner === 'machine' ? MACHINE_MESSAGE_FIELDS : CLUSTER_MESSAGE_FIELDS;
  for (const [pattern, field] of byMessage) if (pattern.test(text)) return field;
  return undefined;
}
