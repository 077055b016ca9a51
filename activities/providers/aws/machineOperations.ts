/**
 * The machine half of the AWS provider: ensure, describe, wait, delete one machine's instance.
 * The instance is found by its tags before anything is created; the ClientToken makes real EC2
 * dedupe a create that a crash made us repeat, and the tag lookup after the create catches the
 * twin an endpoint without ClientToken support (moto) lets a race make.
 */
import type { Instance } from '@aws-sdk/client-ec2';
import type { ResourceKey } from '../../../shared/ids';
import type { MachineInfraRequest, MachineInfraState, MachineInfraStatus } from '../types';
import type { AwsClients } from './awsClients';
import { awsInvalidSpec, awsNotVisibleYet, type AwsCallContext } from './awsFailure';
import {
  ADOPTABLE_INSTANCE_STATES,
  CAPA_ROLE_TAG,
  LIVE_INSTANCE_STATES,
  fromAwsTags,
  machineFilters,
} from './awsTags';
import { clientToken } from './clientToken';
import { deregisterControlPlaneInstance, registerControlPlaneInstance } from './controlPlaneTargets';
import { describeInstances, runInstance, terminateInstances } from './instances';
import { GONE, selectKeeper, toMachineInfraStatus } from './instanceStatus';
import { readAwsMachineSpec } from './machineSpec';
import { resolveMachineResources } from './resolveMachineResources';
import { runInstancesRequest } from './runInstancesRequest';
import { encodeUserData, USER_DATA_MAX_BYTES } from './userData';

/** How long after a launch the twin check looks again (small beside an instance's boot). */
export const TWIN_SETTLE_MS = 1000;

type Ctx = Omit<AwsCallContext, 'operation'>;

function machineCtx(cluster: ResourceKey, machine: string, template?: string): Ctx {
  return {
    subject: `machine ${cluster.namespace}/${machine}`,
    owner: 'machine',
    ...(template ? { template } : {}),
  };
}

export async function ensureMachineInstance(
  clients: AwsClients,
  req: MachineInfraRequest,
): Promise<MachineInfraStatus> {
  const spec = readAwsMachineSpec(req.infrastructure);
  const ctx = machineCtx(req.cluster, req.machine, spec.template);
  const filters = machineFilters(req.cluster, req.machine, ADOPTABLE_INSTANCE_STATES);
  let found = await describeInstances(clients.ec2, filters, ctx);
  if (found.length === 0) {
    const userData = encodeUserData(req.bootstrapData, spec.compressUserData);
    if (userData.bytes > USER_DATA_MAX_BYTES) {
      throw awsInvalidSpec(
        `${ctx.subject}: the bootstrap data is ${userData.bytes} bytes${spec.compressUserData ? ' gzipped' : ''}, over EC2's ` +
          `${USER_DATA_MAX_BYTES}-byte user-data limit${spec.compressUserData ? '' : ' (unset spec.uncompressedUserData to gzip it)'}`,
      );
    }
    const resolved = await resolveMachineResources(
      clients.ec2,
      spec,
      {
        cluster: req.cluster,
        version: req.version,
        ...(req.failureDomain ? { failureDomain: req.failureDomain } : {}),
      },
      ctx,
    );
    const input = runInstancesRequest(spec, resolved, {
      cluster: req.cluster,
      machine: req.machine,
      role: req.role,
      ...(req.failureDomain ? { failureDomain: req.failureDomain } : {}),
      userDataBase64: userData.base64,
    });
    const launched = await runInstance(
      clients.ec2,
      input,
      (g) => clientToken(req.cluster, req.machine, g),
      ctx,
    );
    // Look again: a racing attempt may have launched one too; both then keep the same (oldest).
    found = await describeInstances(clients.ec2, filters, ctx);
    if (found.length <= 1) {
      // Seeing only our own launch proves nothing: a racing attempt's instance may not be listed
      // yet (EC2 is eventually consistent), and keeping ours while it keeps its own would leave
      // two. One settle read a moment later lets both racers see both and keep the same oldest.
      await new Promise((r) => setTimeout(r, TWIN_SETTLE_MS));
      found = await describeInstances(clients.ec2, filters, ctx);
    }
    if (found.length === 0 && launched) found = [launched]; // EC2 lists new instances with a delay
  }
  const { keep, extra } = selectKeeper(found);
  if (extra.length > 0) await terminateInstances(clients.ec2, ids(extra), ctx);
  if (!keep) throw awsNotVisibleYet(`${ctx.subject}: the launched instance`);
  if (req.role === 'control-plane' && keep.State?.Name === 'running' && keep.InstanceId) {
    await registerControlPlaneInstance(clients.elb, req.cluster, keep.InstanceId, ctx);
  }
  return toMachineInfraStatus(keep);
}

