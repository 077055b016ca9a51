import { gunzipSync } from 'node:zlib';
import type { TemplateSnapshot } from '../../../../shared/model/desired';
import { readAwsMachineSpec } from '../../../../activities/providers/aws/machineSpec';
import { runInstancesRequest } from '../../../../activities/providers/aws/runInstancesRequest';
import { amiNamePattern, newestImage } from '../../../../activities/providers/aws/amiLookupPattern';
import { encodeUserData } from '../../../../activities/providers/aws/userData';

const template = (spec: Record<string, unknown>, kind = 'AWSMachineTemplate'): TemplateSnapshot => ({
  apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2',
  kind,
  name: 'workers',
  spec: { instanceType: 'm5.large', ...spec },
});
const cluster = { namespace: 'ns', name: 'c1' };
const launch = { cluster, machine: 'c1-md-0-x', role: 'worker' as const, userDataBase64: 'dXNlcg==' };

describe('reading an AWSMachineTemplate', () => {
  test('the fields RunInstances needs, with CAPA’s defaults', () => {
    expect(
      readAwsMachineSpec(template({ ami: { id: 'ami-1' }, sshKeyName: '', additionalTags: { team: 'a' } })),
    ).toEqual({
      template: 'AWSMachineTemplate/workers',
      instanceType: 'm5.large',
      ami: { id: 'ami-1' },
      securityGroups: [],
      additionalTags: { team: 'a' },
      nonRootVolumes: [],
      compressUserData: true,
    });
  });

  test('no AMI id: CAPA’s image lookup, with its defaults or the template’s', () => {
    expect(readAwsMachineSpec(template({})).ami).toEqual({
      lookup: {
        format: 'capa-ami-{{.BaseOS}}-?{{.K8sVersion}}-*',
        org: '258751437250',
        baseOS: 'ubuntu-24.04',
      },
    });
    expect(
      readAwsMachineSpec(template({ imageLookupOrg: '1234', imageLookupBaseOS: 'flatcar' })).ami,
    ).toMatchObject({
      lookup: { org: '1234', baseOS: 'flatcar' },
    });
  });

  test('refuses, naming every field, what it cannot honour', () => {
    const spec = {
      networkInterfaces: ['eni-1'],
      ignition: { version: '3.4' },
      subnet: { id: 'subnet-1', filters: [{ name: 'tag:x', values: ['y'] }] },
      additionalSecurityGroups: [{ arn: 'arn:...' }],
      instanceMetadataOptions: { httpTokens: 'sometimes' },
      nonRootVolumes: [{ size: 20 }],
      cloudInit: { secureSecretsBackend: 'secrets-manager' },
    };
    expect(() => readAwsMachineSpec(template(spec))).toThrow(
      expect.objectContaining({
        type: 'InvalidSpec',
        nonRetryable: true,
        message: expect.stringMatching(
          /^AWSMachineTemplate\/workers: spec\.networkInterfaces .*; spec\.ignition .*; spec\.cloudInit secret backends .*; spec\.subnet: set exactly one of id and filters; spec\.additionalSecurityGroups\[0\]: Unrecognized key.*; spec\.instanceMetadataOptions\.httpTokens: .*; spec\.nonRootVolumes\[0\]\.deviceName is required$/,
        ),
      }),
    );
  });

  test('another kind is refused', () => {
    expect(() => readAwsMachineSpec(template({}, 'DockerMachineTemplate'))).toThrow(
      /cannot create machines from DockerMachineTemplate\/workers/,
    );
  });
});

