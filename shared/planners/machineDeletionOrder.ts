import type { MachineStatus } from '../status/types';

/** CAPI's MachineSet deletion order (machineset_deletion_order.go); see capi-behaviour.md §3. */
export type DeletePolicy = 'Random' | 'Newest' | 'Oldest';

export const DELETE_MACHINE_ANNOTATION = 'cluster.x-k8s.io/delete-machine';

export interface DeletionCandidate {
  machine: MachineStatus;
  annotations?: Record<string, string>;
}

const TEN_DAYS_SECONDS = 10 * 24 * 3600;

/**
 * Priority of deleting a machine, higher first: already deleting 100 > delete-machine annotation 80
 * > unhealthy (no node or failed) 50 > policy score. "Random" is a constant score, so ties are
 * broken by name and the result is deterministic, exactly as in CAPI.
 */
export function deletionPriority(c: DeletionCandidate, policy: DeletePolicy, now: string): number {
  const m = c.machine;
  if (m.deletionRequestedAt || m.phase === 'Deleting') return 100;
  if (c.annotations && DELETE_MACHINE_ANNOTATION in c.annotations) return 80;
  if (m.phase === 'Failed' || !m.nodeName) return 50;
  const ageSeconds = Math.max(0, (Date.parse(now) - Date.parse(m.createdAt)) / 1000);
  const oldness = 50 * (1 - Math.exp(-ageSeconds / TEN_DAYS_SECONDS));
  switch (policy) {
    case 'Oldest':
      return oldness;
    case 'Newest':
      return 50 - oldness;
    case 'Random':
      return 20;
  }
}

/** Picks `count` machines to delete, in CAPI's order. */
export function selectMachinesToDelete(
  candidates: readonly DeletionCandidate[],
  count: number,
  policy: DeletePolicy,
  now: string,
): MachineStatus[] {
  if (count <= 0) return [];
  return [...candidates]
    .map((c) => ({ c, p: deletionPriority(c, policy, now) }))
    .sort((a, b) => b.p - a.p || a.c.machine.name.localeCompare(b.c.machine.name))
    .slice(0, count)
    .map((x) => x.c.machine);
}
