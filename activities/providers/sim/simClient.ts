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
  type SimLatencies,
  type SimList,
  type SimMachineRequest,
  type SimMachineView,
  type SimNodeView,
  type SimStats,
  type SimWorldView,
} from './simApi';
import { simMalformedResponseFailure, simResponseFailure, simTransportFailure } from './simFailures';

export const SIM_CLIENT_TIMEOUT_MS = 10_000;

export interface SimClientOptions {
  timeoutMs?: number;
}

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

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

  deleteNode(cluster: ResourceKey, node: string): Promise<SimDeleteResult> {
    return this.call('DELETE', clusterPath(cluster, 'nodes', node));
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

  private async call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return (await this.send<T>(method, path, body, false)) as T;
  }

  /** `extraTimeoutMs`: a long-poll may legitimately hold the request that much longer. */
  private callOrUndefinedIfMissing<T>(method: Method, path: string, body?: unknown, extraTimeoutMs = 0): Promise<T | undefined> {
    return this.send<T>(method, path, body, true, extraTimeoutMs);
  }

  private async send<T>(
    method: Method,
    path: string,
    body: unknown,
    missingIsUndefined: boolean,
    extraTimeoutMs = 0,
  ): Promise<T | undefined> {
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
        signal: AbortSignal.timeout(timeoutMs),
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
    if (response.status === 404 && missingIsUndefined && !noRoute && parsed !== undefined) return undefined;
    throw simResponseFailure(call, response.status, parsed, noRoute);
  }
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
