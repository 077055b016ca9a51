/**
 * The simulated cloud as one object: the world state, the clock it is read against, and the
 * latencies in force. Every operation first brings the world up to `now`, then acts, then
 * advances again (so a zero latency takes effect within the same request), and answers with views.
 * An operation that changes a workload cluster lets the cluster settle (its controllers run) before
 * it answers. It does no I/O; the HTTP server and persistence wrap it.
 */
import type {
  SimClusterInfraRequest,
  SimClusterInfraView,
  SimDeleteResult,
  SimLatencies,
  SimMachineRequest,
  SimMachineView,
  SimNodeView,
  SimStats,
  SimWorldView,
} from '../../../activities/providers/sim/simApi';
import type {
  SimChaosRequest,
  SimChaosView,
  SimControlPlaneNodeHealth,
  SimEtcdLeaderRequest,
  SimEtcdMemberView,
  SimFaultRequest,
  SimFaultView,
  SimNamespaceView,
  SimPdbView,
  SimPodView,
  SimSettings,
  SimWorkloadRequest,
  SimWorkloadView,
} from '../../../activities/providers/sim/simWorkloadApi';
import { createBootstrapToken, refreshBootstrapToken, type SimBootstrapTokenView } from './bootstrapTokens';
import type { AttachedVolume } from '../../../shared/planners/drain';
import type { Clock } from '../clock';
import { DEFAULT_SIM_LATENCIES, mergeLatencies } from '../latencies';
import { deleteClusterInfra, ensureClusterInfra, getClusterInfra } from './clusterInfra';
import { deleteMachine, ensureMachine, getMachine, listMachines } from './machines';
import { registerExternalMachine } from './externalMachines';
import type { SimExternalMachineRequest } from '../../../activities/providers/standIn/simStandInApi';
import { deleteNode, listNodes } from './nodes';
import type { OpContext } from './opContext';
import { rebootMachine } from './reboot';
import { SimError } from './simError';
import { advanceWorld, nextDueTime } from './timeline';
import { toClusterInfraView, toMachineView, toNodeView, toStats, toWorldView } from './views';
import { assertApiServerAvailable } from './workload/apiServer';
import { scheduleChaos } from './workload/chaos';
import { controlPlaneHealth } from './workload/controlPlaneHealth';
import { findMember, moveLeader, promoteMember, removeMember } from './workload/etcd';
import { evictPod, type EvictionAnswer } from './workload/eviction';
import { clearFault, injectFault } from './workload/faults';
import { settleCluster } from './workload/settle';
import { attachmentsOfNode } from './workload/volumes';
import {
  listEtcdMemberViews,
  listFaultViews,
  listNamespaceViews,
  listPodViews,
  toEtcdMemberView,
  toFaultView,
  toPdbView,
  toScheduledFaultView,
  toWorkloadView,
} from './workload/workloadViews';
import { DEFAULT_WORKLOAD_NAMESPACE, applyWorkload, deleteWorkload } from './workload/workloads';
import { objectKey, sortedValues } from './workload/workloadState';
import {
  DEFAULT_SIM_SEED,
  clusterKey,
  emptyWorld,
  machineKey,
  touch,
  type ClusterRecord,
  type NodeRecord,
  type WorldState,
} from './worldState';

export interface SimWorldOptions {
  clock: Clock;
  latencies?: Partial<SimLatencies>;
  /** seeds the PRNG of a new (or reset) world; a loaded world continues its own sequence */
  seed?: number;
  /** a world loaded from the state file */
  state?: WorldState;
  /** applied to the world's settings (a new world starts from DEFAULT_SIM_SETTINGS) */
  settings?: Partial<SimSettings>;
}

export interface Ensured<T> {
  created: boolean;
  view: T;
}

type ClusterOp<T> = (state: WorldState, cluster: ClusterRecord, ctx: OpContext) => T;

