/**
 * The persisted state of the simulated cloud: plain JSON, times as epoch milliseconds. Every
 * pending transition is stored as a due time (`provisionDueAt`, `goneDueAt`, ...) and applied
 * lazily by `advanceWorld`, so the state file alone (no timers) says what the world will become.
 */
import type {
  SimBootstrapAssessment,
  SimClusterInfraState,
  SimFailureDomain,
  SimMachineState,
} from '../../../activities/providers/sim/simApi';
import type { MachineRole, NodeCondition } from '../../../activities/providers/types';
import type { SimSettings } from '../../../activities/providers/sim/simWorkloadApi';
import type { TemplateSnapshot } from '../../../shared/model/desired';
import { normalizeSeed } from '../random';
import type { WorkloadClusterState } from './workload/workloadState';

/** 2 added the workload side of clusters (pods, etcd, faults), settings and more counters. */
export const WORLD_STATE_VERSION = 2;
export const DEFAULT_SIM_SEED = 0x5eed;

export interface WorldCounters {
  machineCreates: number;
  machineIdempotentHits: number;
  clusterInfraCreates: number;
  clusterInfraIdempotentHits: number;
  nodeRegistrations: number;
  evictions: number;
  evictionsRefused: number;
  faultsInjected: number;
  /** absent in state files written before machines could be rebooted */
  machineReboots?: number;
}

/**
 * Stacked etcd as kubeadm runs it: without quorum the API server stops answering. Control-plane
 * machines leave etcd through KCP's pre-terminate hook before they go, so quorum holds in every
 * operation Capstan performs; turn this off only to study a world that has already lost it.
 */
export const DEFAULT_SIM_SETTINGS: Readonly<SimSettings> = Object.freeze({
  quorumLossTakesApiServerDown: true,
});

export interface NodeRecord {
  name: string;
  providerID: string;
  kubeletVersion: string;
  unschedulable: boolean;
  labels: Record<string, string>;
  conditions: NodeCondition[];
  registeredAt: number;
  /** when Ready last stopped being True; unset while Ready */
  notReadySince?: number;
  /** the taint manager evicts the Pods that do not tolerate NotReady/Unreachable at this instant */
  taintEvictionDueAt?: number;
}

export interface ClusterRecord {
  namespace: string;
  name: string;
  infrastructure: TemplateSnapshot;
  labels: Record<string, string>;
  state: SimClusterInfraState;
  /** the sim's own name for the cluster's API server, or the one the spec asked for */
  controlPlaneEndpoint: { host: string; port: number };
  failureDomains: SimFailureDomain[];
  createdAt: number;
  provisionDueAt: number;
  provisionedAt?: number;
  deletionRequestedAt?: number;
  goneDueAt?: number;
  /** the machine whose `kubeadm init` registered first */
  initializedBy?: string;
  /** the workload cluster's Node objects; they live as long as the cluster's infrastructure */
  nodes: Record<string, NodeRecord>;
  /** Pods, controllers, budgets, etcd, volumes and faults of the workload cluster */
  workload: WorkloadClusterState;
  /** kubeadm bootstrap tokens issued through the API, by token id (bootstrapTokens.ts) */
  bootstrapTokens?: Record<string, { sha256: string; expiresAt: number }>;
}

export interface MachineRecord {
  namespace: string;
  cluster: string;
  name: string;
  role: MachineRole;
  version: string;
  failureDomain: string;
  infrastructure: TemplateSnapshot;
  bootstrap: SimBootstrapAssessment;
  state: SimMachineState;
  providerID: string;
  address: string;
  failureReason?: string;
  createdAt: number;
  provisionDueAt: number;
  runningAt?: number;
  /** drawn at creation: how long the kubelet takes from "running" to registering its node */
  bootAfterMs: number;
  bootDueAt?: number;
  /** an injected provisioning failure (fault failProvisioning): the reason the instance will fail with */
  injectedFailure?: string;
  deletionRequestedAt?: number;
  goneDueAt?: number;
  /** a power cycle is under way: the machine has booted again at this instant */
  rebootDueAt?: number;
  /** power cycles so far */
  reboots?: number;
  /** the idempotency key of the latest power cycle */
  lastRebootKey?: string;
}

export interface WorldState {
  version: typeof WORLD_STATE_VERSION;
  /** bumped on every change; persistence writes when it moved */
  revision: number;
  /** the latest instant whose transitions have been applied */
  advancedTo: number;
  rngState: number;
  settings: SimSettings;
  clusters: Record<string, ClusterRecord>;
  machines: Record<string, MachineRecord>;
  counters: WorldCounters;
}

export function emptyWorld(seed: number = DEFAULT_SIM_SEED): WorldState {
  return {
    version: WORLD_STATE_VERSION,
    revision: 0,
    advancedTo: 0,
    rngState: normalizeSeed(seed),
    settings: { ...DEFAULT_SIM_SETTINGS },
    clusters: {},
    machines: {},
    counters: emptyCounters(),
  };
}

export function emptyCounters(): WorldCounters {
  return {
    machineCreates: 0,
    machineIdempotentHits: 0,
    clusterInfraCreates: 0,
    clusterInfraIdempotentHits: 0,
    nodeRegistrations: 0,
    evictions: 0,
    evictionsRefused: 0,
    faultsInjected: 0,
    machineReboots: 0,
  };
}

export const clusterKey = (namespace: string, cluster: string): string => `${namespace}/${cluster}`;
export const machineKey = (namespace: string, cluster: string, machine: string): string =>
  `${namespace}/${cluster}/${machine}`;

export function machinesOfCluster(state: WorldState, namespace: string, cluster: string): MachineRecord[] {
  return Object.values(state.machines).filter((m) => m.namespace === namespace && m.cluster === cluster);
}

/** Marks the state changed, for persistence. */
export function touch(state: WorldState): void {
  state.revision += 1;
}

/**
 * Checks the shape of a loaded state file just enough to refuse a foreign or newer file. A
 * version-1 file must go through `upgradeWorldState` (world/stateUpgrade.ts) first.
 */
export function assertWorldState(value: unknown, source: string): asserts value is WorldState {
  const v = value as Partial<WorldState> | null;
  if (typeof v !== 'object' || v === null)
    throw new Error(`${source}: not a sim state (expected a JSON object)`);
  if (v.version !== WORLD_STATE_VERSION) {
    throw new Error(
      `${source}: sim state version ${String(v.version)} is not supported (expected ${WORLD_STATE_VERSION})`,
    );
  }
  for (const field of ['clusters', 'machines', 'counters', 'settings'] as const) {
    if (typeof v[field] !== 'object' || v[field] === null)
      throw new Error(`${source}: sim state lacks "${field}"`);
  }
  if (typeof v.rngState !== 'number' || typeof v.revision !== 'number' || typeof v.advancedTo !== 'number') {
    throw new Error(`${source}: sim state lacks revision/advancedTo/rngState`);
  }
}
