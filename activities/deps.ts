import type { InfrastructureProvider, WorkloadCluster } from './providers/types';
import type { SecretStore } from './secrets/secretStore';

/** Everything activities need from the outside world, wired by workers/ (DESIGN.md). */
export interface ActivityDeps {
  infrastructure: InfrastructureProvider;
  workload: WorkloadCluster;
  /** how often heartbeating waits re-check the provider, in ms */
  pollIntervalMs: number;
  /**
   * The cluster secrets (CAs, service-account keys): created and read by activities only, so
   * they never enter workflow history. Without one, machines bootstrap with kubeadm's own
   * per-machine CAs and joins skip CA verification (unit tests of unrelated activities).
   */
  secrets?: SecretStore;
  /** TTL of the bootstrap tokens of joining machines (default CABPK's 15 min) */
  bootstrapTokenTtlSeconds?: number;
}
