/**
 * Finding the provider's containers by label (never by name alone), split into the machine's
 * container proper and staging leftovers of creates that were cut short.
 */
import type { ContainerInfo } from 'dockerode';
import type { ResourceKey } from '../../../shared/ids';
import type { DockerEngine } from './dockerEngine';
import { KIND_ROLE_LABEL, MACHINE_LABEL, madeUnderPrefix, selectorOf, type KindRole } from './labels';
import { bareName, machineContainerName } from './names';

export interface DockerContext {
  engine: DockerEngine;
  network: string;
  namePrefix: string;
}

export const containerName = (c: ContainerInfo): string => bareName(c.Names[0]);

/** Every container of the cluster (or of one machine / role) made under this worker's prefix. */
export async function listOwned(
  ctx: DockerContext,
  cluster: ResourceKey,
  opts: { machine?: string; role?: KindRole } = {},
): Promise<ContainerInfo[]> {
  const subject = opts.machine
    ? `machine ${cluster.namespace}/${opts.machine}`
    : `cluster ${cluster.namespace}/${cluster.name}`;
  const all = await ctx.engine.listContainers(selectorOf(cluster, opts), subject);
  return all.filter((c) => madeUnderPrefix(c.Labels, ctx.namePrefix));
}

/** Whether a labelled container is its machine's real one (not a staging leftover). */
export function isMachineProper(ctx: DockerContext, cluster: ResourceKey, c: ContainerInfo): boolean {
  const machine = c.Labels[MACHINE_LABEL];
  return (
    machine !== undefined && containerName(c) === machineContainerName(ctx.namePrefix, cluster.name, machine)
  );
}

export async function findMachineContainers(
  ctx: DockerContext,
  cluster: ResourceKey,
  machine: string,
): Promise<{ proper?: ContainerInfo; staging: ContainerInfo[] }> {
  const found = await listOwned(ctx, cluster, { machine });
  const proper = found.find((c) => isMachineProper(ctx, cluster, c));
  return { ...(proper ? { proper } : {}), staging: found.filter((c) => c !== proper) };
}

/** The cluster's control-plane containers proper, by name, as the load balancer's backends. */
export async function controlPlaneContainerNames(
  ctx: DockerContext,
  cluster: ResourceKey,
): Promise<string[]> {
  const cps = await listOwned(ctx, cluster, { role: 'control-plane' });
  return cps
    .filter((c) => isMachineProper(ctx, cluster, c) && c.State !== 'removing' && c.State !== 'dead')
    .filter((c) => c.Labels[KIND_ROLE_LABEL] === 'control-plane')
    .map(containerName)
    .sort();
}
