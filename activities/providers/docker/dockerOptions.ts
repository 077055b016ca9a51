/**
 * How a worker's Docker provider is set up (workers/config.ts reads these from the environment).
 * The defaults are CAPD's: the `kind` network, `kindest/node:<version>` machines and a
 * `kindest/haproxy` load balancer, privileged node containers.
 */
export interface DockerProviderOptions {
  /** the engine's socket (default: DOCKER_HOST's unix socket, else /var/run/docker.sock) */
  socketPath?: string;
  /** or a TCP engine (tests put a fault proxy here) */
  host?: string;
  port?: number;
  /** the network every node and load balancer joins; created when missing (CAPD: `kind`) */
  network?: string;
  /**
   * Used instead of `kindest/node:<version>` when a DockerMachineTemplate names no customImage
   * (CAPSTAN_DOCKER_NODE_IMAGE), e.g. a locally built image on a laptop without a registry.
   */
  defaultNodeImage?: string;
  /** the load balancer's image when the DockerCluster names none (CAPSTAN_DOCKER_LB_IMAGE) */
  loadBalancerImage?: string;
  /**
   * Prepended to every container name, and recorded in a label: two managements (or two test
   * runs) sharing one engine never see each other's containers. Empty by default, as in CAPD.
   */
  namePrefix?: string;
  /** CAPD runs nodes privileged; an engine that may not grant every capability needs false */
  privileged?: boolean;
  /** how often a wait re-reads the container and its bootstrap state */
  pollIntervalMs?: number;
}

export const DEFAULT_DOCKER_NETWORK = 'kind';
/** CAPD's default node image repository; the tag is the machine's Kubernetes version. */
export const KIND_NODE_IMAGE_REPOSITORY = 'kindest/node';
/** CAPD's default load balancer image (DockerCluster spec.loadBalancer.imageRepository/imageTag). */
export const KIND_HAPROXY_IMAGE = 'kindest/haproxy:v20230606-42a2262b';
export const DEFAULT_DOCKER_POLL_INTERVAL_MS = 500;

export interface ResolvedDockerOptions {
  network: string;
  defaultNodeImage?: string;
  loadBalancerImage: string;
  namePrefix: string;
  privileged: boolean;
  pollIntervalMs: number;
}

export function resolveDockerOptions(o: DockerProviderOptions): ResolvedDockerOptions {
  return {
    network: o.network || DEFAULT_DOCKER_NETWORK,
    ...(o.defaultNodeImage ? { defaultNodeImage: o.defaultNodeImage } : {}),
    loadBalancerImage: o.loadBalancerImage || KIND_HAPROXY_IMAGE,
    namePrefix: o.namePrefix ?? '',
    privileged: o.privileged ?? true,
    pollIntervalMs: o.pollIntervalMs ?? DEFAULT_DOCKER_POLL_INTERVAL_MS,
  };
}
