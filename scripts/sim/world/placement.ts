/**
 * Where a simulated machine lands: its failure domain and its private address. Both are derived
 * from names by hashing, so the same machine always gets the same answer (a retried create, a
 * restarted sim and a test all see one address), while different machines spread out.
 */
import { createHash } from 'node:crypto';
import type { SimFailureDomain } from '../../../activities/providers/sim/simApi';
import { SIM_API_SERVER_PORT, simControlPlaneHost } from '../../../activities/providers/sim/simApi';
import { SimError } from './simError';

export const DEFAULT_FAILURE_DOMAINS: readonly string[] = ['sim-a', 'sim-b', 'sim-c'];

function hashBytes(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** `10.x.y.z`: x is per cluster (one /16 per cluster, like a VPC), y.z per machine, z in 1..254. */
export function machineAddress(namespace: string, cluster: string, machine: string): string {
  const clusterByte = hashBytes(`${namespace}/${cluster}`)[0] ?? 0;
  const m = hashBytes(`${namespace}/${cluster}/${machine}`);
  return `10.${clusterByte}.${m[0] ?? 0}.${((m[1] ?? 0) % 254) + 1}`;
}

/**
 * Reads `spec.failureDomains` of the cluster's infrastructure leniently: a list of names, a list
 * of `{name, controlPlane}`, or CAPI's map form `{name: {controlPlane}}`. Absent or empty means
 * the sim's default three domains, all eligible for control planes.
 */
export function resolveFailureDomains(spec: Record<string, unknown>): SimFailureDomain[] {
  const raw = spec['failureDomains'];
  const domains: SimFailureDomain[] = [];
  if (raw === undefined || raw === null) {
    // default below
  } else if (Array.isArray(raw)) {
    for (const entry of raw) {
      if (typeof entry === 'string') domains.push({ name: entry, controlPlane: true });
      else if (
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as { name?: unknown }).name === 'string'
      ) {
        const e = entry as { name: string; controlPlane?: unknown };
        domains.push({ name: e.name, controlPlane: e.controlPlane !== false });
      } else {
        throw SimError.invalidSpec(
          `spec.failureDomains: entry ${JSON.stringify(entry)} is neither a name nor {name, controlPlane}`,
        );
      }
    }
  } else if (typeof raw === 'object') {
    for (const [name, attrs] of Object.entries(raw as Record<string, unknown>)) {
      const controlPlane =
        typeof attrs === 'object' && attrs !== null
          ? (attrs as { controlPlane?: unknown }).controlPlane
          : undefined;
      domains.push({ name, controlPlane: controlPlane !== false });
    }
  } else {
    throw SimError.invalidSpec('spec.failureDomains must be a list or a map of failure domains');
  }
  const names = new Set<string>();
  for (const d of domains) {
    if (d.name.length === 0) throw SimError.invalidSpec('spec.failureDomains: a failure domain needs a name');
    if (names.has(d.name)) throw SimError.invalidSpec(`spec.failureDomains: "${d.name}" is listed twice`);
    names.add(d.name);
  }
  if (domains.length === 0) return DEFAULT_FAILURE_DOMAINS.map((name) => ({ name, controlPlane: true }));
  return domains.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The requested failure domain must exist in the cluster (a real cloud has no such subnet);
 * without one, the sim places the machine the way a cloud picks a default zone: by hash.
 */
export function placeInFailureDomain(
  domains: readonly SimFailureDomain[],
  requested: string | undefined,
  controlPlane: boolean,
  machineKey: string,
): string {
  if (requested !== undefined) {
    const found = domains.find((d) => d.name === requested);
    if (!found) {
      throw SimError.invalidSpec(
        `failure domain "${requested}" does not exist in this cluster (known: ${domains.map((d) => d.name).join(', ')})`,
      );
    }
    if (controlPlane && !found.controlPlane) {
      throw SimError.invalidSpec(`failure domain "${requested}" is not eligible for control-plane machines`);
    }
    return requested;
  }
  const eligible = controlPlane ? domains.filter((d) => d.controlPlane) : [...domains];
  const pool = eligible.length > 0 ? eligible : [...domains];
  const index = (hashBytes(machineKey)[2] ?? 0) % pool.length;
  return pool[index]!.name;
}

/**
 * The control-plane endpoint: `spec.controlPlaneEndpoint` when the user set one (as CAPI
 * providers honour a user-provided endpoint; host "" / port 0 mean unset), else the sim's name
 * for the cluster, `<name>.<namespace>.sim.capstan.local:6443`.
 */
export function resolveControlPlaneEndpoint(
  namespace: string,
  cluster: string,
  spec: Record<string, unknown>,
): { host: string; port: number } {
  const fallback = { host: simControlPlaneHost(namespace, cluster), port: SIM_API_SERVER_PORT };
  const raw = spec['controlPlaneEndpoint'];
  if (raw === undefined || raw === null) return fallback;
  const { host, port } = raw as { host?: unknown; port?: unknown };
  if ((host === undefined || host === '') && (port === undefined || port === 0)) return fallback;
  if (typeof host !== 'string' || host.length === 0) {
    throw SimError.invalidSpec('spec.controlPlaneEndpoint.host must be a non-empty host name or address');
  }
  const resolvedPort = port === undefined || port === 0 ? SIM_API_SERVER_PORT : port;
  if (
    typeof resolvedPort !== 'number' ||
    !Number.isInteger(resolvedPort) ||
    resolvedPort < 1 ||
    resolvedPort > 65535
  ) {
    throw SimError.invalidSpec(
      `spec.controlPlaneEndpoint.port must be a TCP port, got ${JSON.stringify(port)}`,
    );
  }
  return { host, port: resolvedPort };
}
