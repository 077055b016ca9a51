/**
 * From an EC2 instance to what the machine workflow understands: state, providerID, addresses.
 * Pure, so the mapping is unit-tested without an EC2 endpoint.
 */
import type { Instance } from '@aws-sdk/client-ec2';
import type { MachineInfraState, MachineInfraStatus } from '../types';
import { oldestFirst } from './oldest';

/**
 * EC2 → Capstan. `stopped` is `failed`: nothing in Capstan stops instances, so a stopped machine
 * was stopped by someone or something else (spot interruption, the instance's own shutdown
 * command, an EC2 health event) and will not come back by waiting. CAPA marks it failed likewise.
 */
export function machineStateOf(ec2State: string | undefined): MachineInfraState {
  switch (ec2State) {
    case 'pending':
      return 'provisioning';
    case 'running':
      return 'running';
    case 'shutting-down':
    case 'stopping':
      return 'deleting';
    case 'terminated':
      return 'gone';
    case 'stopped':
      return 'failed';
    default:
      // An unknown state from a future API version: keep waiting rather than act on a guess.
      return 'pending';
  }
}

/** CAPA's form: `aws:///<availability zone>/<instance id>`. */
export function providerIdOf(instance: Instance): string | undefined {
  const az = instance.Placement?.AvailabilityZone;
  if (!instance.InstanceId || !az) return undefined;
  return `aws:///${az}/${instance.InstanceId}`;
}

/** Private addresses first (what the nodes use to reach each other), then the public one. */
export function addressesOf(instance: Instance): string[] {
  const out: string[] = [];
  const push = (a: string | undefined) => {
    if (a && !out.includes(a)) out.push(a);
  };
  push(instance.PrivateIpAddress);
  for (const ni of instance.NetworkInterfaces ?? []) {
    for (const p of ni.PrivateIpAddresses ?? []) push(p.PrivateIpAddress);
  }
  push(instance.PublicIpAddress);
  return out;
}

export function toMachineInfraStatus(instance: Instance): MachineInfraStatus {
  const state = machineStateOf(instance.State?.Name);
  const providerID = providerIdOf(instance);
  const failureDomain = instance.Placement?.AvailabilityZone;
  const status: MachineInfraStatus = {
    state,
    addresses: state === 'gone' ? [] : addressesOf(instance),
    ...(providerID !== undefined ? { providerID } : {}),
    ...(failureDomain !== undefined ? { failureDomain } : {}),
  };
  if (state === 'failed') {
    const why = instance.StateReason?.Message ?? instance.StateTransitionReason ?? 'no reason given by EC2';
    status.failureReason = `instance ${instance.InstanceId ?? '?'} is stopped: ${why}`;
  }
  return status;
}

export const GONE: MachineInfraStatus = { state: 'gone', addresses: [] };

/**
 * Of several instances carrying one machine's tags (two creates raced where EC2 did not dedupe
 * them by ClientToken), the one to keep: the oldest, ties broken by instance id. Every caller
 * that sees the same set keeps the same instance, and the globally oldest one is never
 * terminated by anyone — so once the last racing caller has looked, exactly one is left.
 */
export function selectKeeper(instances: readonly Instance[]): { keep?: Instance; extra: Instance[] } {
  const [keep, ...extra] = oldestFirst(
    instances,
    (i) => i.LaunchTime,
    (i) => i.InstanceId,
  );
  return keep ? { keep, extra } : { extra: [] };
}