export class SimWorld {
  private state: WorldState;
  private latencies: SimLatencies;
  private readonly clock: Clock;
  private readonly seed: number;
  /** Scanning the world is O(machines); it is skipped while nothing changed and nothing is due. */
  private scannedRevision = Number.NaN;
  private nextDueAt = Number.NEGATIVE_INFINITY;

  constructor(opts: SimWorldOptions) {
    this.clock = opts.clock;
    this.seed = opts.seed ?? DEFAULT_SIM_SEED;
    this.latencies = mergeLatencies({ ...DEFAULT_SIM_LATENCIES }, opts.latencies ?? {});
    this.state = opts.state ?? emptyWorld(this.seed);
    if (opts.settings) this.state.settings = { ...this.state.settings, ...opts.settings };
    // A world from an older state file may lack the Pods its nodes run: settle where it stopped.
    for (const cluster of sortedValues(this.state.clusters)) {
      settleCluster(this.state, cluster, { now: this.state.advancedTo, latencies: this.latencies });
    }
  }

  /** Changes with every mutation (including time-driven transitions applied on a read). */
  get revision(): number {
    return this.state.revision;
  }

  /** The live state, for persistence to serialise; callers must not mutate it. */
  get currentState(): Readonly<WorldState> {
    return this.state;
  }

  // ---- cloud: cluster infrastructure and machines ----

  ensureClusterInfrastructure(
    namespace: string,
    name: string,
    req: SimClusterInfraRequest,
  ): Ensured<SimClusterInfraView> {
    return this.act((state, ctx) => {
      const { created } = ensureClusterInfra(state, ctx, namespace, name, req);
      advanceWorld(state, ctx);
      return { created, view: toClusterInfraView(getClusterInfra(state, namespace, name)) };
    });
  }

  getClusterInfrastructure(namespace: string, name: string): SimClusterInfraView {
    return this.act((state) => toClusterInfraView(getClusterInfra(state, namespace, name)));
  }

  deleteClusterInfrastructure(namespace: string, name: string): SimDeleteResult {
    return this.act((state, ctx) => {
      deleteClusterInfra(state, ctx, namespace, name);
      advanceWorld(state, ctx);
      return { state: state.clusters[clusterKey(namespace, name)] ? 'deleting' : 'gone' };
    });
  }

  ensureMachine(
    namespace: string,
    cluster: string,
    name: string,
    req: SimMachineRequest,
  ): Ensured<SimMachineView> {
    return this.act((state, ctx) => {
      const { created } = ensureMachine(state, ctx, namespace, cluster, name, req);
      advanceWorld(state, ctx);
      return { created, view: toMachineView(state, getMachine(state, namespace, cluster, name)) };
    });
  }

  /** A machine another provider made (externalMachines.ts): running at once, its node registers at once. */
  registerExternalMachine(
    namespace: string,
    cluster: string,
    name: string,
    req: SimExternalMachineRequest,
  ): Ensured<SimMachineView> {
    return this.act((state, ctx) => {
      const { created } = registerExternalMachine(state, ctx, namespace, cluster, name, req);
      advanceWorld(state, ctx);
      return { created, view: toMachineView(state, getMachine(state, namespace, cluster, name)) };
    });
  }

  getMachine(namespace: string, cluster: string, name: string): SimMachineView {
    return this.act((state) => toMachineView(state, getMachine(state, namespace, cluster, name)));
  }

  listMachines(namespace: string, cluster: string): SimMachineView[] {
    return this.act((state) => listMachines(state, namespace, cluster).map((m) => toMachineView(state, m)));
  }

  deleteMachine(namespace: string, cluster: string, name: string): SimDeleteResult {
    return this.act((state, ctx) => {
      deleteMachine(state, ctx, namespace, cluster, name);
      this.settle(state, namespace, cluster, ctx);
      advanceWorld(state, ctx);
      return { state: state.machines[machineKey(namespace, cluster, name)] ? 'deleting' : 'gone' };
    });
  }

