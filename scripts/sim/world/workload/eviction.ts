/**
 * The Eviction API (`pods/eviction`, `pkg/registry/core/pod/storage/eviction.go`):
 *  - a Pod that is gone answers 404;
 *  - a Pod that is Pending, finished or already terminating is deleted without consulting budgets
 *    (`canIgnorePDB`);
 *  - more than one matching PodDisruptionBudget is a 500 the subresource does not support;
 *  - a Pod that is not Ready may go while the budget is already met (`IfHealthyBudget`, the
 *    default unhealthyPodEvictionPolicy) without using up a disruption;
 *  - otherwise no disruption allowed is 429 TooManyRequests, "Cannot evict pod as it would violate
 *    the pod's disruption budget.", with a DisruptionBudget cause naming the budget.
 * An accepted eviction deletes the Pod gracefully. What happens next depends on the owner, as in
 * Kubernetes: a ReplicaSet or Job replaces it elsewhere, the DaemonSet recreates it on the same
 * node (its Pods tolerate cordons), and a static Pod's mirror is recreated at once by the kubelet
 * while the static Pod itself never stops.
 */
import type { SimEvictionResult } from '../../../../activities/providers/sim/simWorkloadApi';
import { PDB_VIOLATION_MESSAGE } from '../../../../shared/planners/drain';
import { drawLatency, type OpContext } from '../opContext';
import type { ClusterRecord, WorldState } from '../worldState';
import { budgetsOfPod, pdbStatus } from './disruptionBudgets';
import { beginTermination, isFinished, isPodReady, isTerminating, podKey } from './podLifecycle';
import { objectKey, type PodRecord } from './workloadState';

export const MULTIPLE_BUDGETS_MESSAGE =
  'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

export interface EvictionAnswer {
  status: number;
  body: SimEvictionResult;
}

function canIgnoreBudgets(pod: PodRecord): boolean {
  return isTerminating(pod) || isFinished(pod) || pod.phase === 'Pending';
}

/** The refusal, if the budgets forbid evicting `pod` now. */
function budgetRefusal(cluster: ClusterRecord, pod: PodRecord): EvictionAnswer | undefined {
  if (canIgnoreBudgets(pod)) return undefined;
  const budgets = budgetsOfPod(cluster, pod);
  if (budgets.length > 1) {
    return {
      status: 500,
      body: {
        outcome: 'failed',
        code: 500,
        message: MULTIPLE_BUDGETS_MESSAGE,
        error: MULTIPLE_BUDGETS_MESSAGE,
      },
    };
  }
  const budget = budgets[0];
  if (!budget) return undefined;
  const status = pdbStatus(cluster, budget);
  const healthyEnough = status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0;
  if (!isPodReady(cluster, pod) && healthyEnough) return undefined;
  if (status.disruptionsAllowed > 0) return undefined;
  const causes = [
    {
      reason: 'DisruptionBudget',
      message: `The disruption budget ${budget.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
    },
  ];
  return {
    status: 429,
    body: {
      outcome: 'refused',
      code: 429,
      message: PDB_VIOLATION_MESSAGE,
      causes,
      // CAPI appends the causes to the message it records (drain.go, IsTooManyRequests).
      error: `${PDB_VIOLATION_MESSAGE} ${causes.map((c) => c.message).join(',')}`,
    },
  };
}

export function evictPod(
  state: WorldState,
  cluster: ClusterRecord,
  namespace: string,
  name: string,
  ctx: OpContext,
  gracePeriodSeconds?: number,
): EvictionAnswer {
  const pod = cluster.workload.pods[objectKey(namespace, name)];
  if (!pod) return { status: 404, body: { outcome: 'notFound', message: `pods "${name}" not found` } };
  const refusal = budgetRefusal(cluster, pod);
  if (refusal) {
    if (refusal.status === 429) state.counters.evictionsRefused += 1;
    return refusal;
  }
  if (pod.ownerKind === 'Node') {
    // Removing the mirror: the settle pass right after this request lets the kubelet publish it again.
    delete cluster.workload.pods[podKey(pod)];
  } else {
    const graceMs =
      gracePeriodSeconds !== undefined
        ? gracePeriodSeconds * 1000
        : drawLatency(state, ctx, ctx.latencies.podTerminationMs);
    beginTermination(cluster, pod, ctx.now, graceMs);
  }
  state.counters.evictions += 1;
  return { status: 201, body: { outcome: 'evicted', message: `pod ${namespace}/${name} evicted` } };
}
