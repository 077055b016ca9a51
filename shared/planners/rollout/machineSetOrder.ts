/**
 * The MachineSet orderings of mdutil (util.go). Go's sort.Sort is not stable, so where CAPI leaves
 * a tie unordered we break it by name, keeping the planner deterministic.
 */
export interface Orderable {
  name: string;
  createdAt: string;
  replicas: number;
}

function byCreatedAt(a: Orderable, b: Orderable): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt);
}

function byName(a: Orderable, b: Orderable): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** MachineSetsByCreationTimestamp: oldest first, name as tie breaker. */
export function oldestFirst<T extends Orderable>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => byCreatedAt(a, b) || byName(a, b));
}

/** sort.Reverse(MachineSetsByCreationTimestamp): newest first. */
export function newestFirst<T extends Orderable>(list: readonly T[]): T[] {
  return oldestFirst(list).reverse();
}

/** MachineSetsByDecreasingReplicas: most replicas first, then oldest, then name. */
export function mostReplicasFirst<T extends Orderable>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => b.replicas - a.replicas || byCreatedAt(a, b) || byName(a, b));
}

/** MachineSetsBySizeNewer (proportional scale-up): largest first, newer first among equals. */
export function largestNewerFirst<T extends Orderable>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => b.replicas - a.replicas || byCreatedAt(b, a) || byName(a, b));
}

/** MachineSetsBySizeOlder (proportional scale-down): largest first, older first among equals. */
export function largestOlderFirst<T extends Orderable>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => b.replicas - a.replicas || byCreatedAt(a, b) || byName(a, b));
}
