/**
 * WorkloadCluster over the simulated cloud's node API: the nodes kubelets registered once their
 * machines booted with valid bootstrap data.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../../shared/errors';
import type { ResourceKey } from '../../../shared/ids';
import type { NodeInfo, WorkloadCluster } from '../types';
import type { SimNodeView } from './simApi';
import { SimClient } from './simClient';

export class SimWorkloadCluster implements WorkloadCluster {
  private readonly client: SimClient;

  constructor(simUrl: string | SimClient) {
    this.client = typeof simUrl === 'string' ? new SimClient(simUrl) : simUrl;
  }

  /** `undefined` until the node registers (and when the cluster does not exist at all). */
  async getNodeByProviderID(cluster: ResourceKey, providerID: string): Promise<NodeInfo | undefined> {
    const nodes = await this.client.listNodes(cluster, providerID);
    const node = nodes?.[0];
    return node ? toNodeInfo(node) : undefined;
  }

  async waitForNodeByProviderID(cluster: ResourceKey, providerID: string, waitMs: number): Promise<NodeInfo | undefined> {
    const nodes = await this.client.waitForNode(cluster, providerID, waitMs);
    const node = nodes?.[0];
    return node ? toNodeInfo(node) : undefined;
  }

  /** A cluster without infrastructure has no API server to list from: a retryable NotFound. */
  async listNodes(cluster: ResourceKey): Promise<NodeInfo[]> {
    const nodes = await this.client.listNodes(cluster);
    if (nodes === undefined) {
      throw ApplicationFailure.create({
        type: ErrorTypes.NotFound,
        message: `cluster ${cluster.namespace}/${cluster.name} does not exist in the simulated cloud`,
        nonRetryable: false,
      });
    }
    return nodes.map(toNodeInfo);
  }

  async deleteNode(cluster: ResourceKey, nodeName: string): Promise<void> {
    await this.client.deleteNode(cluster, nodeName);
  }
}

export function toNodeInfo(node: SimNodeView): NodeInfo {
  return {
    name: node.name,
    providerID: node.providerID,
    kubeletVersion: node.kubeletVersion,
    unschedulable: node.unschedulable,
    labels: { ...node.labels },
    conditions: node.conditions.map((c) => ({ ...c })),
  };
}
