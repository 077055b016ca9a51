/**
 * WorkloadCluster over the simulated workload clusters' API: nodes, Pods, evictions, budgets,
 * volumes, etcd and control-plane health. The sim answers 503 while a cluster's API server is
 * down; the client turns that into a retryable ProviderUnavailable failure, so activities simply
 * let it propagate and Temporal retries them.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../../shared/errors';
import type { ResourceKey } from '../../../shared/ids';
import type {
  ApiServerHealth,
  AttachedVolume,
  ControlPlaneNodeHealth,
  EtcdMember,
  EtcdMemberRef,
  EvictionOptions,
  EvictionOutcome,
  NodeInfo,
  PodDisruptionBudgetInfo,
  PodInfo,
  PodRef,
  WorkloadCluster,
} from '../types';
import type { SimNodeView } from './simApi';
import { SimClient } from './simClient';
import {
  toControlPlaneNodeHealth,
  toEtcdMember,
  toPodDisruptionBudgetInfo,
  toPodInfo,
} from './simWorkloadConversions';

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

  async waitForNodeByProviderID(
    cluster: ResourceKey,
    providerID: string,
    waitMs: number,
  ): Promise<NodeInfo | undefined> {
    const nodes = await this.client.waitForNode(cluster, providerID, waitMs);
    const node = nodes?.[0];
    return node ? toNodeInfo(node) : undefined;
  }

  /**
   * Long-polls the versioned node list: the sim answers once any node differs from `since`
   * (conditions included), so a health check waits in one request instead of re-reading.
   */
  async waitForNodeConditionsChange(
    cluster: ResourceKey,
    since: string | undefined,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<{ nodes: NodeInfo[]; version: string }> {
    const list =
      (await this.client.watchNodes(cluster, { resourceVersion: since, waitMs: since ? waitMs : 0, signal })) ??
      missingCluster(cluster);
    return { nodes: list.items.map(toNodeInfo), version: list.resourceVersion };
  }

  /** A cluster without infrastructure has no API server to list from: a retryable NotFound. */
  async listNodes(cluster: ResourceKey): Promise<NodeInfo[]> {
    return ((await this.client.listNodes(cluster)) ?? missingCluster(cluster)).map(toNodeInfo);
  }

  async createBootstrapToken(cluster: ResourceKey, token: string, ttlSeconds: number): Promise<void> {
    await this.client.createBootstrapToken(cluster, token, ttlSeconds);
  }

  async refreshBootstrapToken(cluster: ResourceKey, tokenId: string, ttlSeconds: number): Promise<{ expiresAt: string } | undefined> {
    return this.client.refreshBootstrapToken(cluster, tokenId, ttlSeconds);
  }

  async deleteNode(cluster: ResourceKey, nodeName: string): Promise<void> {
    await this.client.deleteNode(cluster, nodeName);
  }

  async getNode(cluster: ResourceKey, nodeName: string): Promise<NodeInfo | undefined> {
    const node = await this.client.getNode(cluster, nodeName);
    return node ? toNodeInfo(node) : undefined;
  }

  async cordonNode(
    cluster: ResourceKey,
    nodeName: string,
    unschedulable: boolean,
  ): Promise<NodeInfo | undefined> {
    const node = await this.client.patchNode(cluster, nodeName, { unschedulable });
    return node ? toNodeInfo(node) : undefined;
  }

  async listPodsOnNode(cluster: ResourceKey, nodeName: string): Promise<PodInfo[]> {
    const pods = await this.client.listPods(cluster, { node: nodeName });
    return (pods ?? missingCluster(cluster)).items.map(toPodInfo);
  }

  async evictPod(cluster: ResourceKey, pod: PodRef, opts: EvictionOptions = {}): Promise<EvictionOutcome> {
    const answer = await this.client.evictPod(cluster, pod, opts);
    return answer.outcome === 'refused'
      ? { ...answer, causes: answer.causes.map((c) => ({ ...c })) }
      : { ...answer };
  }

  async listPodDisruptionBudgets(cluster: ResourceKey): Promise<PodDisruptionBudgetInfo[]> {
    const pdbs = await this.client.listPodDisruptionBudgets(cluster);
    return (pdbs ?? missingCluster(cluster)).items.map(toPodDisruptionBudgetInfo);
  }

  async listNamespaces(cluster: ResourceKey): Promise<Record<string, Record<string, string>>> {
    const namespaces = await this.client.listNamespaces(cluster);
    return Object.fromEntries(
      (namespaces ?? missingCluster(cluster)).items.map((n) => [n.name, { ...n.labels }]),
    );
  }

  async listVolumeAttachments(cluster: ResourceKey, nodeName: string): Promise<AttachedVolume[]> {
    const attached = await this.client.listVolumeAttachments(cluster, nodeName);
    return (attached?.items ?? []).map((v) => structuredClone(v));
  }

  async listEtcdMembers(cluster: ResourceKey): Promise<EtcdMember[]> {
    const members = await this.client.listEtcdMembers(cluster);
    return (members ?? missingCluster(cluster)).items.map(toEtcdMember);
  }

  removeEtcdMember(cluster: ResourceKey, memberId: string): Promise<{ removed: boolean }> {
    return this.client.removeEtcdMember(cluster, memberId);
  }

  async moveEtcdLeader(cluster: ResourceKey, to: EtcdMemberRef): Promise<EtcdMember[]> {
    const members = await this.client.moveEtcdLeader(
      cluster,
      'id' in to ? { toMemberId: to.id } : { toMemberName: to.name },
    );
    return members.map(toEtcdMember);
  }

  async controlPlaneHealth(cluster: ResourceKey): Promise<ControlPlaneNodeHealth[]> {
    const health = await this.client.controlPlaneHealth(cluster);
    return (health ?? missingCluster(cluster)).items.map(toControlPlaneNodeHealth);
  }

  async apiServerHealthy(cluster: ResourceKey): Promise<ApiServerHealth> {
    const { ready, message } = await this.client.readyz(cluster);
    return { healthy: ready, message };
  }
}

/** Reads of a cluster that does not exist: retryable, since its infrastructure may be on its way. */
function missingCluster(cluster: ResourceKey): never {
  throw ApplicationFailure.create({
    type: ErrorTypes.NotFound,
    message: `cluster ${cluster.namespace}/${cluster.name} does not exist in the simulated cloud`,
    nonRetryable: false,
  });
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
