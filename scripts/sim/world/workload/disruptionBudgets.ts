/**
 * PodDisruptionBudget status as the disruption controller computes it
 * (`pkg/controller/disruption/disruption.go`), evaluated on demand from the Pods:
 *  - minAvailable as an integer: expectedPods = the matching Pods, desiredHealthy = minAvailable;
 *  - maxUnavailable, or minAvailable as a percentage: expectedPods = the scale of the Pods'
 *    controllers (only scalable ones: a DaemonSet, Job or mirror Pod makes the sync fail, and a
 *    failed sync allows no disruption), desiredHealthy = expected − ceil(maxUnavailable) or
 *    ceil(minAvailable% × expected);
 *  - currentHealthy = matching Pods that are Ready and not terminating;
 *  - disruptionsAllowed = currentHealthy − desiredHealthy, never below 0 (0 without expected Pods).
 * Computing it live is what the Eviction API's decrement achieves in Kubernetes: an accepted
 * eviction makes its Pod terminating, so the next eviction already sees one healthy Pod less.
 */
import type { ClusterRecord } from '../worldState';
import { scaledValue } from './intOrPercent';
import { isPodReady, isTerminating } from './podLifecycle';
import { objectKey, sortedValues, type PdbRecord, type PodRecord } from './workloadState';

export interface PdbStatus {
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptionsAllowed: number;
  syncFailure?: string;
}

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function podsOfBudget(cluster: ClusterRecord, pdb: PdbRecord): PodRecord[] {
  return sortedValues(cluster.workload.pods).filter(
    (p) => p.namespace === pdb.namespace && selectorMatches(pdb.selector, p.labels),
  );
}

export function budgetsOfPod(cluster: ClusterRecord, pod: PodRecord): PdbRecord[] {
  return sortedValues(cluster.workload.pdbs).filter(
    (b) => b.namespace === pod.namespace && selectorMatches(b.selector, pod.labels),
  );
}

/** `getExpectedScale`: the summed replicas of the distinct scalable controllers of the Pods. */
function expectedScale(
  cluster: ClusterRecord,
  pods: readonly PodRecord[],
): { scale: number } | { failure: string } {
  const seen = new Set<string>();
  let scale = 0;
  for (const pod of pods) {
    const workload = cluster.workload.workloads[objectKey(pod.namespace, pod.ownerName)];
    if (pod.ownerKind !== 'ReplicaSet' || workload === undefined) {
      return { failure: `found no controllers for pod "${pod.name}"` };
    }
    const key = objectKey(workload.namespace, workload.name);
    if (seen.has(key)) continue;
    seen.add(key);
    scale += workload.replicas;
  }
  return { scale };
}

export function pdbStatus(cluster: ClusterRecord, pdb: PdbRecord): PdbStatus {
  const pods = podsOfBudget(cluster, pdb);
  const currentHealthy = pods.filter((p) => !isTerminating(p) && isPodReady(cluster, p)).length;
  let expectedPods: number;
  let desiredHealthy: number;
  if (typeof pdb.minAvailable === 'number') {
    expectedPods = pods.length;
    desiredHealthy = pdb.minAvailable;
  } else {
    const expected = expectedScale(cluster, pods);
    if ('failure' in expected) {
      return {
        currentHealthy,
        desiredHealthy: 0,
        expectedPods: 0,
        disruptionsAllowed: 0,
        syncFailure: expected.failure,
      };
    }
    expectedPods = expected.scale;
    desiredHealthy =
      pdb.maxUnavailable !== undefined
        ? Math.max(0, expectedPods - scaledValue(pdb.maxUnavailable, expectedPods, true))
        : scaledValue(pdb.minAvailable ?? 0, expectedPods, true);
  }
  const disruptionsAllowed = expectedPods > 0 ? Math.max(0, currentHealthy - desiredHealthy) : 0;
  return { currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed };
}
