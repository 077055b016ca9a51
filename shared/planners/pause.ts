import type { DesiredCluster } from '../model/desired';

/** CAPI's pause annotation: on any object it stops that object's reconciliation. */
export const PAUSED_ANNOTATION = 'cluster.x-k8s.io/paused';

/**
 * A cluster is paused by `spec.paused: true` or by the paused annotation (CAPI util/annotations
 * IsPaused). While paused nothing of the cluster is reconciled, deletion included (§9.1):
 * `clusterctl move` relies on it, and so does an operator freezing a cluster mid-incident.
 */
export function isClusterPaused(desired: DesiredCluster): boolean {
  return desired.paused || PAUSED_ANNOTATION in desired.annotations;
}

/** The Paused condition's message: which switches hold the cluster. */
export function pausedReason(desired: DesiredCluster): string {
  const causes = [desired.paused ? 'spec.paused is true' : '', PAUSED_ANNOTATION in desired.annotations ? `annotation ${PAUSED_ANNOTATION} is set` : '']
    .filter(Boolean)
    .join(' and ');
  return `reconciliation paused: ${causes}`;
}
