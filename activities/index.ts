import type { ActivityDeps } from './deps';
import { clusterInfrastructureActivities } from './cluster/clusterInfrastructure';
import { machineInfrastructureActivities } from './machine/machineInfrastructure';
import { nodeActivities } from './machine/node';
import { nodeConditionActivities } from './machine/nodeConditions';
import { drainActivities } from './machine/drain';
import { controlPlaneActivities } from './machine/controlPlane';
import { rebootActivities } from './machine/reboot';
import { createCampaignActivities } from './campaign';
import { lifecycleHookActivities } from './hooks/runtimeExtensions';
import type { FleetClusters } from './gitops/fleetClusters';
import { fleetSyncActivities } from './gitops/syncFleetRepository';

export type { ActivityDeps } from './deps';

/**
 * All activities, closed over their dependencies (DESIGN.md: `createActivities(deps)`). One set is
 * registered per provider task queue (`capstan-provider-<name>`), built with that provider's deps.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...clusterInfrastructureActivities(deps),
    ...machineInfrastructureActivities(deps),
    ...nodeActivities(deps),
    ...nodeConditionActivities(deps),
    ...drainActivities(deps),
    ...controlPlaneActivities(deps),
    ...rebootActivities(deps),
  };
}

export type CapstanActivities = ReturnType<typeof createActivities>;

/**
 * Generic activities, which need no provider: registered on the workflow task queue `capstan`
 * (DESIGN.md: "workflows and generic activities") by the workflow worker. Today: the fleet
 * campaign's reads and upgrade requests, which go through Temporal (the activity context's client),
 * the Runtime SDK lifecycle hooks (HTTP calls to the user's extensions), and the continuous
 * GitOps sync, which reads a checkout the worker sees and applies through `fleetClusters`.
 */
export function createGenericActivities(deps: { fleetClusters: () => Promise<FleetClusters> }) {
  return { ...createCampaignActivities(), ...lifecycleHookActivities(), ...fleetSyncActivities(deps) };
}

export type GenericActivities = ReturnType<typeof createGenericActivities>;
export type { CampaignActivities } from './campaign';
