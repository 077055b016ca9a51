import { ApplicationFailure } from '@temporalio/common';
import type { ResourceKey } from '../../shared/ids';
import type { TemplateSnapshot } from '../../shared/model/desired';
import { ErrorTypes } from '../../shared/errors';
import type { ActivityDeps } from '../deps';
import type { ClusterInfraStatus } from '../providers/types';
import { pollUntil } from '../poll';
import { deleteClusterCertificates } from '../bootstrap/clusterCertificates';

export interface EnsureClusterInfrastructureInput {
  cluster: ResourceKey;
  infrastructure: TemplateSnapshot;
  labels: Record<string, string>;
}

export function clusterInfrastructureActivities(deps: ActivityDeps) {
  return {
    /** Creates (or finds) the cluster's infrastructure and waits until it is provisioned. */
    async ensureClusterInfrastructure(input: EnsureClusterInfrastructureInput): Promise<ClusterInfraStatus> {
      return pollUntil(`cluster infrastructure ${input.cluster.namespace}/${input.cluster.name}`, deps.pollIntervalMs, async () => {
        const status = await deps.infrastructure.ensureClusterInfrastructure(input);
        return status.provisioned ? status : undefined;
      });
    },

    /** Deletes the cluster's infrastructure and waits until nothing is left; "already gone" is success. */
    async deleteClusterInfrastructure(input: { cluster: ResourceKey }): Promise<void> {
      await pollUntil(`deleting infrastructure of ${input.cluster.namespace}/${input.cluster.name}`, deps.pollIntervalMs, async () =>
        (await deps.infrastructure.deleteClusterInfrastructure(input.cluster)) ? true : undefined,
      );
      // the last step of a teardown: nothing of the cluster needs its CAs any more
      if (deps.secrets) await deleteClusterCertificates(deps.secrets, input.cluster);
    },
  };
}

export function invalidSpec(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.InvalidSpec, message, nonRetryable: true });
}
