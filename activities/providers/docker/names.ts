/**
 * Container names and provider IDs, CAPD's way. Pure.
 */

/**
 * CAPD's machineContainerName: the machine name when it already starts with the cluster name
 * (Capstan's machine names do: `<cluster>-cp-x7k2p`), else `<cluster>-<machine>`; plus the
 * worker's name prefix.
 */
export function machineContainerName(prefix: string, cluster: string, machine: string): string {
  const base = machine.startsWith(cluster) ? machine : `${cluster}-${machine}`;
  return `${prefix}${base}`;
}

/** CAPD: the cluster's load balancer is `<cluster>-lb`. */
export function loadBalancerContainerName(prefix: string, cluster: string): string {
  return `${prefix}${cluster}-lb`;
}

/**
 * While a machine container is being filled with its bootstrap payload it has a staging name;
 * it takes its real name (an atomic rename) only once it carries the payload, so a container
 * under the machine's name is always a complete one.
 */
export function stagingContainerName(finalName: string, nonce: string): string {
  return `${finalName}-staging-${nonce}`;
}

/** CAPD's providerID: `docker:////<container name>`. */
export function dockerProviderID(containerName: string): string {
  return `docker:////${containerName}`;
}

/** Docker reports names with a leading slash (`/dev-cluster-01-lb`). */
export function bareName(name: string | undefined): string {
  return (name ?? '').replace(/^\//, '');
}
