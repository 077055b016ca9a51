/**
 * Workflow IDs are business keys (DESIGN.md): starting the same resource twice is refused by
 * Temporal itself, and every tool (CLI, Web UI, client) can address a resource without a lookup.
 */
export interface ResourceKey {
  namespace: string;
  name: string;
}

export const clusterWorkflowId = (k: ResourceKey): string => `cluster/${k.namespace}/${k.name}`;
export const controlPlaneWorkflowId = (k: ResourceKey): string => `kcp/${k.namespace}/${k.name}`;
export const machineDeploymentWorkflowId = (k: ResourceKey): string => `md/${k.namespace}/${k.name}`;
export const machineWorkflowId = (k: ResourceKey): string => `machine/${k.namespace}/${k.name}`;
export const drainWorkflowId = (k: ResourceKey): string => `drain/${k.namespace}/${k.name}`;
export const machineHealthCheckWorkflowId = (k: ResourceKey): string => `mhc/${k.namespace}/${k.name}`;
/** A MachineHealthCheck's external remediation request, named exactly like its Machine (CAPI). */
export const externalRemediationWorkflowId = (k: ResourceKey): string => `remediation/${k.namespace}/${k.name}`;

/** Parses `cluster/<ns>/<name>` (or any `<prefix>/<ns>/<name>`) back into a key. */
export function parseWorkflowId(id: string): { prefix: string } & ResourceKey {
  const parts = id.split('/');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) {
    throw new Error(`workflow id "${id}" is not of the form <kind>/<namespace>/<name>`);
  }
  return { prefix: parts[0]!, namespace: parts[1]!, name: parts[2]! };
}

/** The continuous GitOps sync of one fleet repository (its repo id, the `capstan.io/gitops-repo` label value). */
export const fleetSyncWorkflowId = (repoId: string): string => `fleet-sync/${repoId}`;