describe('the RunInstances request', () => {
  test('exactly one instance, tagged instance and volumes, user data, subnet and groups, zone only without a subnet', () => {
    const spec = readAwsMachineSpec(
      template({
        ami: { id: 'ami-1' },
        sshKeyName: 'ops',
        iamInstanceProfile: 'nodes.cluster-api-provider-aws.sigs.k8s.io',
      }),
    );
    const req = runInstancesRequest(
      spec,
      { imageId: 'ami-1', subnetId: 'subnet-1', securityGroupIds: ['sg-1', 'sg-2'] },
      { ...launch, failureDomain: 'eu-west-1a' },
    );
    expect(req).toMatchObject({
      ImageId: 'ami-1',
      InstanceType: 'm5.large',
      MinCount: 1,
      MaxCount: 1,
      UserData: 'dXNlcg==',
      SubnetId: 'subnet-1',
      SecurityGroupIds: ['sg-1', 'sg-2'],
      KeyName: 'ops',
      IamInstanceProfile: { Name: 'nodes.cluster-api-provider-aws.sigs.k8s.io' },
    });
    expect(req).not.toHaveProperty('Placement'); // the subnet decides the zone
    expect(req).not.toHaveProperty('ClientToken'); // added per attempt by runInstance
    expect(req.TagSpecifications!.map((t) => t.ResourceType)).toEqual(['instance', 'volume']);
    expect(req.TagSpecifications![0]!.Tags).toContainEqual({ Key: 'capstan.io/machine', Value: 'c1-md-0-x' });

    const noSubnet = runInstancesRequest(
      spec,
      { imageId: 'ami-1', securityGroupIds: [] },
      { ...launch, failureDomain: 'eu-west-1a' },
    );
    expect(noSubnet.Placement).toEqual({ AvailabilityZone: 'eu-west-1a' });
    expect(noSubnet).not.toHaveProperty('SubnetId');
    expect(noSubnet).not.toHaveProperty('SecurityGroupIds');
  });

  test('publicIP moves subnet and groups onto the primary interface', () => {
    const spec = readAwsMachineSpec(template({ ami: { id: 'ami-1' }, publicIP: true }));
    const req = runInstancesRequest(
      spec,
      { imageId: 'ami-1', subnetId: 'subnet-1', securityGroupIds: ['sg-1'] },
      launch,
    );
    expect(req.NetworkInterfaces).toEqual([
      { DeviceIndex: 0, AssociatePublicIpAddress: true, SubnetId: 'subnet-1', Groups: ['sg-1'] },
    ]);
    expect(req).not.toHaveProperty('SubnetId');
    expect(req).not.toHaveProperty('SecurityGroupIds');
  });

  test('volumes, placement group, metadata options, spot and capacity reservation', () => {
    const spec = readAwsMachineSpec(
      template({
        ami: { id: 'ami-1' },
        rootVolume: { size: 80, type: 'gp3', encrypted: true },
        nonRootVolumes: [{ deviceName: '/dev/sdb', size: 100, iops: 3000 }],
        tenancy: 'dedicated',
        placementGroupName: 'pg',
        instanceMetadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 },
        spotMarketOptions: { maxPrice: '0.10' },
        capacityReservationId: 'cr-1',
      }),
    );
    const req = runInstancesRequest(
      spec,
      { imageId: 'ami-1', securityGroupIds: [], rootDeviceName: '/dev/xvda' },
      launch,
    );
    expect(req.BlockDeviceMappings).toEqual([
      {
        DeviceName: '/dev/xvda',
        Ebs: { VolumeSize: 80, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true },
      },
      { DeviceName: '/dev/sdb', Ebs: { VolumeSize: 100, Iops: 3000, DeleteOnTermination: true } },
    ]);
    expect(req.Placement).toEqual({ Tenancy: 'dedicated', GroupName: 'pg' });
    expect(req.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 });
    expect(req.InstanceMarketOptions).toEqual({ MarketType: 'spot', SpotOptions: { MaxPrice: '0.10' } });
    expect(req.CapacityReservationSpecification).toEqual({
      CapacityReservationTarget: { CapacityReservationId: 'cr-1' },
    });
  });
});

describe('AMI lookup name and user data', () => {
  test('CAPA’s Go-template name pattern, version without its v', () => {
    expect(
      amiNamePattern(
        { format: 'capa-ami-{{.BaseOS}}-?{{.K8sVersion}}-*', org: 'o', baseOS: 'ubuntu-24.04' },
        'v1.31.4',
      ),
    ).toBe('capa-ami-ubuntu-24.04-?1.31.4-*');
    expect(
      newestImage([
        { ImageId: 'a', CreationDate: '2026-01-01' },
        { ImageId: 'b', CreationDate: '2026-03-01' },
        { CreationDate: '2027-01-01' },
      ])?.ImageId,
    ).toBe('b');
  });

  test('gzipped by default and stable for the same input; raw when asked', () => {
    const data = '#cloud-config\n' + 'write_files: []\n'.repeat(200);
    const gz = encodeUserData(data, true);
    expect(gunzipSync(Buffer.from(gz.base64, 'base64')).toString()).toBe(data);
    expect(encodeUserData(data, true).base64).toBe(gz.base64);
    expect(gz.bytes).toBeLessThan(data.length / 10);
    expect(Buffer.from(encodeUserData(data, false).base64, 'base64').toString()).toBe(data);
  });
});
