/**
 * The RunInstances request for one machine, from the read template and the ids resolved for it.
 * Pure: what is sent is decided here and unit-tested; runInstances.ts only sends it.
 */
import type { BlockDeviceMapping, RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import type { ResourceKey } from '../../../shared/ids';
import type { MachineRole } from '../types';
import type { AwsMachineParams, AwsVolume } from './machineSpec';
import { machineTags, toAwsTags } from './awsTags';

export interface ResolvedMachineResources {
  imageId: string;
  subnetId?: string;
  securityGroupIds: string[];
  /** the AMI's root device, needed to resize the root volume */
  rootDeviceName?: string;
}

export interface MachineLaunch {
  cluster: ResourceKey;
  machine: string;
  role: MachineRole;
  failureDomain?: string;
  userDataBase64: string;
}

/** Everything but the ClientToken, which runInstance adds (it may walk a chain of tokens). */
export type RunInstancesRequest = Omit<RunInstancesCommandInput, 'ClientToken'>;

export function runInstancesRequest(
  spec: AwsMachineParams,
  resolved: ResolvedMachineResources,
  launch: MachineLaunch,
): RunInstancesRequest {
  const tags = toAwsTags(machineTags(launch.cluster, launch.machine, launch.role, spec.additionalTags));
  const blockDevices = blockDeviceMappings(spec, resolved.rootDeviceName);
  // A public IP can only be asked for on the primary network interface, and then subnet and
  // security groups must move onto that interface too (EC2 refuses them at both levels).
  const onInterface = spec.publicIP !== undefined;
  // With an explicit subnet the subnet decides the zone; a Placement AZ that disagrees would be refused.
  const zone = resolved.subnetId === undefined ? launch.failureDomain : undefined;
  const placement = {
    ...(zone !== undefined ? { AvailabilityZone: zone } : {}),
    ...(spec.tenancy ? { Tenancy: spec.tenancy } : {}),
    ...(spec.placementGroupName ? { GroupName: spec.placementGroupName } : {}),
    ...(spec.placementGroupPartition !== undefined ? { PartitionNumber: spec.placementGroupPartition } : {}),
  };
  const m = spec.metadataOptions;
  return {
    ImageId: resolved.imageId,
    InstanceType: spec.instanceType as RunInstancesCommandInput['InstanceType'],
    // Exactly one: EC2 launches MinCount or fails; moto ignores MaxCount and launches MinCount.
    MinCount: 1,
    MaxCount: 1,
    UserData: launch.userDataBase64,
    TagSpecifications: [
      { ResourceType: 'instance', Tags: tags },
      { ResourceType: 'volume', Tags: tags },
    ],
    ...(onInterface
      ? {
          NetworkInterfaces: [
            {
              DeviceIndex: 0,
              AssociatePublicIpAddress: spec.publicIP,
              ...(resolved.subnetId ? { SubnetId: resolved.subnetId } : {}),
              ...(resolved.securityGroupIds.length > 0 ? { Groups: resolved.securityGroupIds } : {}),
            },
          ],
        }
      : {
          ...(resolved.subnetId ? { SubnetId: resolved.subnetId } : {}),
          ...(resolved.securityGroupIds.length > 0 ? { SecurityGroupIds: resolved.securityGroupIds } : {}),
        }),
    ...(Object.keys(placement).length > 0 ? { Placement: placement } : {}),
    ...(spec.sshKeyName ? { KeyName: spec.sshKeyName } : {}),
    ...(spec.iamInstanceProfile ? { IamInstanceProfile: { Name: spec.iamInstanceProfile } } : {}),
    ...(blockDevices.length > 0 ? { BlockDeviceMappings: blockDevices } : {}),
    ...(m
      ? {
          MetadataOptions: {
            ...(m.httpEndpoint ? { HttpEndpoint: m.httpEndpoint } : {}),
            ...(m.httpPutResponseHopLimit !== undefined
              ? { HttpPutResponseHopLimit: m.httpPutResponseHopLimit }
              : {}),
            ...(m.httpTokens ? { HttpTokens: m.httpTokens } : {}),
            ...(m.instanceMetadataTags ? { InstanceMetadataTags: m.instanceMetadataTags } : {}),
          },
        }
      : {}),
    ...(spec.capacityReservationId
      ? {
          CapacityReservationSpecification: {
            CapacityReservationTarget: { CapacityReservationId: spec.capacityReservationId },
          },
        }
      : {}),
    ...(spec.spot
      ? {
          InstanceMarketOptions: {
            MarketType: 'spot',
            SpotOptions: spec.spot.maxPrice ? { MaxPrice: spec.spot.maxPrice } : {},
          },
        }
      : {}),
  };
}

function blockDeviceMappings(
  spec: AwsMachineParams,
  rootDeviceName: string | undefined,
): BlockDeviceMapping[] {
  const out: BlockDeviceMapping[] = [];
  if (spec.rootVolume) {
    const name = spec.rootVolume.deviceName ?? rootDeviceName;
    if (name) out.push(ebsMapping(name, spec.rootVolume));
  }
  for (const v of spec.nonRootVolumes) if (v.deviceName) out.push(ebsMapping(v.deviceName, v));
  return out;
}

function ebsMapping(deviceName: string, v: AwsVolume): BlockDeviceMapping {
  return {
    DeviceName: deviceName,
    Ebs: {
      VolumeSize: v.size,
      DeleteOnTermination: true,
      ...(v.type ? { VolumeType: v.type as NonNullable<BlockDeviceMapping['Ebs']>['VolumeType'] } : {}),
      ...(v.iops !== undefined ? { Iops: v.iops } : {}),
      ...(v.throughput !== undefined ? { Throughput: v.throughput } : {}),
      ...(v.encrypted !== undefined ? { Encrypted: v.encrypted } : {}),
      ...(v.encryptionKey ? { KmsKeyId: v.encryptionKey } : {}),
    },
  };
}
