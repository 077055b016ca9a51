/**
 * Names of the control-plane load balancer and its target group. ELBv2 names are unique per
 * account and region, at most 32 characters of letters, digits and hyphens, so the cluster's
 * name alone is not enough (clusters of the same name live in different namespaces) and may not
 * fit: a short hash of `<namespace>/<name>` goes in. Deterministic, so every attempt and every
 * worker looks up the same name before creating. Pure.
 */
import { createHash } from 'node:crypto';
import type { ResourceKey } from '../../../shared/ids';

export const ELB_NAME_MAX = 32;
const SUFFIX = 'apiserver';

export function defaultLoadBalancerName(cluster: ResourceKey): string {
  return derivedName(cluster);
}

/**
 * The target group's name is always derived from the cluster key (never from the AWSCluster's
 * spec), because the machine side registers control-plane instances and sees only the key.
 */
export function targetGroupName(cluster: ResourceKey): string {
  return derivedName(cluster);
}

function derivedName(cluster: ResourceKey): string {
  const hash = createHash('sha256').update(`${cluster.namespace}/${cluster.name}`).digest('hex').slice(0, 6);
  const room = ELB_NAME_MAX - hash.length - SUFFIX.length - 2;
  const base = cluster.name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, room)
    .replace(/^-+|-+$/g, '');
  return base ? `${base}-${hash}-${SUFFIX}` : `${hash}-${SUFFIX}`;
}

/** ELBv2's naming rule; a sentence fragment saying what is wrong, or undefined when fine. */
export function validateLoadBalancerName(name: string): string | undefined {
  if (name.length === 0 || name.length > ELB_NAME_MAX) return `must be 1 to ${ELB_NAME_MAX} characters long`;
  if (!/^[A-Za-z0-9-]+$/.test(name)) return 'may contain only letters, digits and hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  if (name.toLowerCase().startsWith('internal-')) return 'must not begin with "internal-"';
  return undefined;
}
