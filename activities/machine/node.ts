import type { ResourceKey } from '../../shared/ids';
import type { ActivityDeps } from '../deps';
import type { NodeInfo } from '../providers/types';
import { pollUntil } from '../poll';

export function nodeActivities(deps: ActivityDeps) {
  return {
    /** Waits until a Node with the machine's providerID is registered in the workload cluster. */
    async awaitNode(input: { cluster: ResourceKey; providerID: string }): Promise<NodeInfo> {
      return pollUntil(`waiting for node ${input.providerID}`, deps.pollIntervalMs, () =>
        deps.workload.getNodeByProviderID(input.cluster, input.providerID),
      );
    },

    /** Deletes the Node object; "already gone" is success. */
    async deleteNode(input: { cluster: ResourceKey; nodeName: string }): Promise<void> {
      await deps.workload.deleteNode(input.cluster, input.nodeName);
    },
  };
}
