/**
 * The machine half of the Docker provider: ensure, observe, wait, delete one machine's node
 * container, CAPD's way (DockerMachine reconcile): find by label, create if missing, put the
 * control plane behind the load balancer, run the bootstrap inside the container, report
 * `docker:////<name>` as providerID.
 *
 * A create is made atomic by naming: the container is created under a staging name, receives its
 * bootstrap payload, and only then takes the machine's name (rename). So a container under the
 * machine's name always carries its bootstrap; a staging leftover (a worker killed mid-create) is
 * removed by the next ensure or delete. Starting the container and starting the bootstrap runner
 * are resumed by whoever looks next (ensure or wait), so a create cut short anywhere converges.
 */
import type { MachineFacts } from '../standIn/machineFacts';
import { randomBytes } from 'node:crypto';
import type { ContainerInspectInfo } from 'dockerode';
import type { ResourceKey } from '../../../shared/ids';
import type { MachineInfraRequest, MachineInfraState, MachineInfraStatus } from '../types';
import { bootstrapPayload, RUNNER_PATH, USER_DATA_PATH } from './bootstrapPayload';
import { BOOTSTRAP_PROBE_SCRIPT, parseBootstrapProbe, type BootstrapState } from './bootstrapState';
import { nodeContainerOptions } from './containerSpec';
import { GONE, toMachineInfraStatus } from './containerStatus';
import { dockerNotReadyYet, dockerTerminalConflict, isConflict, missingImageFailure } from './dockerFailure';
import type { ResolvedDockerOptions } from './dockerOptions';
import { KIND_ROLE_LABEL, VERSION_LABEL, labelMismatches, machineLabels } from './labels';
import { syncLoadBalancerConfig } from './loadBalancer';
import { findMachineContainers, type DockerContext } from './lookup';
import { readDockerMachineSpec } from './machineSpec';
import { machineContainerName, stagingContainerName } from './names';
import { tarArchive } from './tar';

export type MachineContext = DockerContext &
  Pick<ResolvedDockerOptions, 'defaultNodeImage' | 'privileged' | 'pollIntervalMs'>;

const subjectOf = (cluster: ResourceKey, machine: string) => `machine ${cluster.namespace}/${machine}`;

export async function ensureMachineContainer(
  ctx: MachineContext,
  req: MachineInfraRequest,
): Promise<MachineInfraStatus> {
  const subject = subjectOf(req.cluster, req.machine);
  const spec = readDockerMachineSpec(req.infrastructure, req.version, ctx.defaultNodeImage);
  const name = machineContainerName(ctx.namePrefix, req.cluster.name, req.machine);
  const labels = machineLabels(req.cluster, req.machine, req.role, req.version, ctx.namePrefix);
  let { proper, staging } = await findMachineContainers(ctx, req.cluster, req.machine);
  if (!proper) {
    const stranger = await ctx.engine.inspect(name, subject);
    if (stranger) {
      throw dockerTerminalConflict(
        `${subject}: a container named ${name} already exists and is not this machine's ` +
          `(${labelMismatches(stranger.Config.Labels, labels).join(', ')}); remove or rename it, ` +
          `or give this worker another CAPSTAN_DOCKER_NAME_PREFIX`,
      );
    }
    for (const leftover of staging) await ctx.engine.remove(leftover.Id, subject);
    staging = [];
    const payload = bootstrapPayload(req.machine, req.bootstrapData); // a bad user data fails before anything is made
    if (!(await ctx.engine.imageExists(spec.image, subject))) {
      throw missingImageFailure(spec.image, `${spec.imageSource} of ${spec.template}`);
    }
    await ctx.engine.ensureNetwork(ctx.network);
    const stagingName = stagingContainerName(name, randomBytes(4).toString('hex'));
    const id = await ctx.engine.createContainer(
      nodeContainerOptions({
        name: stagingName,
        hostname: req.machine,
        image: spec.image,
        labels,
        network: ctx.network,
        privileged: ctx.privileged,
        extraMounts: spec.extraMounts,
      }),
      subject,
    );
    await ctx.engine.putArchive(id, tarArchive(payload.entries), '/', subject);
    try {
      await ctx.engine.rename(id, name, subject);
    } catch (err) {
      // A racing create took the name first: ours is the twin, and goes.
      await ctx.engine.remove(id, subject);
      if (!isConflict(err)) throw err;
    }
    proper = (await findMachineContainers(ctx, req.cluster, req.machine)).proper;
    if (!proper) throw dockerNotReadyYet(`${subject}: the created container ${name} is not listed yet`);
  }
  const info = await ctx.engine.inspect(proper.Id, subject);
  if (!info) throw dockerNotReadyYet(`${subject}: container ${name} vanished while being ensured`);
  const seenRole = info.Config.Labels?.[KIND_ROLE_LABEL];
  if (seenRole !== req.role) {
    throw dockerTerminalConflict(
      `${subject}: container ${name} exists with role ${seenRole ?? '(none)'}, not ${req.role}`,
    );
  }
  const status = await observe(ctx, req.cluster, req.machine, info, true);
  if (req.role === 'control-plane') await syncLoadBalancerConfig(ctx, req.cluster);
  return status;
}

