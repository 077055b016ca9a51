import type { Instance } from '@aws-sdk/client-ec2';
import {
  addressesOf,
  machineStateOf,
  providerIdOf,
  selectKeeper,
  toMachineInfraStatus,
} from '../../../../activities/providers/aws/instanceStatus';

const instance = (over: Partial<Instance> = {}): Instance => ({
  InstanceId: 'i-0abc',
  State: { Name: 'running', Code: 16 },
  Placement: { AvailabilityZone: 'eu-west-1b' },
  PrivateIpAddress: '10.0.1.5',
  PublicIpAddress: '54.1.2.3',
  LaunchTime: new Date('2026-11-24T10:00:00Z'),
  ...over,
});

describe('EC2 state → machine state', () => {
  test.each([
    ['pending', 'provisioning'],
    ['running', 'running'],
    ['shutting-down', 'deleting'],
    ['stopping', 'deleting'],
    ['terminated', 'gone'],
    ['stopped', 'failed'],
    ['something-new', 'pending'],
    [undefined, 'pending'],
  ])('%s → %s', (ec2, capstan) => {
    expect(machineStateOf(ec2)).toBe(capstan);
  });
});

describe('instance → MachineInfraStatus', () => {
  test('providerID in CAPA form, private addresses before the public one, zone as failure domain', () => {
    expect(
      toMachineInfraStatus(
        instance({
          NetworkInterfaces: [
            { PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.5' }, { PrivateIpAddress: '10.0.1.6' }] },
          ],
        }),
      ),
    ).toEqual({
      state: 'running',
      providerID: 'aws:///eu-west-1b/i-0abc',
      addresses: ['10.0.1.5', '10.0.1.6', '54.1.2.3'],
      failureDomain: 'eu-west-1b',
    });
  });

  test('stopped carries the reason EC2 gives', () => {
    const s = toMachineInfraStatus(
      instance({
        State: { Name: 'stopped' },
        StateReason: {
          Code: 'Client.UserInitiatedShutdown',
          Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
        },
      }),
    );
    expect(s).toMatchObject({
      state: 'failed',
      failureReason: 'instance i-0abc is stopped: Client.UserInitiatedShutdown: User initiated shutdown',
    });
  });

  test('no zone yet: no providerID rather than a malformed one; a terminated instance has no addresses', () => {
    expect(providerIdOf(instance({ Placement: {} }))).toBeUndefined();
    expect(toMachineInfraStatus(instance({ State: { Name: 'terminated' } })).addresses).toEqual([]);
    expect(addressesOf(instance({ PublicIpAddress: undefined }))).toEqual(['10.0.1.5']);
  });
});

describe('selectKeeper: one instance survives a race, the same one for every caller', () => {
  const a = instance({ InstanceId: 'i-a', LaunchTime: new Date('2026-11-24T10:00:01Z') });
  const b = instance({ InstanceId: 'i-b', LaunchTime: new Date('2026-11-24T10:00:00Z') });
  const c = instance({ InstanceId: 'i-c', LaunchTime: new Date('2026-11-24T10:00:00Z') });

  test('oldest wins; equal launch times fall back to the instance id', () => {
    const { keep, extra } = selectKeeper([a, c, b]);
    expect(keep?.InstanceId).toBe('i-b');
    expect(extra.map((i) => i.InstanceId)).toEqual(['i-c', 'i-a']);
  });

  test('every order of the same set keeps the same instance; any subset holding the oldest keeps it', () => {
    for (const order of [
      [a, b, c],
      [b, c, a],
      [c, a, b],
      [c, b, a],
    ])
      expect(selectKeeper(order).keep?.InstanceId).toBe('i-b');
    expect(selectKeeper([a, b]).keep?.InstanceId).toBe('i-b');
    expect(selectKeeper([c, b]).keep?.InstanceId).toBe('i-b');
  });

  test('nothing to keep', () => {
    expect(selectKeeper([])).toEqual({ extra: [] });
  });
});
