import {
  MIRROR_POD_ANNOTATION,
  PDB_VIOLATION_MESSAGE,
  POD_DRAIN_LABEL,
  type DrainPod,
  type EvictionAttempt,
  type PodDisruptionBudgetInfo,
  type PodRef,
} from '../../../../shared/planners/drain';
import type { AppSeed, DrainScenario, PodSeed } from './scenario';

/**
 * The drained Node and the API server around it. Evictions go through `evict`, which does what
 * the Eviction API does: terminal or already terminating Pods go at once; otherwise every PDB
 * of the Pod must allow a disruption (healthy − desiredHealthy > 0) or the answer is 429. An
 * accepted eviction sets the deletionTimestamp; the Pod is gone after its grace period (never,
 * on an unreachable Node) and its controller has a replacement healthy elsewhere a while later.
 */
export const BASE_TIME = Date.parse('2026-03-01T00:00:00.000Z');
export const timeAt = (second: number): string => new Date(BASE_TIME + second * 1000).toISOString();
export const secondOf = (iso: string): number => (Date.parse(iso) - BASE_TIME) / 1000;

export interface LivePod {
  seed: PodSeed;
  app: AppSeed;
  deletionAt?: number;
}

export interface DrainWorld {
  scenario: DrainScenario;
  pods: LivePod[];
  /** replacement Pods of evicted ones, by app: the second each is healthy */
  replacements: { app: string; healthyAt: number }[];
  attempts: Map<string, EvictionAttempt>;
  /** evictions accepted so far, per app (for the report) */
  evicted: Map<string, number>;
}

export const podKey = (p: PodRef): string => `${p.namespace}/${p.name}`;
export const NAMESPACE_LABELS: Record<string, Record<string, string>> = {
  default: {},
  'team-a': { team: 'a' },
  'kube-system': {},
};

const replicated = (app: AppSeed) => app.owner !== 'none' && app.owner !== 'DaemonSet';

export function newDrainWorld(s: DrainScenario): DrainWorld {
  const apps = new Map(s.apps.map((a) => [a.name, a]));
  return {
    scenario: s,
    pods: s.pods.map((seed) => ({ seed, app: apps.get(seed.app)! })),
    replacements: [],
    attempts: new Map(),
    evicted: new Map(),
  };
}

export function ref(p: LivePod): PodRef {
  return { namespace: p.app.namespace, name: p.seed.name };
}

/**
 * Terminated Pods leave the Node; `finished` Pods (by the caller's rule: the WaitCompleted ones)
 * complete at their time and go, their controller (if any) starting a replacement elsewhere.
 */
export function advance(world: DrainWorld, second: number, finished: (p: LivePod) => boolean): void {
  world.pods = world.pods.filter((p) => {
    if (p.deletionAt !== undefined)
      return world.scenario.nodeUnreachable || second < p.deletionAt + p.seed.grace;
    if (!finished(p) || p.seed.completesAt === undefined || p.seed.completesAt > second) return true;
    if (replicated(p.app))
      world.replacements.push({ app: p.app.name, healthyAt: second + p.app.replacementDelay });
    return false;
  });
}

export function toDrainPod(p: LivePod): DrainPod {
  const { seed, app } = p;
  const labels: Record<string, string> = { app: app.name };
  if (seed.drainLabel) labels[POD_DRAIN_LABEL] = seed.drainLabel;
  return {
    namespace: app.namespace,
    name: seed.name,
    ownerKind: app.owner,
    ...(seed.ownerMissing ? { ownerMissing: true } : {}),
    ...(seed.mirror ? { mirror: true, annotations: { [MIRROR_POD_ANNOTATION]: 'x' } } : {}),
    phase: seed.phase,
    labels,
    ...(p.deletionAt !== undefined ? { deletionTimestamp: timeAt(p.deletionAt) } : {}),
    ...(seed.localStorage ? { localStorage: true } : {}),
  };
}

/** The PDB's numbers as the disruption controller would publish them now. */
export function budgetOf(
  world: DrainWorld,
  app: AppSeed,
  second: number,
): PodDisruptionBudgetInfo | undefined {
  if (!app.pdb) return undefined;
  const expected = world.scenario.pods.filter((p) => p.app === app.name).length + app.elsewhere;
  const onNode = world.pods.filter(
    (p) => p.app === app && p.deletionAt === undefined && p.seed.phase === 'Running',
  );
  const replacements = world.replacements.filter((r) => r.app === app.name && r.healthyAt <= second).length;
  const healthy = onNode.length + app.elsewhere + replacements;
  const desired = desiredHealthy(app.pdb, expected);
  return {
    namespace: app.namespace,
    name: `${app.name}-pdb`,
    selector: { matchLabels: { app: app.name } },
    ...app.pdb,
    currentHealthy: healthy,
    desiredHealthy: desired,
    expectedPods: expected,
    disruptionsAllowed: Math.max(healthy - desired, 0),
  };
}

/** minAvailable as is (percentages round up); maxUnavailable as expected − it (rounded up). */
export function desiredHealthy(pdb: NonNullable<AppSeed['pdb']>, expected: number): number {
  const scaled = (v: number | string) =>
    typeof v === 'number' ? v : Math.ceil((Number(v.replace('%', '')) * expected) / 100);
  if (pdb.minAvailable !== undefined) return scaled(pdb.minAvailable);
  return Math.max(expected - scaled(pdb.maxUnavailable ?? 0), 0);
}

/** The Eviction API. Returns the error, or undefined when the eviction was accepted. */
export function evict(world: DrainWorld, target: PodRef, second: number): string | undefined {
  const p = world.pods.find((x) => x.app.namespace === target.namespace && x.seed.name === target.name);
  if (!p) return `pods "${target.name}" not found`;
  const key = podKey(target);
  const previous = world.attempts.get(key);
  const record = (lastError?: string) =>
    world.attempts.set(key, {
      ...target,
      firstAttemptAt: previous?.firstAttemptAt ?? timeAt(second),
      lastAttemptAt: timeAt(second),
      ...(lastError !== undefined ? { lastError } : {}),
    });
  const terminal = p.seed.phase === 'Succeeded' || p.seed.phase === 'Failed';
  if (p.deletionAt === undefined && !terminal) {
    const budget = budgetOf(world, p.app, second);
    if (budget && budget.disruptionsAllowed <= 0) {
      const error = `${PDB_VIOLATION_MESSAGE} The disruption budget ${budget.name} needs ${budget.desiredHealthy} healthy pods and has ${budget.currentHealthy} currently`;
      record(error);
      return error;
    }
  }
  record();
  if (p.deletionAt === undefined) {
    p.deletionAt = second;
    world.evicted.set(p.app.name, (world.evicted.get(p.app.name) ?? 0) + 1);
    if (replicated(p.app) && !terminal)
      world.replacements.push({ app: p.app.name, healthyAt: second + p.seed.grace + p.app.replacementDelay });
  }
  return undefined;
}
