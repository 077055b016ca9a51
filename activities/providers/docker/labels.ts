/**
 * Labels of the containers the Docker provider makes: CAPD's (`io.x-k8s.kind.*`, so kind and
 * CAPD tooling recognise the nodes) and Capstan's, which carry the full resource key. Every
 * lookup is by these labels (the idempotency key of a create), never by name alone. Pure.
 */
import type { ResourceKey } from '../../../shared/ids';
import type { MachineRole } from '../types';

/** CAPD/kind: the cluster a node container belongs to (its name, as kind knows no namespaces). */
export const KIND_CLUSTER_LABEL = 'io.x-k8s.kind.cluster';
/** CAPD/kind: `control-plane`, `worker` or `external-load-balancer`. */
export const KIND_ROLE_LABEL = 'io.x-k8s.kind.role';
export const LOAD_BALANCER_ROLE = 'external-load-balancer';

export const NAMESPACE_LABEL = 'capstan.io/namespace';
export const CLUSTER_LABEL = 'capstan.io/cluster';
export const MACHINE_LABEL = 'capstan.io/machine';
export const VERSION_LABEL = 'capstan.io/kubernetes-version';
/** the worker's name prefix (DockerProviderOptions.namePrefix); absent when it has none */
export const NAME_PREFIX_LABEL = 'capstan.io/name-prefix';

export type KindRole = MachineRole | typeof LOAD_BALANCER_ROLE;

export function clusterLabels(cluster: ResourceKey, prefix: string): Record<string, string> {
  return {
    [KIND_CLUSTER_LABEL]: cluster.name,
    [NAMESPACE_LABEL]: cluster.namespace,
    [CLUSTER_LABEL]: cluster.name,
    ...(prefix ? { [NAME_PREFIX_LABEL]: prefix } : {}),
  };
}

export function machineLabels(
  cluster: ResourceKey,
  machine: string,
  role: MachineRole,
  version: string,
  prefix: string,
): Record<string, string> {
  return {
    ...clusterLabels(cluster, prefix),
    [KIND_ROLE_LABEL]: role,
    [MACHINE_LABEL]: machine,
    [VERSION_LABEL]: version,
  };
}

export function loadBalancerLabels(cluster: ResourceKey, prefix: string): Record<string, string> {
  return { ...clusterLabels(cluster, prefix), [KIND_ROLE_LABEL]: LOAD_BALANCER_ROLE };
}

/** Docker's `label` filter (every entry must match). */
export function labelFilter(labels: Record<string, string>): { label: string[] } {
  return { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
}

/** The labels a lookup filters on: the cluster key, and the machine or the role when given. */
export function selectorOf(
  cluster: ResourceKey,
  opts: { machine?: string; role?: KindRole } = {},
): Record<string, string> {
  return {
    [NAMESPACE_LABEL]: cluster.namespace,
    [CLUSTER_LABEL]: cluster.name,
    ...(opts.machine !== undefined ? { [MACHINE_LABEL]: opts.machine } : {}),
    ...(opts.role !== undefined ? { [KIND_ROLE_LABEL]: opts.role } : {}),
  };
}

/**
 * Whether a container with these labels was made under this worker's name prefix: Docker cannot
 * filter on a label's absence, so the prefix is checked here after the label filter.
 */
export function madeUnderPrefix(labels: Record<string, string> | undefined, prefix: string): boolean {
  return (labels?.[NAME_PREFIX_LABEL] ?? '') === prefix;
}

/** Labels that differ between what a container carries and what was expected, for messages. */
export function labelMismatches(
  actual: Record<string, string> | undefined,
  expected: Record<string, string>,
): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(expected)) {
    const a = actual?.[k];
    if (a !== v)
      out.push(`${k}=${a === undefined ? '(absent)' : JSON.stringify(a)} (expected ${JSON.stringify(v)})`);
  }
  return out;
}
