/**
 * Typed HTTP client of the simulated cloud's API (see simApi.ts). Used by the sim providers in
 * activities and by the `capstan sim` CLI. Every call has a timeout, and every failure is an
 * ApplicationFailure classified by simFailures.ts, so callers in activities can let it propagate.
 */
import type { ResourceKey } from '../../../shared/ids';
import {
  SIM_NO_ROUTE_HEADER,
  type SimClusterInfraRequest,
  type SimClusterInfraView,
  type SimDeleteResult,
  type SimErrorBody,
  type SimLatencies,
  type SimList,
  type SimMachineRequest,
  type SimMachineView,
  type SimNodeView,
  type SimStats,
  type SimWorldView,
} from './simApi';
import type {
  SimChaosRequest,
  SimChaosView,
  SimControlPlaneNodeHealth,
  SimEtcdLeaderRequest,
  SimEtcdMemberView,
  SimEvictionRequest,
  SimEvictionResult,
  SimFaultRequest,
  SimFaultView,
  SimNamespaceView,
  SimPdbView,
  SimPodView,
  SimReadyz,
  SimSettings,
  SimVersionedList,
  SimWorkloadRequest,
  SimWorkloadView,
} from './simWorkloadApi';
import type { AttachedVolume } from '../../../shared/planners/drain';
import { simMalformedResponseFailure, simResponseFailure, simTransportFailure } from './simFailures';

export const SIM_CLIENT_TIMEOUT_MS = 10_000;

export interface SimClientOptions {
  timeoutMs?: number;
}

type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** Long-poll of a versioned list: hold the read up to `waitMs` until it differs from `resourceVersion`. */
export interface SimWatchOptions {
  waitMs?: number;
  resourceVersion?: string;
  /** gives up the wait early (the caller was cancelled); the call then fails like a timeout */
  signal?: AbortSignal;
}

