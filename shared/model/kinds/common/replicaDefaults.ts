import { AUTOSCALER_MAX_SIZE_ANNOTATION, AUTOSCALER_MIN_SIZE_ANNOTATION } from './capiLabels';

/**
 * CAPI's replica defaulting for MachineDeployments and MachineSets (capi-behaviour.md §2.1): an
 * unset `replicas` is 1, unless the cluster-autoscaler node-group annotations are present, in which
 * case a new object starts at the min size. Unparseable annotations fall back to 1 (CAPI's webhook
 * rejects them; we leave that to the autoscaler integration).
 */
export function defaultReplicas(replicas: number | undefined, annotations: Record<string, string>): number {
  if (replicas !== undefined) return replicas;
  const min = annotations[AUTOSCALER_MIN_SIZE_ANNOTATION];
  const max = annotations[AUTOSCALER_MAX_SIZE_ANNOTATION];
  if (min !== undefined && max !== undefined && /^\d+$/.test(min)) return Number(min);
  return 1;
}
