import type { ResourceKey } from '../../shared/ids';
import type { DesiredCluster } from '../../shared/model/desired';
import type { ClusterDescription } from '../../shared/status/types';

/**
 * What a fleet sync needs from the cluster workflows: fresh reads through each cluster's own
 * workflow, visibility only to find candidates, and the ordinary `apply` / `delete` Updates.
 * The typed client (`scripts/client`) implements it for the CLI; the worker wires the same for
 * the continuous sync activity.
 */
export interface FleetClusters {
  /** running cluster workflows labelled with the repository (visibility: eventually consistent, candidates only) */
  listRepositoryClusters(query: string): Promise<ResourceKey[]>;
  /** whether the cluster's workflow exists and is running (a closed one still answers queries) */
  isRunning(key: ResourceKey): Promise<boolean>;
  describe(key: ResourceKey): Promise<ClusterDescription>;
  desired(key: ResourceKey): Promise<{ generation: number; desired: DesiredCluster } | undefined>;
  apply(desired: DesiredCluster): Promise<{ generation: number; changed: boolean }>;
  /** holds a change for a campaign (rollout policy Campaign) */
  stage(desired: DesiredCluster): Promise<{ outcome: 'Staged' | 'AlreadyStaged' | 'AlreadyApplied'; revision?: string }>;
  delete(key: ResourceKey, opts: { wait?: boolean }): Promise<unknown>;
}
