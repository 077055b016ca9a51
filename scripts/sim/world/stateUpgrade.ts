/**
 * Brings an older state file up to WORLD_STATE_VERSION, so a sim upgraded in place keeps its world.
 * Version 1 had no workload side: every cluster gets an empty one, and the etcd members its
 * control-plane nodes would have started (init node first). Pods appear when the world settles
 * the cluster after loading.
 */
import { joinEtcd } from './workload/etcd';
import { emptyWorkloadState } from './workload/workloadState';
import {
  DEFAULT_SIM_SETTINGS,
  WORLD_STATE_VERSION,
  emptyCounters,
  machineKey,
  type ClusterRecord,
  type WorldCounters,
  type WorldState,
} from './worldState';

type V1Cluster = Omit<ClusterRecord, 'workload'>;

export function upgradeWorldState(value: unknown): unknown {
  const v = value as { version?: unknown } | null;
  if (typeof v !== 'object' || v === null || v.version !== 1) return value;
  const old = value as Omit<WorldState, 'version' | 'settings' | 'clusters'> & {
    clusters: Record<string, V1Cluster>;
    counters: Partial<WorldCounters>;
  };
  const state: WorldState = {
    ...old,
    version: WORLD_STATE_VERSION,
    // A version-1 world ran with the API server answering through quorum loss; it keeps that.
    settings: { ...DEFAULT_SIM_SETTINGS, quorumLossTakesApiServerDown: false },
    counters: { ...emptyCounters(), ...old.counters },
    clusters: Object.fromEntries(
      Object.entries(old.clusters).map(([key, c]) => [key, { ...c, workload: emptyWorkloadState() }]),
    ),
  };
  for (const cluster of Object.values(state.clusters)) {
    const nodes = Object.values(cluster.nodes).sort(
      (a, b) =>
        Number(b.name === cluster.initializedBy) - Number(a.name === cluster.initializedBy) ||
        a.registeredAt - b.registeredAt ||
        a.name.localeCompare(b.name),
    );
    for (const node of nodes) {
      const machine = state.machines[machineKey(cluster.namespace, cluster.name, node.name)];
      if (machine?.role === 'control-plane') joinEtcd(state, cluster, machine, node.registeredAt);
    }
  }
  return state;
}
