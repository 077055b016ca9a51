import type { ActivityDeps } from '../activities';
import { SimInfrastructureProvider, SimWorkloadCluster } from '../activities/providers/sim';
import type { ProviderName } from '../shared/model/desired';
import type { WorkerConfig } from './config';

/** Builds the activity dependencies of one provider. Real providers join here in their issue. */
export function providerDeps(provider: ProviderName, config: WorkerConfig): ActivityDeps {
  switch (provider) {
    case 'sim':
      return {
        infrastructure: new SimInfrastructureProvider(config.simUrl),
        workload: new SimWorkloadCluster(config.simUrl),
        pollIntervalMs: config.pollIntervalMs,
      };
    default:
      throw new Error(
        `provider "${provider}" is not available in this build of Capstan; set CAPSTAN_PROVIDERS to one of: sim`,
      );
  }
}
