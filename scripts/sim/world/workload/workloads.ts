/**
 * User workloads: a ReplicaSet (or a Job, with `runForMs`) of Pods plus an optional
 * PodDisruptionBudget over them. The controllers keep the Pod count: a ReplicaSet replaces every
 * Pod that is terminating or gone (`FilterActivePods`), a Job only the ones that did not succeed.
 * Replacements go through the scheduler like any new Pod (scheduling.ts).
 */
import type { SimWorkloadRequest } from '../../../../activities/providers/sim/simWorkloadApi';
import { POD_DRAIN_LABEL } from '../../../../shared/planners/drain';
import { drawLatency, type OpContext } from '../opContext';
import { SimError } from '../simError';
import type { ClusterRecord, WorldState } from '../worldState';
import { isIntOrPercent } from './intOrPercent';
import { beginTermination, createPod, isActive, isPodReady, podsOfOwner } from './podLifecycle';
import {
  objectKey,
  sortedValues,
  type PdbRecord,
  type PodRecord,
  type WorkloadRecord,
} from './workloadState';

export const DEFAULT_WORKLOAD_NAMESPACE = 'default';

function budgetOf(
  req: SimWorkloadRequest,
  namespace: string,
  selector: Record<string, string>,
): PdbRecord | undefined {
  if (!req.pdb) return undefined;
  const { minAvailable, maxUnavailable } = req.pdb;
  if ((minAvailable === undefined) === (maxUnavailable === undefined)) {
    throw SimError.invalidSpec(
      `workload ${req.name}: a budget takes exactly one of minAvailable and maxUnavailable`,
    );
  }
  const value = minAvailable ?? maxUnavailable!;
  if (!isIntOrPercent(value)) {
    throw SimError.invalidSpec(
      `workload ${req.name}: ${JSON.stringify(value)} is neither an integer >= 0 nor a percentage`,
    );
  }
  return {
    namespace,
    name: req.name,
    selector: { ...selector },
    ...(minAvailable !== undefined ? { minAvailable } : {}),
    ...(maxUnavailable !== undefined ? { maxUnavailable } : {}),
  };
}

function recordOf(req: SimWorkloadRequest, namespace: string, at: number): WorkloadRecord {
  return {
    namespace,
    name: req.name,
    kind: req.runForMs !== undefined ? 'Job' : 'ReplicaSet',
    replicas: req.replicas,
    podLabels: { ...(req.podLabels ?? { app: req.name }) },
    ...(req.drainLabel !== undefined ? { drainLabel: req.drainLabel } : {}),
    volumes: { emptyDir: req.volumes?.emptyDir ?? false, claims: [...(req.volumes?.claims ?? [])].sort() },
    ...(req.runForMs !== undefined ? { runForMs: req.runForMs } : {}),
    createdAt: at,
  };
}

/** Only replicas and the budget change on a repeated apply; the Pod template is fixed at creation. */
function templateOf(w: WorkloadRecord): string {
  return JSON.stringify([w.kind, w.podLabels, w.drainLabel ?? null, w.volumes, w.runForMs ?? null]);
}

export function applyWorkload(
  cluster: ClusterRecord,
  req: SimWorkloadRequest,
  at: number,
): { created: boolean; record: WorkloadRecord } {
  const namespace = req.namespace ?? DEFAULT_WORKLOAD_NAMESPACE;
  const key = objectKey(namespace, req.name);
  const wanted = recordOf(req, namespace, at);
  const budget = budgetOf(req, namespace, wanted.podLabels);
  const existing = cluster.workload.workloads[key];
  if (existing && templateOf(existing) !== templateOf(wanted)) {
    throw SimError.conflict(
      `workload ${key} exists with another Pod template (labels, drain label, volumes or kind); only replicas and the budget can change`,
    );
  }
  const record = existing ?? wanted;
  record.replicas = req.replicas;
  cluster.workload.workloads[key] = record;
  if (budget) cluster.workload.pdbs[key] = budget;
  else delete cluster.workload.pdbs[key];
  return { created: existing === undefined, record };
}

/** Deleting the controller cascades (the garbage collector deletes its Pods, gracefully). */
export function deleteWorkload(
  state: WorldState,
  cluster: ClusterRecord,
  namespace: string,
  name: string,
  ctx: OpContext,
): void {
  const key = objectKey(namespace, name);
  const record = cluster.workload.workloads[key];
  if (!record) return;
  delete cluster.workload.workloads[key];
  delete cluster.workload.pdbs[key];
  for (const pod of podsOfOwner(cluster, namespace, record.kind, name)) {
    beginTermination(cluster, pod, ctx.now, drawLatency(state, ctx, ctx.latencies.podTerminationMs));
  }
}

/** ReplicaSet `getPodsToDelete` ranking: unscheduled, then Pending, then not Ready, then the newest. */
function scaleDownOrder(cluster: ClusterRecord, a: PodRecord, b: PodRecord): number {
  const rank = (p: PodRecord) =>
    p.nodeName === undefined ? 0 : p.phase === 'Pending' ? 1 : isPodReady(cluster, p) ? 3 : 2;
  return rank(a) - rank(b) || b.createdAt - a.createdAt || a.name.localeCompare(b.name);
}

export function reconcileWorkloads(state: WorldState, cluster: ClusterRecord, ctx: OpContext): void {
  for (const w of sortedValues(cluster.workload.workloads)) {
    const pods = podsOfOwner(cluster, w.namespace, w.kind, w.name);
    const active = pods.filter(isActive);
    const succeeded = w.kind === 'Job' ? pods.filter((p) => p.phase === 'Succeeded').length : 0;
    const missing = w.replicas - succeeded - active.length;
    for (let i = 0; i < missing; i++) {
      const pod = createPod(
        state,
        cluster,
        {
          namespace: w.namespace,
          generateName: `${w.name}-`,
          ownerKind: w.kind,
          ownerName: w.name,
          labels: {
            ...w.podLabels,
            ...(w.drainLabel !== undefined ? { [POD_DRAIN_LABEL]: w.drainLabel } : {}),
            ...(w.kind === 'Job' ? { 'job-name': w.name } : {}),
          },
          localStorage: w.volumes.emptyDir,
          claims: w.volumes.claims,
        },
        ctx.now,
      );
      pod.startDueAt = ctx.now + drawLatency(state, ctx, ctx.latencies.rescheduleMs);
    }
    if (w.kind === 'ReplicaSet' && missing < 0) {
      const victims = [...active].sort((a, b) => scaleDownOrder(cluster, a, b)).slice(0, -missing);
      for (const pod of victims) {
        beginTermination(cluster, pod, ctx.now, drawLatency(state, ctx, ctx.latencies.podTerminationMs));
      }
    }
  }
}