/** The machine's instance: a live one over one shutting down; `gone` when there is none. */
async function currentInstance(
  clients: AwsClients,
  cluster: ResourceKey,
  machine: string,
): Promise<Instance | undefined> {
  const all = await describeInstances(
    clients.ec2,
    machineFilters(cluster, machine, LIVE_INSTANCE_STATES),
    machineCtx(cluster, machine),
  );
  const live = all.filter((i) => i.State?.Name !== 'shutting-down');
  return selectKeeper(live.length > 0 ? live : all).keep;
}

export async function describeMachineInstance(
  clients: AwsClients,
  cluster: ResourceKey,
  machine: string,
): Promise<MachineInfraStatus> {
  const instance = await currentInstance(clients, cluster, machine);
  return instance ? toMachineInfraStatus(instance) : GONE;
}

/**
 * Re-reads the instance every `pollIntervalMs` until it reaches one of `states` or `waitMs`
 * passed. A control-plane instance that reaches `running` here is registered with the load
 * balancer: on real EC2 it was still `pending` when ensureMachine returned.
 */
export async function waitForMachineInstance(
  clients: AwsClients,
  cluster: ResourceKey,
  machine: string,
  states: readonly MachineInfraState[],
  waitMs: number,
  pollIntervalMs: number,
): Promise<MachineInfraStatus> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const instance = await currentInstance(clients, cluster, machine);
    const status = instance ? toMachineInfraStatus(instance) : GONE;
    const left = deadline - Date.now();
    if (states.includes(status.state) || left <= 0) {
      if (
        instance?.InstanceId &&
        status.state === 'running' &&
        fromAwsTags(instance.Tags)[CAPA_ROLE_TAG] === 'control-plane'
      ) {
        await registerControlPlaneInstance(
          clients.elb,
          cluster,
          instance.InstanceId,
          machineCtx(cluster, machine),
        );
      }
      return status;
    }
    await new Promise((r) => setTimeout(r, Math.min(pollIntervalMs, left)));
  }
}

/** Terminates every instance of the machine; true once none is left (terminated ones do not count). */
export async function deleteMachineInstances(
  clients: AwsClients,
  cluster: ResourceKey,
  machine: string,
): Promise<boolean> {
  const ctx = machineCtx(cluster, machine);
  const filters = machineFilters(cluster, machine, LIVE_INSTANCE_STATES);
  const all = await describeInstances(clients.ec2, filters, ctx);
  if (all.length === 0) return true;
  const toTerminate = all.filter((i) => i.State?.Name !== 'shutting-down');
  for (const i of toTerminate) {
    if (i.InstanceId && fromAwsTags(i.Tags)[CAPA_ROLE_TAG] === 'control-plane') {
      await deregisterControlPlaneInstance(clients.elb, cluster, i.InstanceId, ctx);
    }
  }
  await terminateInstances(clients.ec2, ids(toTerminate), ctx);
  return (await describeInstances(clients.ec2, filters, ctx)).length === 0;
}

function ids(instances: readonly Instance[]): string[] {
  return instances.map((i) => i.InstanceId).filter((id): id is string => !!id);
}
