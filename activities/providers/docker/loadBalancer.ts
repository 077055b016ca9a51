/**
 * The cluster's load-balancer container (CAPD: `<cluster>-lb`, haproxy) and its configuration.
 * CAPD rewrites the configuration on every DockerMachine reconcile of a control-plane machine;
 * here on every ensure/delete of one, and on every cluster ensure. A write is skipped when the
 * container already has that configuration, and followed by SIGHUP (haproxy's master reloads).
 */
import type { ContainerInspectInfo } from 'dockerode';
import type { ResourceKey } from '../../../shared/ids';
import { dockerNotReadyYet, dockerTerminalConflict, isConflict, missingImageFailure } from './dockerFailure';
import type { DockerClusterParams } from './clusterSpec';
import { loadBalancerContainerOptions } from './containerSpec';
import { HAPROXY_CONFIG_PATH, renderHaproxyConfig } from './haproxyConfig';
import { labelMismatches, loadBalancerLabels, LOAD_BALANCER_ROLE } from './labels';
import { containerName, controlPlaneContainerNames, listOwned, type DockerContext } from './lookup';
import { loadBalancerContainerName } from './names';
import { tarArchive } from './tar';

export interface LoadBalancerState {
  running: boolean;
  /** its address on the cluster network: CAPD's controlPlaneEndpoint host */
  address?: string;
  /** the host port 6443 is published on (127.0.0.1), for a kubeconfig used off-network */
  hostPort?: number;
}

function configArchive(config: string): Buffer {
  const rel = HAPROXY_CONFIG_PATH.slice(1);
  return tarArchive([
    { path: `${rel.replace(/\/[^/]+$/, '')}/`, mode: 0o755 },
    { path: rel, mode: 0o644, content: Buffer.from(config) },
  ]);
}

export async function ensureLoadBalancer(
  ctx: DockerContext,
  cluster: ResourceKey,
  params: DockerClusterParams,
): Promise<LoadBalancerState> {
  const name = loadBalancerContainerName(ctx.namePrefix, cluster.name);
  const subject = `load balancer ${name} of cluster ${cluster.namespace}/${cluster.name}`;
  let info = await findLoadBalancer(ctx, cluster, name, subject);
  if (!info) {
    if (!(await ctx.engine.imageExists(params.loadBalancerImage, subject))) {
      throw missingImageFailure(params.loadBalancerImage, `the load balancer of ${params.template}`);
    }
    await ctx.engine.ensureNetwork(ctx.network);
    const labels = loadBalancerLabels(cluster, ctx.namePrefix);
    let id: string;
    try {
      id = await ctx.engine.createContainer(
        loadBalancerContainerOptions({
          name,
          image: params.loadBalancerImage,
          labels,
          network: ctx.network,
          kindHaproxyImage: params.kindHaproxyImage,
          configPath: HAPROXY_CONFIG_PATH,
        }),
        subject,
      );
    } catch (err) {
      // A racing ensure made it first: look again (and refuse a stranger under that name).
      if (!isConflict(err)) throw err;
      info = await findLoadBalancer(ctx, cluster, name, subject);
      if (!info)
        throw dockerNotReadyYet(`${subject}: the name is taken while no labelled container is listed`);
      id = info.Id;
    }
    if (!info) {
      const config = renderHaproxyConfig(
        (await controlPlaneContainerNames(ctx, cluster)).map((n) => ({ name: n })),
      );
      await ctx.engine.putArchive(id, configArchive(config), '/', subject);
      info = await ctx.engine.inspect(id, subject);
      if (!info) throw dockerNotReadyYet(`${subject}: created but not found`);
    }
  }
  if (!info.State.Running) await ctx.engine.start(info.Id, subject);
  await syncLoadBalancerConfig(ctx, cluster);
  const now = (await ctx.engine.inspect(info.Id, subject)) ?? info;
  const address = now.NetworkSettings.Networks[ctx.network]?.IPAddress || undefined;
  const published = now.NetworkSettings.Ports?.['6443/tcp']?.[0]?.HostPort;
  return {
    running: now.State.Running,
    ...(address ? { address } : {}),
    ...(published ? { hostPort: Number(published) } : {}),
  };
}

/** The cluster's load balancer, found by label; a stranger holding its name is a terminal conflict. */
async function findLoadBalancer(
  ctx: DockerContext,
  cluster: ResourceKey,
  name: string,
  subject: string,
): Promise<ContainerInspectInfo | undefined> {
  const found = (await listOwned(ctx, cluster, { role: LOAD_BALANCER_ROLE })).find(
    (c) => containerName(c) === name,
  );
  if (found) return ctx.engine.inspect(found.Id, subject);
  const byName = await ctx.engine.inspect(name, subject);
  if (byName) {
    const mismatch = labelMismatches(byName.Config.Labels, loadBalancerLabels(cluster, ctx.namePrefix));
    throw dockerTerminalConflict(
      `${subject}: a container named ${name} already exists and is not this cluster's load balancer ` +
        `(${mismatch.join(', ')}); remove or rename it, or give this worker another CAPSTAN_DOCKER_NAME_PREFIX`,
    );
  }
  return undefined;
}

/**
 * Rewrites the load balancer's backends to the cluster's control-plane containers and reloads
 * haproxy, unless it already has exactly that configuration. No load balancer: nothing to do.
 */
export async function syncLoadBalancerConfig(
  ctx: DockerContext,
  cluster: ResourceKey,
): Promise<string[] | undefined> {
  const name = loadBalancerContainerName(ctx.namePrefix, cluster.name);
  const subject = `load balancer ${name} of cluster ${cluster.namespace}/${cluster.name}`;
  const lb = (await listOwned(ctx, cluster, { role: LOAD_BALANCER_ROLE })).find(
    (c) => containerName(c) === name,
  );
  if (!lb || lb.State === 'removing') return undefined;
  const backends = await controlPlaneContainerNames(ctx, cluster);
  const config = renderHaproxyConfig(backends.map((n) => ({ name: n })));
  const current = await ctx.engine.readFile(lb.Id, HAPROXY_CONFIG_PATH, subject);
  if (current === config) return backends;
  await ctx.engine.putArchive(lb.Id, configArchive(config), '/', subject);
  if (lb.State === 'running') await ctx.engine.kill(lb.Id, 'SIGHUP', subject);
  return backends;
}
