import type {
  DrainPod,
  DrainState,
  EvictionAttempt,
  PodDisruptionBudgetInfo,
} from '../../../../shared/planners/drain';

export const NOW = '2026-03-01T12:00:00.000Z';

/** NOW shifted by `seconds` (negative = in the past). */
export function at(seconds: number): string {
  return new Date(Date.parse(NOW) + seconds * 1000).toISOString();
}

/** A running ReplicaSet Pod in `default`, labelled app=<name>. */
export function pod(name: string, patch: Partial<DrainPod> = {}): DrainPod {
  return {
    namespace: 'default',
    name,
    ownerKind: 'ReplicaSet',
    phase: 'Running',
    labels: { app: name },
    ...patch,
  };
}

export function pdb(
  namespace: string,
  name: string,
  app: string,
  patch: Partial<PodDisruptionBudgetInfo> = {},
): PodDisruptionBudgetInfo {
  return {
    namespace,
    name,
    selector: { matchLabels: { app } },
    minAvailable: 3,
    currentHealthy: 3,
    desiredHealthy: 3,
    expectedPods: 3,
    disruptionsAllowed: 0,
    ...patch,
  };
}

export const PDB_REFUSAL =
  "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget api needs 3 healthy pods and has 3 currently";

export function refused(
  p: DrainPod,
  firstSeconds: number,
  lastSeconds: number,
  lastError = PDB_REFUSAL,
): EvictionAttempt {
  return {
    namespace: p.namespace,
    name: p.name,
    firstAttemptAt: at(firstSeconds),
    lastAttemptAt: at(lastSeconds),
    lastError,
  };
}

/** Drain of Node m1 of Machine m1, started a minute ago; every Pod's Namespace exists. */
export function drainState(patch: Partial<DrainState> = {}): DrainState {
  const pods = patch.pods ?? [];
  const namespaceLabels: Record<string, Record<string, string>> = {};
  for (const p of pods) namespaceLabels[p.namespace] = { 'kubernetes.io/metadata.name': p.namespace };
  return {
    machine: { name: 'm1', labels: { pool: 'md-0' }, annotations: {} },
    clusterLabels: { env: 'prod' },
    nodeName: 'm1',
    nodeFound: true,
    nodeUnreachable: false,
    cordoned: true,
    pods,
    pdbs: [],
    rules: [],
    namespaceLabels,
    attempts: [],
    drainStartedAt: at(-60),
    ...patch,
  };
}

export const names = (list: readonly { namespace: string; name: string }[]): string[] =>
  list.map((p) => `${p.namespace}/${p.name}`);
