/**
 * Reads a DockerCluster (or DockerClusterTemplate) snapshot: the load balancer's image, a
 * user-given endpoint and the failure domains. Pure.
 */
import type { TemplateSnapshot } from '../../../shared/model/desired';
import { dockerClusterSpec } from '../../../shared/model/kinds/dockerCluster';
import { dockerInvalidSpec } from './dockerFailure';
import { KIND_HAPROXY_IMAGE } from './dockerOptions';

export const API_SERVER_PORT = 6443;

export interface DockerClusterParams {
  template: string;
  loadBalancerImage: string;
  /** the image is a kindest/haproxy one, which brings its own entrypoint and default config */
  kindHaproxyImage: boolean;
  controlPlaneEndpoint?: { host: string; port: number };
  failureDomains: Array<{ name: string; controlPlane: boolean }>;
}

export function readDockerClusterSpec(
  snapshot: TemplateSnapshot,
  workerLoadBalancerImage: string,
): DockerClusterParams {
  const template = `${snapshot.kind}/${snapshot.name}`;
  if (snapshot.kind !== 'DockerCluster' && snapshot.kind !== 'DockerClusterTemplate') {
    throw dockerInvalidSpec(
      `the docker provider cannot build cluster infrastructure from ${template}: it needs a DockerCluster`,
    );
  }
  const parsed = dockerClusterSpec.safeParse(snapshot.spec ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw dockerInvalidSpec(
      `${template} spec.${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`,
    );
  }
  const s = parsed.data;
  if (s.loadBalancer?.customHAProxyConfigTemplateRef) {
    throw dockerInvalidSpec(
      `${template}: spec.loadBalancer.customHAProxyConfigTemplateRef is not supported (Capstan has no ConfigMaps to read it from)`,
    );
  }
  const lb = s.loadBalancer;
  let loadBalancerImage = workerLoadBalancerImage;
  if (lb?.imageRepository || lb?.imageTag) {
    const [defaultRepo, defaultTag] = splitImage(KIND_HAPROXY_IMAGE);
    loadBalancerImage = `${lb.imageRepository || defaultRepo}:${lb.imageTag || defaultTag}`;
  }
  const ep = s.controlPlaneEndpoint;
  const endpointSet = ep !== undefined && ep.host !== '' && ep.host !== undefined;
  return {
    template,
    loadBalancerImage,
    kindHaproxyImage: splitImage(loadBalancerImage)[0].endsWith('kindest/haproxy'),
    ...(endpointSet ? { controlPlaneEndpoint: { host: ep.host, port: ep.port || API_SERVER_PORT } } : {}),
    failureDomains: Object.entries(s.failureDomains ?? {})
      .map(([name, d]) => ({ name, controlPlane: d.controlPlane === true }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** `repo[:tag]` → [repo, tag]; a registry port (`host:5000/x`) is not a tag. */
export function splitImage(image: string): [string, string] {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return [image.slice(0, colon), image.slice(colon + 1)];
  return [image, 'latest'];
}