  /**
   * Power-cycles a running machine (reboot.ts); `created` is false when `key` names the latest
   * cycle already. The node goes NotReady at once and is Ready again a boot latency later.
   */
  rebootMachine(namespace: string, cluster: string, name: string, key?: string): Ensured<SimMachineView> {
    return this.act((state, ctx) => {
      const { started, record } = rebootMachine(state, ctx, namespace, cluster, name, key);
      if (started) this.settle(state, namespace, cluster, ctx);
      advanceWorld(state, ctx);
      return { created: started, view: toMachineView(state, record) };
    });
  }

  // ---- the workload cluster's API (503 while its API server is down) ----

  listNodes(namespace: string, cluster: string, providerID?: string): SimNodeView[] {
    return this.readApi(namespace, cluster, (state) =>
      listNodes(state, namespace, cluster, providerID).map(toNodeView),
    );
  }

  getNode(namespace: string, cluster: string, node: string): SimNodeView {
    return this.readApi(namespace, cluster, (_s, c) => toNodeView(requireNode(c, node)));
  }

  deleteNode(namespace: string, cluster: string, node: string): SimDeleteResult {
    if (!this.state.clusters[clusterKey(namespace, cluster)]) return { state: 'gone' };
    return this.changeApi(namespace, cluster, (state, _c, ctx) =>
      deleteNode(state, ctx, namespace, cluster, node),
    );
  }

  /** Issues a kubeadm bootstrap token for a joining machine (the cluster's API server must answer). */
  createBootstrapToken(namespace: string, cluster: string, token: string, ttlSeconds: number): SimBootstrapTokenView {
    return this.changeApi(namespace, cluster, (_s, c, ctx) => createBootstrapToken(c, token, ttlSeconds, ctx.now));
  }

  /** Pushes a bootstrap token's expiration out to now + ttl; `undefined` when the cluster has no such token. */
  refreshBootstrapToken(namespace: string, cluster: string, id: string, ttlSeconds: number): SimBootstrapTokenView | undefined {
    return this.changeApi(namespace, cluster, (_s, c, ctx) => refreshBootstrapToken(c, id, ttlSeconds, ctx.now));
  }

  /** Cordon (true) or uncordon (false): `spec.unschedulable`. */
  setNodeUnschedulable(
    namespace: string,
    cluster: string,
    node: string,
    unschedulable: boolean,
  ): SimNodeView {
    return this.changeApi(
      namespace,
      cluster,
      (_s, c) => {
        requireNode(c, node).unschedulable = unschedulable;
      },
      (_s, c) => toNodeView(requireNode(c, node)),
    );
  }

  listVolumeAttachments(namespace: string, cluster: string, node: string): AttachedVolume[] {
    return this.readApi(namespace, cluster, (_s, c) => attachmentsOfNode(c, requireNode(c, node).name));
  }

  listPods(
    namespace: string,
    cluster: string,
    filter: { node?: string; namespace?: string } = {},
  ): SimPodView[] {
    return this.readApi(namespace, cluster, (state, c) => listPodViews(state, c, filter));
  }

  evictPod(
    namespace: string,
    cluster: string,
    podNamespace: string,
    pod: string,
    gracePeriodSeconds?: number,
  ): EvictionAnswer {
    return this.changeApi(namespace, cluster, (state, c, ctx) =>
      evictPod(state, c, podNamespace, pod, ctx, gracePeriodSeconds),
    );
  }

  listPodDisruptionBudgets(namespace: string, cluster: string): SimPdbView[] {
    return this.readApi(namespace, cluster, (_s, c) =>
      sortedValues(c.workload.pdbs).map((b) => toPdbView(c, b)),
    );
  }

  listNamespaces(namespace: string, cluster: string): SimNamespaceView[] {
    return this.readApi(namespace, cluster, (_s, c) => listNamespaceViews(c));
  }

  listWorkloads(namespace: string, cluster: string): SimWorkloadView[] {
    return this.readApi(namespace, cluster, (state, c) =>
      sortedValues(c.workload.workloads).map((w) => toWorkloadView(state, c, w)),
    );
  }

