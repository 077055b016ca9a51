import type { InfrastructureProvider, WorkloadCluster } from './providers/types';

/** Everything activities need from the outside world, wired by workers/ (DESIGN.md). */
export interface ActivityDeps {
  infrastructure: InfrastructureProvider;
  workload: WorkloadCluster;
  /** how often heartbeating waits re-check the provider, in ms */
  pollIntervalMs: number;
}
