/**
 * CAPA's failure domains on AWS are availability zones: those of the cluster's subnets, every one
 * able to host control-plane machines. Pure.
 */
import type { ClusterInfraStatus } from '../types';

export function failureDomainsOf(zones: Iterable<string | undefined>): ClusterInfraStatus['failureDomains'] {
  return [...new Set([...zones].filter((z): z is string => !!z))]
    .sort()
    .map((name) => ({ name, controlPlane: true }));
}
