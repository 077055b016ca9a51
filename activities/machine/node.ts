import type { ResourceKey } from '../../shared/ids';
import type { ActivityDeps } from '../deps';
import type { NodeInfo } from '../providers/types';
import type { ObservedNode } from '../../shared/planners/health';
import { pollUntil } from '../poll';
import { LONG_POLL_MS } from './machineInfrastructure';

export function nodeActivities(deps: ActivityDeps) {
  return {
    /** Waits until a Node with the machine's providerID is registered in the workload cluster. */
    async awaitNode(input: { cluster: ResourceKey; providerID: string }): Promise<NodeInfo> {
      const w = deps.workload;
      return pollUntil(`waiting for node ${input.providerID}`, w.waitForNodeByProviderID ? 0 : deps.pollIntervalMs, () =>
        w.waitForNodeByProviderID
          ? w.waitForNodeByProviderID(input.cluster, input.providerID, LONG_POLL_MS)
          : w.getNodeByProviderID(input.cluster, input.providerID),
      );
    },

    /** Every Node with its conditions, as the health check reads them (only what it needs enters history). */
    async listNodeConditions(input: { cluster: ResourceKey }): Promise<ObservedNode[]> {
      const nodes = await deps.workload.listNodes(input.cluster);
      return nodes.map((n) => ({
        name: n.name,
        conditions: n.conditions.map((c) => ({ type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime })),
      }));
    },

    /** Deletes the Node object; "already gone" is success. */
    async deleteNode(input: { cluster: ResourceKey; nodeName: string }): Promise<void> {
      await deps.workload.deleteNode(input.cluster, input.nodeName);
    },
  };
}