export class SimClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, opts: SimClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? SIM_CLIENT_TIMEOUT_MS;
  }

  putClusterInfrastructure(cluster: ResourceKey, req: SimClusterInfraRequest): Promise<SimClusterInfraView> {
    return this.call('PUT', clusterPath(cluster, 'infrastructure'), req);
  }

  getClusterInfrastructure(cluster: ResourceKey): Promise<SimClusterInfraView | undefined> {
    return this.callOrUndefinedIfMissing('GET', clusterPath(cluster, 'infrastructure'));
  }

  deleteClusterInfrastructure(cluster: ResourceKey): Promise<SimDeleteResult> {
    return this.call('DELETE', clusterPath(cluster, 'infrastructure'));
  }

  putMachine(cluster: ResourceKey, machine: string, req: SimMachineRequest): Promise<SimMachineView> {
    return this.call('PUT', clusterPath(cluster, 'machines', machine), req);
  }

  getMachine(cluster: ResourceKey, machine: string): Promise<SimMachineView | undefined> {
    return this.callOrUndefinedIfMissing('GET', clusterPath(cluster, 'machines', machine));
  }

  /** Long-polls until the machine is in one of `until` ('gone' = 404) or `waitMs` pass. */
  waitForMachine(cluster: ResourceKey, machine: string, until: readonly string[], waitMs: number): Promise<SimMachineView | undefined> {
    const q = `?until=${until.map(encodeURIComponent).join(',')}&waitMs=${waitMs}`;
    return this.callOrUndefinedIfMissing('GET', clusterPath(cluster, 'machines', machine) + q, undefined, waitMs);
  }

  /** Long-polls until the node with `providerID` registered or `waitMs` pass; `undefined` without cluster. */
  async waitForNode(cluster: ResourceKey, providerID: string, waitMs: number): Promise<SimNodeView[] | undefined> {
    const q = `?providerID=${encodeURIComponent(providerID)}&waitMs=${waitMs}`;
    const list = await this.callOrUndefinedIfMissing<SimList<SimNodeView>>('GET', clusterPath(cluster, 'nodes') + q, undefined, waitMs);
    return list?.items;
  }

  async listMachines(cluster: ResourceKey): Promise<SimMachineView[]> {
    return (await this.call<SimList<SimMachineView>>('GET', clusterPath(cluster, 'machines'))).items;
  }

  /** Starts a power cycle (`key` makes a retry start no second one); `undefined` when the machine does not exist. */
  rebootMachine(cluster: ResourceKey, machine: string, key?: string): Promise<SimMachineView | undefined> {
    return this.callOrUndefinedIfMissing('POST', clusterPath(cluster, 'machines', machine, 'reboot'), key === undefined ? {} : { key });
  }

  deleteMachine(cluster: ResourceKey, machine: string): Promise<SimDeleteResult> {
    return this.call('DELETE', clusterPath(cluster, 'machines', machine));
  }

  /** `undefined` when the cluster does not exist (so it has no API server to ask). */
  async listNodes(cluster: ResourceKey, providerID?: string): Promise<SimNodeView[] | undefined> {
    const query = providerID === undefined ? '' : `?providerID=${encodeURIComponent(providerID)}`;
    const list = await this.callOrUndefinedIfMissing<SimList<SimNodeView>>(
      'GET',
      clusterPath(cluster, 'nodes') + query,
    );
    return list?.items;
  }

  /** Every node as a versioned list, long-polled when `watch.waitMs` is set; `undefined` without cluster. */
  watchNodes(cluster: ResourceKey, watch: SimWatchOptions = {}): Promise<SimVersionedList<SimNodeView> | undefined> {
    return this.watchList(clusterPath(cluster, 'nodes'), {}, watch);
  }

  deleteNode(cluster: ResourceKey, node: string): Promise<SimDeleteResult> {
    return this.call('DELETE', clusterPath(cluster, 'nodes', node));
  }

  // ---- the workload cluster's API ----

  getNode(cluster: ResourceKey, node: string): Promise<SimNodeView | undefined> {
    return this.callOrUndefinedIfMissing('GET', clusterPath(cluster, 'nodes', node));
  }

  /** Issues a kubeadm bootstrap token in the workload cluster (a join's data carries it). */
  createBootstrapToken(cluster: ResourceKey, token: string, ttlSeconds: number): Promise<{ id: string; expiresAt: string }> {
    return this.call('POST', clusterPath(cluster, 'bootstraptokens'), { token, ttlSeconds });
  }

  /** `undefined` when the token (or the cluster) does not exist. */
  refreshBootstrapToken(cluster: ResourceKey, id: string, ttlSeconds: number): Promise<{ id: string; expiresAt: string } | undefined> {
    return this.callOrUndefinedIfMissing('POST', clusterPath(cluster, 'bootstraptokens', id, 'refresh'), { ttlSeconds });
  }

  /** `undefined` when the node (or the cluster) does not exist. */
  patchNode(cluster: ResourceKey, node: string, patch: { unschedulable: boolean }): Promise<SimNodeView | undefined> {
    return this.callOrUndefinedIfMissing('PATCH', clusterPath(cluster, 'nodes', node), patch);
  }

  /** `undefined` when the node (or the cluster) does not exist. */
  listVolumeAttachments(cluster: ResourceKey, node: string, watch: SimWatchOptions = {}): Promise<SimVersionedList<AttachedVolume> | undefined> {
    return this.watchList(clusterPath(cluster, 'nodes', node, 'volumeattachments'), {}, watch);
  }

  /** `undefined` when the cluster does not exist. */
  listPods(
    cluster: ResourceKey,
    filter: { node?: string; namespace?: string } = {},
    watch: SimWatchOptions = {},
  ): Promise<SimVersionedList<SimPodView> | undefined> {
    return this.watchList(clusterPath(cluster, 'pods'), filter, watch);
  }

  /** Answers 404/429/500 of the Eviction API as results; throws for anything else (e.g. a 503 outage). */
  evictPod(cluster: ResourceKey, pod: { namespace: string; name: string }, req: SimEvictionRequest = {}): Promise<SimEvictionResult> {
    return this.send<SimEvictionResult>('POST', clusterPath(cluster, 'pods', pod.namespace, pod.name, 'eviction'), {
      body: req,
      answers: (_status, body) => typeof (body as { outcome?: unknown }).outcome === 'string',
    }) as Promise<SimEvictionResult>;
  }

  listPodDisruptionBudgets(cluster: ResourceKey, watch: SimWatchOptions = {}): Promise<SimVersionedList<SimPdbView> | undefined> {
    return this.watchList(clusterPath(cluster, 'pdbs'), {}, watch);
  }

  listNamespaces(cluster: ResourceKey): Promise<SimVersionedList<SimNamespaceView> | undefined> {
    return this.watchList(clusterPath(cluster, 'namespaces'), {}, {});
  }

  async listWorkloads(cluster: ResourceKey): Promise<SimWorkloadView[]> {
    return (await this.call<SimVersionedList<SimWorkloadView>>('GET', clusterPath(cluster, 'workloads'))).items;
  }

  applyWorkload(cluster: ResourceKey, req: SimWorkloadRequest): Promise<SimWorkloadView> {
    return this.call('POST', clusterPath(cluster, 'workloads'), req);
  }

  deleteWorkload(cluster: ResourceKey, namespace: string, name: string): Promise<SimDeleteResult> {
    return this.call('DELETE', clusterPath(cluster, 'workloads', namespace, name));
  }

  listEtcdMembers(cluster: ResourceKey, watch: SimWatchOptions = {}): Promise<SimVersionedList<SimEtcdMemberView> | undefined> {
    return this.watchList(clusterPath(cluster, 'etcd', 'members'), {}, watch);
  }

  /** `removed: false` when no member has that id (already removed). */
  async removeEtcdMember(cluster: ResourceKey, id: string): Promise<{ removed: boolean }> {
    const answer = await this.callOrUndefinedIfMissing<{ removed: true }>('DELETE', clusterPath(cluster, 'etcd', 'members', id));
    return { removed: answer !== undefined };
  }

  promoteEtcdMember(cluster: ResourceKey, id: string): Promise<SimEtcdMemberView> {
    return this.call('POST', clusterPath(cluster, 'etcd', 'members', id, 'promote'));
  }

  async moveEtcdLeader(cluster: ResourceKey, req: SimEtcdLeaderRequest): Promise<SimEtcdMemberView[]> {
    return (await this.call<SimVersionedList<SimEtcdMemberView>>('POST', clusterPath(cluster, 'etcd', 'leader'), req)).items;
  }

  controlPlaneHealth(cluster: ResourceKey, watch: SimWatchOptions = {}): Promise<SimVersionedList<SimControlPlaneNodeHealth> | undefined> {
    return this.watchList(clusterPath(cluster, 'controlplane', 'health'), {}, watch);
  }

  /** The API server's `/readyz`: 503 (down) and 404 (no such cluster) are answers too. */
  async readyz(cluster: ResourceKey): Promise<{ ready: boolean; message: string }> {
    const answer = await this.send<SimReadyz | SimErrorBody>('GET', clusterPath(cluster, 'readyz'), {
      answers: (status) => status === 503 || status === 404,
    });
    if (answer && 'ready' in answer) return { ready: true, message: 'ok' };
    return { ready: false, message: answer?.error.message ?? 'no answer' };
  }

  // ---- faults, chaos and settings ----

  async listFaults(cluster: ResourceKey): Promise<SimFaultView[]> {
    return (await this.call<SimList<SimFaultView>>('GET', clusterPath(cluster, 'faults'))).items;
  }

  injectFault(cluster: ResourceKey, req: SimFaultRequest): Promise<SimFaultView> {
    return this.call('POST', clusterPath(cluster, 'faults'), req);
  }

  clearFault(cluster: ResourceKey, id: string): Promise<SimDeleteResult> {
    return this.call('DELETE', clusterPath(cluster, 'faults', id));
  }

  scheduleChaos(req: SimChaosRequest): Promise<SimChaosView> {
    return this.call('POST', '/v1/chaos', req);
  }

  getSettings(): Promise<SimSettings> {
    return this.call('GET', '/v1/settings');
  }

  setSettings(update: Partial<SimSettings>): Promise<SimSettings> {
    return this.call('PUT', '/v1/settings', update);
  }

  world(): Promise<SimWorldView> {
    return this.call('GET', '/v1/world');
  }

  stats(): Promise<SimStats> {
    return this.call('GET', '/v1/stats');
  }

  healthz(): Promise<{ ok: boolean; revision: number }> {
    return this.call('GET', '/v1/healthz');
  }

  getLatencies(): Promise<SimLatencies> {
    return this.call('GET', '/v1/latencies');
  }

  setLatencies(update: Partial<SimLatencies>): Promise<SimLatencies> {
    return this.call('PUT', '/v1/latencies', update);
  }

  reset(): Promise<{ reset: true }> {
    return this.call('POST', '/v1/reset');
  }

  /** A versioned list, long-polled when `watch.waitMs` is set; `undefined` on a 404 (cluster or node missing). */
  private watchList<T>(
    path: string,
    filter: Record<string, string | undefined>,
    watch: SimWatchOptions,
  ): Promise<SimVersionedList<T> | undefined> {
    const q = queryString({ ...filter, resourceVersion: watch.resourceVersion, waitMs: watch.waitMs });
    return this.send<SimVersionedList<T>>('GET', path + q, {
      missingIsUndefined: true,
      extraTimeoutMs: watch.waitMs ?? 0,
      signal: watch.signal,
    });
  }

  private async call<T>(method: Method, path: string, body?: unknown, extraTimeoutMs = 0): Promise<T> {
    return (await this.send<T>(method, path, { body, extraTimeoutMs })) as T;
  }

  /** `extraTimeoutMs`: a long-poll may legitimately hold the request that much longer. */
  private callOrUndefinedIfMissing<T>(method: Method, path: string, body?: unknown, extraTimeoutMs = 0): Promise<T | undefined> {
    return this.send<T>(method, path, { body, missingIsUndefined: true, extraTimeoutMs });
  }

  private async send<T>(method: Method, path: string, opts: SendOptions = {}): Promise<T | undefined> {
    const { body, missingIsUndefined = false, extraTimeoutMs = 0, answers, signal } = opts;
    const timeoutMs = this.timeoutMs + extraTimeoutMs;
    const url = `${this.baseUrl}${path}`;
    const call = { method, url };
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), signal]) : AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      throw simTransportFailure(call, err, timeoutMs);
    }
    const parsed = parseJson(text);
    const noRoute = response.headers.get(SIM_NO_ROUTE_HEADER) !== null;
    if (response.ok) {
      if (parsed === undefined) throw simMalformedResponseFailure(call, response.status);
      return parsed as T;
    }
    if (!noRoute && parsed !== undefined && answers?.(response.status, parsed)) return parsed as T;
    if (response.status === 404 && missingIsUndefined && !noRoute && parsed !== undefined) return undefined;
    throw simResponseFailure(call, response.status, parsed, noRoute);
  }
}

interface SendOptions {
  body?: unknown;
  /** a 404 of the sim (not of a wrong URL) answers `undefined` */
  missingIsUndefined?: boolean;
  extraTimeoutMs?: number;
  /** error statuses whose JSON body is an answer of the call, not a failure */
  answers?: (status: number, body: unknown) => boolean;
  /** the caller's own abort (a cancelled long-poll), besides the timeout */
  signal?: AbortSignal;
}

function queryString(params: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined);
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}`;
}

function clusterPath(cluster: ResourceKey, ...rest: string[]): string {
  return ['/v1/clusters', cluster.namespace, cluster.name, ...rest]
    .map((s, i) => (i === 0 ? s : encodeURIComponent(s)))
    .join('/');
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
