/**
 * The AWS provider's machine half against a real moto_server: create, repeat-create, the
 * create race, describe, delete, delete-when-gone — and after every test, nothing tagged left.
 */
import { gunzipSync } from 'node:zlib';
import {
  DescribeInstanceAttributeCommand,
  RunInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { AwsInfrastructureProvider } from '../../../activities/providers/aws';
import { toAwsTags, machineTags } from '../../../activities/providers/aws/awsTags';
import { startMotoServer, type MotoServer } from './motoServer';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import {
  AMI,
  BOOTSTRAP,
  CLUSTER,
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

describe('aws provider: machines on moto_server', () => {
  test('create: one tagged instance from the template, with the bootstrap data as user data', async () => {
    const status = await aws.ensureMachine(
      machineRequest('dev-cluster-01-md-0-abcde', { failureDomain: 'us-east-1b' }),
    );
    expect(status.state).toBe('running');
    expect(status.providerID).toMatch(/^aws:\/\/\/us-east-1b\/i-[0-9a-f]+$/);
    expect(status.failureDomain).toBe('us-east-1b');
    expect(status.addresses.length).toBeGreaterThanOrEqual(1);

    const [instance, ...more] = await instancesOfMachine(aws.clients, 'dev-cluster-01-md-0-abcde');
    expect(more).toEqual([]);
    expect(instance!.ImageId).toBe(AMI);
    expect(instance!.InstanceType).toBe('t3.medium');
    expect(status.providerID).toBe(`aws:///us-east-1b/${instance!.InstanceId}`);
    expect(instance!.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'Name', Value: 'dev-cluster-01-md-0-abcde' },
        { Key: 'capstan.io/cluster', Value: 'team-a/dev-cluster-01' },
        { Key: 'capstan.io/machine', Value: 'dev-cluster-01-md-0-abcde' },
        { Key: 'sigs.k8s.io/cluster-api-provider-aws/cluster/dev-cluster-01', Value: 'owned' },
        { Key: 'sigs.k8s.io/cluster-api-provider-aws/role', Value: 'node' },
      ]),
    );
    // moto stores the token it ignores: the request carried the deterministic one.
    expect(instance!.ClientToken).toMatch(/^capstan-[0-9a-f]{40}$/);
    const attr = await aws.clients.ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: instance!.InstanceId!, Attribute: 'userData' }),
    );
    // gzipped by default, as CAPA does; cloud-init unpacks it
    expect(gunzipSync(Buffer.from(attr.UserData!.Value!, 'base64')).toString('utf8')).toBe(BOOTSTRAP);

    expect(await aws.deleteMachine(CLUSTER, 'dev-cluster-01-md-0-abcde')).toBe(true);
  });

  test('repeat-create finds the instance by tag and launches no twin', async () => {
    const req = machineRequest('m-repeat');
    const first = await aws.ensureMachine(req);
    const second = await aws.ensureMachine(req);
    const third = await aws.ensureMachine({ ...req, bootstrapData: 'different data from a retried render' });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(proxy.count('RunInstances')).toBe(1);
    expect(await instancesOfMachine(aws.clients, 'm-repeat')).toHaveLength(1);
    expect(await aws.deleteMachine(CLUSTER, 'm-repeat')).toBe(true);
  });

  test('two concurrent creates of one machine converge on exactly one instance', async () => {
    // Hold both RunInstances until both callers have passed their lookup: moto ignores
    // ClientToken, so both launch; the lookup after the create must remove the twin.
    proxy.barrier('RunInstances', 2);
    const req = machineRequest('m-race', { role: 'control-plane' });
    const [a, b] = await Promise.all([aws.ensureMachine(req), aws.ensureMachine(req)]);
    expect(proxy.count('RunInstances')).toBe(2);
    const left = await instancesOfMachine(aws.clients, 'm-race');
    expect(left).toHaveLength(1);
    // Both callers kept the same (oldest) one.
    expect(a.providerID).toBe(b.providerID);
    expect(a.providerID).toContain(left[0]!.InstanceId);
    expect((await aws.describeMachine(CLUSTER, 'm-race')).providerID).toBe(a.providerID);
    expect(await aws.deleteMachine(CLUSTER, 'm-race')).toBe(true);
  });

  test('twins made behind our back: ensure keeps the oldest and terminates the rest', async () => {
    const tags = toAwsTags(machineTags(CLUSTER, 'm-twins', 'worker'));
    const launch = () =>
      aws.clients.ec2.send(
        new RunInstancesCommand({
          ImageId: AMI,
          InstanceType: 't3.small',
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications: [{ ResourceType: 'instance', Tags: tags }],
        }),
      );
    const ids = [
      (await launch()).Instances![0]!.InstanceId!,
      (await launch()).Instances![0]!.InstanceId!,
      (await launch()).Instances![0]!.InstanceId!,
    ];
    const all = await instancesOfMachine(aws.clients, 'm-twins');
    const oldest = [...all].sort(
      (x, y) =>
        new Date(x.LaunchTime!).getTime() - new Date(y.LaunchTime!).getTime() ||
        (x.InstanceId! < y.InstanceId! ? -1 : 1),
    )[0]!;
    proxy.clear(); // count only what ensureMachine sends
    const status = await aws.ensureMachine(machineRequest('m-twins'));
    expect(proxy.count('RunInstances')).toBe(0); // adopted, not launched
    expect(status.providerID).toContain(oldest.InstanceId);
    const left = await instancesOfMachine(aws.clients, 'm-twins');
    expect(left.map((i) => i.InstanceId)).toEqual([oldest.InstanceId]);
    expect(ids).toContain(oldest.InstanceId);
    expect(await aws.deleteMachine(CLUSTER, 'm-twins')).toBe(true);
  });

  test('describe maps EC2 states: running, stopped → failed with the reason, missing → gone', async () => {
    expect(await aws.describeMachine(CLUSTER, 'm-nope')).toEqual({ state: 'gone', addresses: [] });
    const created = await aws.ensureMachine(machineRequest('m-desc'));
    expect(await aws.describeMachine(CLUSTER, 'm-desc')).toEqual(created);
    const [instance] = await instancesOfMachine(aws.clients, 'm-desc');
    await aws.clients.ec2.send(new StopInstancesCommand({ InstanceIds: [instance!.InstanceId!] }));
    const stopped = await aws.describeMachine(CLUSTER, 'm-desc');
    expect(stopped.state).toBe('failed');
    expect(stopped.failureReason).toMatch(new RegExp(`instance ${instance!.InstanceId} is stopped: .+`));
    // waitForMachineState returns at once when the state is already one of those asked for
    expect((await aws.waitForMachineState(CLUSTER, 'm-desc', ['running', 'failed'], 2000)).state).toBe(
      'failed',
    );
    expect(await aws.deleteMachine(CLUSTER, 'm-desc')).toBe(true);
    expect((await aws.describeMachine(CLUSTER, 'm-desc')).state).toBe('gone');
  });

  test('a machine in another namespace with the same names is a different machine', async () => {
    const other = { namespace: 'team-b', name: CLUSTER.name };
    const mine = await aws.ensureMachine(machineRequest('m-same'));
    const theirs = await aws.ensureMachine(machineRequest('m-same', { cluster: other }));
    expect(theirs.providerID).not.toBe(mine.providerID);
    expect(await aws.deleteMachine(other, 'm-same')).toBe(true);
    expect((await aws.describeMachine(CLUSTER, 'm-same')).providerID).toBe(mine.providerID);
    expect(await aws.deleteMachine(CLUSTER, 'm-same')).toBe(true);
  });

  test('delete terminates; delete again (already gone) is success and sends no TerminateInstances', async () => {
    await aws.ensureMachine(machineRequest('m-del'));
    expect(await aws.deleteMachine(CLUSTER, 'm-del')).toBe(true);
    expect(proxy.count('TerminateInstances')).toBe(1);
    expect(await aws.deleteMachine(CLUSTER, 'm-del')).toBe(true);
    expect(await aws.deleteMachine(CLUSTER, 'never-existed')).toBe(true);
    expect(proxy.count('TerminateInstances')).toBe(1);
    expect(await instancesOfMachine(aws.clients, 'm-del')).toEqual([]);
  });

  test('AMI lookup by CAPA name pattern picks the newest matching image', async () => {
    const { RegisterImageCommand } = await import('@aws-sdk/client-ec2');
    const older = await aws.clients.ec2.send(
      new RegisterImageCommand({ Name: 'capa-ami-ubuntu-24.04-v1.31.4-1700000000' }),
    );
    await new Promise((r) => setTimeout(r, 1100)); // CreationDate has one-second resolution
    const newer = await aws.clients.ec2.send(
      new RegisterImageCommand({ Name: 'capa-ami-ubuntu-24.04-v1.31.4-1800000000' }),
    );
    await aws.clients.ec2.send(
      new RegisterImageCommand({ Name: 'capa-ami-ubuntu-24.04-v1.30.0-1900000000' }),
    );
    const req = machineRequest('m-lookup', { spec: { ami: undefined, imageLookupOrg: '123456789012' } });
    await aws.ensureMachine(req);
    const [instance] = await instancesOfMachine(aws.clients, 'm-lookup');
    expect(instance!.ImageId).toBe(newer.ImageId);
    expect(instance!.ImageId).not.toBe(older.ImageId);
    expect(await aws.deleteMachine(CLUSTER, 'm-lookup')).toBe(true);
  });
});
