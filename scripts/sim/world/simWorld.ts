/**
 * The simulated cloud as one object: the world state, the clock it is read against, and the
 * latencies in force. Every operation first brings the world up to `now`, then acts, then
 * advances again (so a zero latency takes effect within the same request), and answers with views.
 * It does no I/O; the HTTP server and persistence wrap it.
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
import type { Clock } from '../clock';
import { DEFAULT_SIM_LATENCIES, mergeLatencies } from '../latencies';
import { deleteClusterInfra, ensureClusterInfra, getClusterInfra } from './clusterInfra';
import { deleteMachine, ensureMachine, getMachine, listMachines } from './machines';
import { deleteNode, listNodes } from './nodes';
import type { OpContext } from './opContext';
import { advanceWorld, nextDueTime } from './timeline';
import { toClusterInfraView, toMachineView, toNodeView, toStats, toWorldView } from './views';
import { DEFAULT_SIM_SEED, clusterKey, emptyWorld, machineKey, touch, type WorldState } from './worldState';

export interface SimWorldOptions {
  clock: Clock;
  latencies?: Partial<SimLatencies>;
  /** seeds the jitter PRNG of a new (or reset) world; a loaded world continues its own sequence */
  seed?: number;
  /** a world loaded from the state file */
  state?: WorldState;
}

export interface Ensured<T> {
  created: boolean;
  view: T;
}

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
  }

  /** Changes with every mutation (including time-driven transitions applied on a read). */
  get revision(): number {
    return this.state.revision;
  }

  /** The live state, for persistence to serialise; callers must not mutate it. */
  get currentState(): Readonly<WorldState> {
    return this.state;
  }

  ensureClusterInfrastructure(
    namespace: string,
    name: string,
    req: SimClusterInfraRequest,
  ): Ensured<SimClusterInfraView> {
    return this.act((state, ctx) => {
      const { created } = ensureClusterInfra(state, ctx, namespace, name, req);
      advanceWorld(state, ctx.now);
      return { created, view: toClusterInfraView(getClusterInfra(state, namespace, name)) };
    });
  }

  getClusterInfrastructure(namespace: string, name: string): SimClusterInfraView {
    return this.act((state) => toClusterInfraView(getClusterInfra(state, namespace, name)));
  }

  deleteClusterInfrastructure(namespace: string, name: string): SimDeleteResult {
    return this.act((state, ctx) => {
      deleteClusterInfra(state, ctx, namespace, name);
      advanceWorld(state, ctx.now);
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
      advanceWorld(state, ctx.now);
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
      advanceWorld(state, ctx.now);
      return { state: state.machines[machineKey(namespace, cluster, name)] ? 'deleting' : 'gone' };
    });
  }

  listNodes(namespace: string, cluster: string, providerID?: string): SimNodeView[] {
    return this.act((state) => listNodes(state, namespace, cluster, providerID).map(toNodeView));
  }

  deleteNode(namespace: string, cluster: string, node: string): SimDeleteResult {
    return this.act((state, ctx) => deleteNode(state, ctx, namespace, cluster, node));
  }

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

  /** Wipes every cluster, machine and node; the revision keeps counting so persistence notices. */
  reset(): void {
    const revision = this.state.revision;
    this.state = emptyWorld(this.seed);
    this.state.revision = revision;
    this.state.advancedTo = this.clock.now();
    touch(this.state);
  }

  private act<T>(operation: (state: WorldState, ctx: OpContext) => T): T {
    const ctx: OpContext = { now: this.clock.now(), latencies: this.latencies };
    if (this.state.revision !== this.scannedRevision || ctx.now >= this.nextDueAt) {
      advanceWorld(this.state, ctx.now);
      this.nextDueAt = nextDueTime(this.state);
      this.scannedRevision = this.state.revision;
    }
    return operation(this.state, ctx);
  }
}