/**
 * Reads the machine's container and bootstrap state. With `resume`, also finishes what a create
 * cut short: starts a created container, and starts the bootstrap runner when it never ran (the
 * runner itself refuses to run twice).
 */
async function observe(
  ctx: MachineContext,
  cluster: ResourceKey,
  machine: string,
  info: ContainerInspectInfo,
  resume: boolean,
): Promise<MachineInfraStatus> {
  const subject = subjectOf(cluster, machine);
  if (resume && info.State.Status === 'created') {
    await ctx.engine.start(info.Id, subject);
    info = (await ctx.engine.inspect(info.Id, subject)) ?? info;
  }
  let bootstrap: BootstrapState | undefined;
  if (info.State.Status === 'running') {
    bootstrap = await probeBootstrap(ctx, info.Id, subject);
    if (resume && bootstrap.phase === 'not-started') {
      await ctx.engine.execDetached(info.Id, ['/bin/sh', RUNNER_PATH], subject);
      bootstrap = { phase: 'running' };
    }
  }
  const stopped = ['exited', 'dead', 'restarting'].includes(info.State.Status);
  const tail = stopped ? await ctx.engine.logsTail(info.Id, 20, subject) : undefined;
  return toMachineInfraStatus(info, bootstrap, tail);
}

async function probeBootstrap(ctx: MachineContext, id: string, subject: string): Promise<BootstrapState> {
  const r = await ctx.engine.exec(id, ['/bin/sh', '-c', BOOTSTRAP_PROBE_SCRIPT], subject);
  if (r.exitCode !== 0) {
    // No shell, or the container is stopping: nothing to learn this time.
    return { phase: 'running' };
  }
  return parseBootstrapProbe(r.output);
}

async function currentStatus(
  ctx: MachineContext,
  cluster: ResourceKey,
  machine: string,
  resume: boolean,
): Promise<MachineInfraStatus> {
  const { proper } = await findMachineContainers(ctx, cluster, machine);
  if (!proper) return GONE;
  const info = await ctx.engine.inspect(proper.Id, subjectOf(cluster, machine));
  return info ? observe(ctx, cluster, machine, info, resume) : GONE;
}

export function describeMachineContainer(
  ctx: MachineContext,
  cluster: ResourceKey,
  machine: string,
): Promise<MachineInfraStatus> {
  return currentStatus(ctx, cluster, machine, false);
}

/**
 * Re-reads the container every `pollIntervalMs` until it reaches one of `states` or `waitMs`
 * passed, finishing a create that was cut short on the way (see `observe`).
 */
export async function waitForMachineContainer(
  ctx: MachineContext,
  cluster: ResourceKey,
  machine: string,
  states: readonly MachineInfraState[],
  waitMs: number,
): Promise<MachineInfraStatus> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const status = await currentStatus(ctx, cluster, machine, true);
    const left = deadline - Date.now();
    if (states.includes(status.state) || left <= 0) return status;
    await new Promise((r) => setTimeout(r, Math.min(ctx.pollIntervalMs, left)));
  }
}

/**
 * Removes every container labelled for the machine (with its /var volume), staging leftovers
 * included; takes a control plane out of the load balancer. True once none is left.
 */
export async function deleteMachineContainers(
  ctx: MachineContext,
  cluster: ResourceKey,
  machine: string,
): Promise<boolean> {
  const subject = subjectOf(cluster, machine);
  const { proper, staging } = await findMachineContainers(ctx, cluster, machine);
  const all = [...(proper ? [proper] : []), ...staging];
  if (all.length === 0) return true;
  for (const c of all) await ctx.engine.remove(c.Id, subject);
  if (all.some((c) => c.Labels[KIND_ROLE_LABEL] === 'control-plane'))
    await syncLoadBalancerConfig(ctx, cluster);
  const left = await findMachineContainers(ctx, cluster, machine);
  return !left.proper && left.staging.length === 0;
}

/** What the machine's container says about itself: role, version, address, and the user data it ran. */
export type { MachineFacts } from '../standIn/machineFacts';

export async function readMachineFacts(
  ctx: MachineContext,
  cluster: ResourceKey,
  machine: string,
): Promise<MachineFacts | undefined> {
  const subject = subjectOf(cluster, machine);
  const { proper } = await findMachineContainers(ctx, cluster, machine);
  if (!proper) return undefined;
  const info = await ctx.engine.inspect(proper.Id, subject);
  if (!info) return undefined;
  const labels = info.Config.Labels ?? {};
  const address = info.NetworkSettings.Networks[ctx.network]?.IPAddress;
  const userData = await ctx.engine.readFile(info.Id, USER_DATA_PATH, subject);
  return {
    role: labels[KIND_ROLE_LABEL] === 'control-plane' ? 'control-plane' : 'worker',
    version: labels[VERSION_LABEL] ?? '',
    ...(address ? { address } : {}),
    ...(userData !== undefined ? { userData } : {}),
  };
}