  applyWorkload(namespace: string, cluster: string, req: SimWorkloadRequest): Ensured<SimWorkloadView> {
    let created = false;
    const view = this.changeApi(
      namespace,
      cluster,
      (_s, c, ctx) => {
        created = applyWorkload(c, req, ctx.now).created;
      },
      (state, c) =>
        toWorkloadView(
          state,
          c,
          c.workload.workloads[objectKey(req.namespace ?? DEFAULT_WORKLOAD_NAMESPACE, req.name)]!,
        ),
    );
    return { created, view };
  }

  deleteWorkload(
    namespace: string,
    cluster: string,
    workloadNamespace: string,
    name: string,
  ): SimDeleteResult {
    return this.changeApi(namespace, cluster, (state, c, ctx) => {
      deleteWorkload(state, c, workloadNamespace, name, ctx);
      return { state: 'gone' as const };
    });
  }

  listEtcdMembers(namespace: string, cluster: string): SimEtcdMemberView[] {
    return this.readApi(namespace, cluster, (state, c) => listEtcdMemberViews(state, c));
  }

  removeEtcdMember(namespace: string, cluster: string, id: string): { removed: true } {
    return this.changeApi(namespace, cluster, (state, c) => {
      removeMember(state, c, id);
      return { removed: true as const };
    });
  }

  promoteEtcdMember(namespace: string, cluster: string, id: string): SimEtcdMemberView {
    return this.changeApi(
      namespace,
      cluster,
      (state, c) => promoteMember(state, c, requireMember(c, id)),
      (state, c) => toEtcdMemberView(state, c, requireMember(c, id)),
    );
  }

  moveEtcdLeader(namespace: string, cluster: string, req: SimEtcdLeaderRequest): SimEtcdMemberView[] {
    return this.changeApi(
      namespace,
      cluster,
      (state, c) => moveLeader(state, c, requireMember(c, req.toMemberId ?? req.toMemberName ?? '')),
      (state, c) => listEtcdMemberViews(state, c),
    );
  }

  controlPlaneHealth(namespace: string, cluster: string): SimControlPlaneNodeHealth[] {
    return this.readApi(namespace, cluster, (state, c) => controlPlaneHealth(state, c));
  }

  /** `/readyz`: answers only while the API server is available (throws 503 otherwise). */
  readyz(namespace: string, cluster: string): { ready: true } {
    return this.readApi(namespace, cluster, () => ({ ready: true as const }));
  }

  // ---- the sim's own controls: faults, chaos, settings (they answer during outages) ----

  listFaults(namespace: string, cluster: string): SimFaultView[] {
    return this.act((state) => listFaultViews(requireCluster(state, namespace, cluster)));
  }

  injectFault(namespace: string, cluster: string, req: SimFaultRequest): SimFaultView {
    return this.act((state, ctx) => {
      const c = requireCluster(state, namespace, cluster);
      const fault = injectFault(state, c, req, ctx);
      touch(state);
      this.settle(state, namespace, cluster, ctx);
      advanceWorld(state, ctx);
      // A counted fault may be gone already; the view is of the fault as injected.
      return toFaultView(fault);
    });
  }

  clearFault(namespace: string, cluster: string, id: string): SimDeleteResult {
    return this.act((state, ctx) => {
      const c = requireCluster(state, namespace, cluster);
      if (clearFault(state, c, id, ctx.now)) {
        touch(state);
        this.settle(state, namespace, cluster, ctx);
        advanceWorld(state, ctx);
      }
      return { state: 'gone' };
    });
  }

  scheduleChaos(req: SimChaosRequest): SimChaosView {
    return this.act((state, ctx) => {
      const c = requireCluster(state, req.cluster.namespace, req.cluster.name);
      const scheduled = scheduleChaos(c, req, ctx.now);
      touch(state);
      advanceWorld(state, ctx);
      return {
        cluster: { ...req.cluster },
        seed: req.seed,
        scenario: req.scenario,
        scheduled: scheduled.map(toScheduledFaultView),
      };
    });
  }

