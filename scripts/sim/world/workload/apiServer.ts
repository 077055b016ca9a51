/**
 * Whether a workload cluster's API server answers. It does not during an injected outage, and —
 * when the world's settings say so — while stacked etcd has lost quorum: kube-apiserver cannot
 * read or write anything then, and kubeadm clusters have no other store.
 */
import { hasReadyControlPlaneNode } from '../nodeLifecycle';
import { SimError } from '../simError';
import type { ClusterRecord, WorldState } from '../worldState';
import { describeQuorumLoss, etcdQuorum } from './etcd';
import { sortedValues, type FaultRecord } from './workloadState';

export interface ApiServerStatus {
  available: boolean;
  message: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The injected outage in force at `at`, if any (expiry is also an event; this is exact in between). */
export function activeOutage(cluster: ClusterRecord, at: number): FaultRecord | undefined {
  return sortedValues(cluster.workload.faults).find(
    (f) => f.request.kind === 'apiServerOutage' && (f.until === undefined || at < f.until),
  );
}

export function apiServerStatus(state: WorldState, cluster: ClusterRecord, at: number): ApiServerStatus {
  const name = `${cluster.namespace}/${cluster.name}`;
  const outage = activeOutage(cluster, at);
  if (outage && outage.request.kind === 'apiServerOutage') {
    const why = outage.request.message ?? 'injected outage';
    const until = outage.until !== undefined ? ` until ${iso(outage.until)}` : ' until the fault is cleared';
    return {
      available: false,
      message: `the API server of cluster ${name} is unavailable: ${why} (fault ${outage.id}${until})`,
    };
  }
  const quorum = etcdQuorum(state, cluster);
  if (!quorum.ok) {
    if (state.settings.quorumLossTakesApiServerDown) {
      return {
        available: false,
        message: `the API server of cluster ${name} is unavailable: ${describeQuorumLoss(quorum)}`,
      };
    }
    return {
      available: true,
      message: `answering although ${describeQuorumLoss(quorum)} (settings.quorumLossTakesApiServerDown is off)`,
    };
  }
  return { available: true, message: 'ok' };
}

/** Every route of the workload cluster's API calls this first: 503 while the API server is down. */
export function assertApiServerAvailable(state: WorldState, cluster: ClusterRecord, at: number): void {
  const status = apiServerStatus(state, cluster, at);
  if (!status.available) throw SimError.unavailable(status.message);
}

/** kubeadm join retries until it reaches a serving API server of an initialised cluster. */
export function joinsCanReachApiServer(state: WorldState, cluster: ClusterRecord, at: number): boolean {
  return hasReadyControlPlaneNode(cluster) && apiServerStatus(state, cluster, at).available;
}
