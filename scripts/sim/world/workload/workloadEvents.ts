/**
 * The time-driven transitions of a workload cluster, read from the due times stored on its
 * records: Pods starting, finishing (Jobs) and going away, the taint manager's evictions, volumes
 * detaching, faults recovering and chaos faults firing. The timeline merges them with the machine
 * lifecycle's transitions and applies all of them in time order.
 */
import type { OpContext } from '../opContext';
import type { ClusterRecord, WorldState } from '../worldState';
import { fireScheduledFault } from './chaos';
import { clearFault } from './faults';
import { evictForNoExecuteTaint } from './nodeConditions';
import { finishTermination, isTerminating } from './podLifecycle';
import { tryStartPod } from './scheduling';

export type WorkloadEventKind =
  | 'scheduledFault'
  | 'faultExpired'
  | 'podStarted'
  | 'podCompleted'
  | 'podTerminated'
  | 'taintEviction'
  | 'volumeDetached';

export interface WorkloadEvent {
  at: number;
  kind: WorkloadEventKind;
  /** the record's key inside the cluster */
  key: string;
}

/** Every transition the cluster has scheduled, due or not. */
export function scheduledWorkloadEvents(cluster: ClusterRecord): WorkloadEvent[] {
  const events: WorkloadEvent[] = [];
  const w = cluster.workload;
  for (const [key, sf] of Object.entries(w.scheduledFaults)) {
    if (!sf.fired) events.push({ at: sf.at, kind: 'scheduledFault', key });
  }
  for (const [key, f] of Object.entries(w.faults)) {
    if (f.until !== undefined) events.push({ at: f.until, kind: 'faultExpired', key });
  }
  for (const [key, pod] of Object.entries(w.pods)) {
    if (pod.startDueAt !== undefined) events.push({ at: pod.startDueAt, kind: 'podStarted', key });
    if (pod.completesAt !== undefined) events.push({ at: pod.completesAt, kind: 'podCompleted', key });
    if (pod.terminationDueAt !== undefined)
      events.push({ at: pod.terminationDueAt, kind: 'podTerminated', key });
  }
  for (const [key, node] of Object.entries(cluster.nodes)) {
    if (node.taintEvictionDueAt !== undefined)
      events.push({ at: node.taintEvictionDueAt, kind: 'taintEviction', key });
  }
  for (const [key, v] of Object.entries(w.volumes)) {
    if (v.detachDueAt !== undefined) events.push({ at: v.detachDueAt, kind: 'volumeDetached', key });
  }
  return events;
}

export function nextWorkloadDueTime(cluster: ClusterRecord): number {
  return scheduledWorkloadEvents(cluster).reduce((next, e) => Math.min(next, e.at), Number.POSITIVE_INFINITY);
}

/**
 * Applies one transition at `ctx.now` (its due time). An event whose record has moved on (another
 * due time, or gone) is stale and changes nothing: returns false.
 */
export function applyWorkloadEvent(
  state: WorldState,
  cluster: ClusterRecord,
  event: WorkloadEvent,
  ctx: OpContext,
): boolean {
  const w = cluster.workload;
  switch (event.kind) {
    case 'scheduledFault': {
      const sf = w.scheduledFaults[event.key];
      if (!sf || sf.fired || sf.at !== event.at) return false;
      fireScheduledFault(state, cluster, sf, ctx);
      return true;
    }
    case 'faultExpired': {
      const fault = w.faults[event.key];
      if (!fault || fault.until !== event.at) return false;
      return clearFault(state, cluster, fault.id, ctx.now);
    }
    case 'podStarted': {
      const pod = w.pods[event.key];
      if (!pod || pod.startDueAt !== event.at) return false;
      tryStartPod(state, cluster, pod, ctx.now);
      return true;
    }
    case 'podCompleted': {
      const pod = w.pods[event.key];
      if (!pod || pod.completesAt !== event.at || isTerminating(pod)) return false;
      pod.phase = 'Succeeded';
      delete pod.completesAt;
      return true;
    }
    case 'podTerminated': {
      const pod = w.pods[event.key];
      if (!pod || pod.terminationDueAt !== event.at) return false;
      finishTermination(cluster, pod);
      return true;
    }
    case 'taintEviction': {
      const node = cluster.nodes[event.key];
      if (!node || node.taintEvictionDueAt !== event.at) return false;
      evictForNoExecuteTaint(state, cluster, node, ctx);
      return true;
    }
    case 'volumeDetached': {
      const volume = w.volumes[event.key];
      if (!volume || volume.detachDueAt !== event.at) return false;
      delete w.volumes[event.key];
      if (volume.faultId !== undefined) delete w.faults[volume.faultId]; // the injected volume did its part
      return true;
    }
  }
}