  getSettings(): SimSettings {
    return { ...this.state.settings };
  }

  /** Settings apply at once: every cluster settles (e.g. its API server answers again). */
  setSettings(update: Partial<SimSettings>): SimSettings {
    return this.act((state, ctx) => {
      state.settings = { ...state.settings, ...update };
      for (const c of sortedValues(state.clusters)) settleCluster(state, c, ctx);
      touch(state);
      advanceWorld(state, ctx);
      return { ...state.settings };
    });
  }

  // ---- the whole world ----

  view(): SimWorldView {
    return this.act((state, ctx) => toWorldView(state, ctx.now, this.latencies));
  }

  stats(): SimStats {
    return this.act((state) => toStats(state));
  }

  getLatencies(): SimLatencies {
    return { ...this.latencies };
  }

  /** New latencies apply to transitions scheduled from now on; scheduled ones keep their due times. */
  setLatencies(update: Partial<SimLatencies>): SimLatencies {
    this.latencies = mergeLatencies(this.latencies, update);
    return this.getLatencies();
  }

  /** Wipes every cluster, machine and node (settings stay); the revision keeps counting so persistence notices. */
  reset(): void {
    const { revision, settings } = this.state;
    this.state = emptyWorld(this.seed);
    this.state.revision = revision;
    this.state.settings = settings;
    this.state.advancedTo = this.clock.now();
    touch(this.state);
  }

  private act<T>(operation: (state: WorldState, ctx: OpContext) => T): T {
    const ctx: OpContext = { now: this.clock.now(), latencies: this.latencies };
    if (this.state.revision !== this.scannedRevision || ctx.now >= this.nextDueAt) {
      advanceWorld(this.state, ctx);
      this.nextDueAt = nextDueTime(this.state);
      this.scannedRevision = this.state.revision;
    }
    return operation(this.state, ctx);
  }

  private settle(state: WorldState, namespace: string, cluster: string, ctx: OpContext): void {
    const c = state.clusters[clusterKey(namespace, cluster)];
    if (c) settleCluster(state, c, ctx);
  }

  /** A read through the workload cluster's API server. */
  private readApi<T>(namespace: string, cluster: string, read: ClusterOp<T>): T {
    return this.act((state, ctx) => {
      const c = requireCluster(state, namespace, cluster);
      assertApiServerAvailable(state, c, ctx.now);
      return read(state, c, ctx);
    });
  }

  /**
   * A write through the workload cluster's API server: the cluster settles and time advances
   * before `view` (by default, the change's own result) is taken.
   */
  private changeApi<T, V = T>(
    namespace: string,
    cluster: string,
    change: ClusterOp<T>,
    view?: ClusterOp<V>,
  ): V {
    return this.act((state, ctx) => {
      const c = requireCluster(state, namespace, cluster);
      assertApiServerAvailable(state, c, ctx.now);
      const result = change(state, c, ctx);
      touch(state);
      settleCluster(state, c, ctx);
      advanceWorld(state, ctx);
      return view ? view(state, c, ctx) : (result as unknown as V);
    });
  }
}

function requireCluster(state: WorldState, namespace: string, cluster: string): ClusterRecord {
  const c = state.clusters[clusterKey(namespace, cluster)];
  if (!c) throw SimError.notFound(`cluster ${namespace}/${cluster} does not exist, so it has no API server`);
  return c;
}

function requireNode(cluster: ClusterRecord, name: string): NodeRecord {
  const node = cluster.nodes[name];
  if (!node)
    throw SimError.notFound(`nodes "${name}" not found in cluster ${cluster.namespace}/${cluster.name}`);
  return node;
}

function requireMember(cluster: ClusterRecord, idOrName: string) {
  const member = findMember(cluster, idOrName);
  if (!member) throw SimError.notFound(`etcdserver: member not found (${idOrName || 'no member named'})`);
  return member;
}
