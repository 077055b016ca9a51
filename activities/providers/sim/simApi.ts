/**
 * The wire contract of the simulated cloud (`capstan sim serve`): request and response bodies of
 * its HTTP JSON API. It lives here, not next to the server in scripts/sim, because activities may
 * import only shared/ and themselves (DESIGN.md layers), while scripts/ may import everything.
 *
 * Routes (all JSON; errors are `SimErrorBody`):
 *   GET    /v1/healthz
 *   GET    /v1/world                                      SimWorldView
 *   GET    /v1/stats                                      SimStats
 *   GET    /v1/latencies                                  SimLatencies
 *   PUT    /v1/latencies            Partial<SimLatencies> SimLatencies
 *   POST   /v1/reset                                      { reset: true }
 *   PUT    /v1/clusters/{ns}/{name}/infrastructure        SimClusterInfraRequest -> SimClusterInfraView (201 created, 200 existed)
 *   GET    /v1/clusters/{ns}/{name}/infrastructure        SimClusterInfraView | 404
 *   DELETE /v1/clusters/{ns}/{name}/infrastructure        SimDeleteResult (202 deleting, 200 gone) | 409 while machines exist
 *   GET    /v1/clusters/{ns}/{name}/machines              SimList<SimMachineView>
 *   PUT    /v1/clusters/{ns}/{name}/machines/{machine}    SimMachineRequest -> SimMachineView (201 created, 200 existed)
 *   GET    /v1/clusters/{ns}/{name}/machines/{machine}    SimMachineView | 404
 *   DELETE /v1/clusters/{ns}/{name}/machines/{machine}    SimDeleteResult (202 deleting, 200 gone)
 *   POST   /v1/clusters/{ns}/{name}/machines/{machine}/reboot  SimRebootRequest -> SimMachineView (202 power cycle started, 200 same key again) | 404 | 409 not running
 *   GET    /v1/clusters/{ns}/{name}/nodes[?providerID=]   SimVersionedList<SimNodeView> | 404 when the cluster has no infrastructure
 *          `?providerID=P&waitMs=N` holds until that node registered; `?resourceVersion=RV&waitMs=N` until any node differs
 *   DELETE /v1/clusters/{ns}/{name}/nodes/{node}          SimDeleteResult (200 gone)
 *
 * The workload cluster (bodies in simWorkloadApi.ts). Every route below, and the node routes
 * above, answer 503 ProviderUnavailable while the cluster's API server is down (an injected
 * outage, or etcd quorum loss when SimSettings.quorumLossTakesApiServerDown). Lists carry a
 * `resourceVersion`; `?waitMs=N&resourceVersion=RV` holds the read until the answer differs from RV.
 *   GET    .../nodes/{node}                               SimNodeView | 404
 *   PATCH  .../nodes/{node}        {unschedulable}        SimNodeView (cordon / uncordon) | 404
 *   GET    .../nodes/{node}/volumeattachments             SimVersionedList<AttachedVolume>
 *   GET    .../pods[?node=&namespace=]                    SimVersionedList<SimPodView>
 *   POST   .../pods/{podNs}/{pod}/eviction  SimEvictionRequest? -> SimEvictionResult (201 | 404 | 429 | 500)
 *   GET    .../pdbs                                       SimVersionedList<SimPdbView>
 *   GET    .../namespaces                                 SimVersionedList<SimNamespaceView>
 *   GET    .../workloads                                  SimVersionedList<SimWorkloadView>
 *   POST   .../workloads               SimWorkloadRequest SimWorkloadView (201 created, 200 updated)
 *   DELETE .../workloads/{wns}/{wname}                    SimDeleteResult (200 gone)
 *   GET    .../etcd/members                               SimVersionedList<SimEtcdMemberView>
 *   DELETE .../etcd/members/{id}                          { removed: true } | 404 | 409 (quorum) | 503 (no quorum)
 *   POST   .../etcd/members/{id}/promote                  SimEtcdMemberView
 *   POST   .../etcd/leader             SimEtcdLeaderRequest SimVersionedList<SimEtcdMemberView>
 *   GET    .../controlplane/health                        SimVersionedList<SimControlPlaneNodeHealth>
 *   GET    .../readyz                                     SimReadyz | 503
 * Faults and chaos (the sim's own controls: they answer during an outage too):
 *   GET    .../faults                                     SimList<SimFaultView>
 *   POST   .../faults                  SimFaultRequest    SimFaultView (201)
 *   DELETE .../faults/{id}                                SimDeleteResult (200 gone): the fault recovers now
 *   POST   /v1/chaos                   SimChaosRequest    SimChaosView (201)
 *   GET    /v1/settings                                   SimSettings
 *   PUT    /v1/settings                Partial<SimSettings> SimSettings
 */
import type { MachineRole, NodeInfo } from '../types';
import type { TemplateSnapshot } from '../../../shared/model/desired';
import type { ErrorType } from '../../../shared/errors';
import type { SimSettings, SimWorldWorkloadView } from './simWorkloadApi';

export const SIM_API_PREFIX = '/v1';
/** Set on a 404 for a path the sim does not serve, so clients never mistake a wrong URL for "gone". */
export const SIM_NO_ROUTE_HEADER = 'x-capstan-sim-no-route';
export const SIM_DEFAULT_PORT = 7380;
export const SIM_DEFAULT_URL = `http://127.0.0.1:${SIM_DEFAULT_PORT}`;
/** The control-plane endpoint every simulated cluster answers on (a name, never resolved). */
export const SIM_API_SERVER_PORT = 6443;

export const simControlPlaneHost = (namespace: string, cluster: string): string =>
  `${cluster}.${namespace}.sim.capstan.local`;

export const simProviderID = (namespace: string, cluster: string, machine: string): string =>
  `sim:///${namespace}/${cluster}/${machine}`;

/** Durations of the simulated cloud, in milliseconds; `jitter` is a fraction (0..1) of each. */
export interface SimLatencies {
  clusterInfraMs: number;
  provisionMs: number;
  bootMs: number;
  deleteMs: number;
  /** from a controller (ReplicaSet, Job, DaemonSet) creating a Pod to it running on a node */
  rescheduleMs: number;
  /** from a Pod's deletion (eviction) to its removal, unless the eviction sets a grace period */
  podTerminationMs: number;
  /** from the last Pod using a volume on a node being gone to the volume's detachment */
  volumeDetachMs: number;
  /** Pods without a toleration leave a NotReady node this long after it went NotReady (Kubernetes: 300 s) */
  notReadyEvictionMs: number;
  jitter: number;
}

export interface SimErrorBody {
  error: { type: ErrorType; message: string };
}

export interface SimList<T> {
  items: T[];
}

export interface SimDeleteResult {
  state: 'deleting' | 'gone';
}

export interface SimClusterInfraRequest {
  infrastructure: TemplateSnapshot;
  labels?: Record<string, string>;
}

export type SimClusterInfraState = 'provisioning' | 'provisioned' | 'deleting';

export interface SimFailureDomain {
  name: string;
  controlPlane: boolean;
}

export interface SimClusterInfraView {
  namespace: string;
  name: string;
  state: SimClusterInfraState;
  provisioned: boolean;
  controlPlaneEndpoint: { host: string; port: number };
  failureDomains: SimFailureDomain[];
  labels: Record<string, string>;
  createdAt: string;
  provisionedAt?: string;
  deletionRequestedAt?: string;
  /** the machine whose `kubeadm init` registered first; joins wait for it */
  initializedBy?: string;
}

export interface SimMachineRequest {
  role: MachineRole;
  version: string;
  failureDomain?: string;
  infrastructure: TemplateSnapshot;
  bootstrapData: string;
}

/**
 * A power cycle. `key` names one cycle: a repeated request with the key of the latest cycle is
 * the retry of that request and starts no second one.
 */
export interface SimRebootRequest {
  key?: string;
}

/**
 * A machine is created straight into `provisioning` (the provider's `pending` is never observed),
 * and `gone` is never stored: a machine that is gone is simply absent (GET answers 404).
 */
export type SimMachineState = 'provisioning' | 'running' | 'failed' | 'deleting';

/** What the sim understood of the bootstrap data; the data itself is never stored or returned. */
export interface SimBootstrapAssessment {
  kind: 'init' | 'join' | 'invalid';
  /** why no node will (or did not) register from this data */
  problem?: string;
  sha256: string;
  /** a join's bootstrap token: its id, and a hash of the whole token (the token itself is not kept) */
  tokenId?: string;
  tokenSha256?: string;
}

export interface SimMachineView {
  namespace: string;
  cluster: string;
  name: string;
  role: MachineRole;
  version: string;
  state: SimMachineState;
  providerID: string;
  /** filled once the machine is running */
  addresses: string[];
  failureDomain: string;
  failureReason?: string;
  bootstrap: SimBootstrapAssessment;
  createdAt: string;
  runningAt?: string;
  deletionRequestedAt?: string;
  /** set while a node of this machine's name and providerID is registered in the workload cluster */
  nodeName?: string;
  /** power cycles so far (POST .../reboot); absent when never rebooted */
  reboots?: number;
  /** set while a power cycle is under way: when the machine will have booted again */
  rebootingUntil?: string;
}

export interface SimNodeView extends NodeInfo {
  registeredAt: string;
}

/** A node in the world dump, which lists the nodes of every cluster in one list. */
export interface SimWorldNodeView extends SimNodeView {
  namespace: string;
  cluster: string;
}

export interface SimStats {
  clusters: number;
  machines: number;
  nodes: number;
  machinesByState: Record<SimMachineState, number>;
  /** machines ever created (first PUT of a machine key) */
  machineCreates: number;
  /** PUTs of a machine that already existed: the twin creations the sim refused */
  machineIdempotentHits: number;
  clusterInfraCreates: number;
  clusterInfraIdempotentHits: number;
  nodeRegistrations: number;
  /** evictions the Eviction API accepted */
  evictions: number;
  /** evictions refused because of a PodDisruptionBudget (429) */
  evictionsRefused: number;
  faultsInjected: number;
  /** power cycles started (POST .../reboot with a new key) */
  machineReboots: number;
}

export interface SimWorldView {
  now: string;
  revision: number;
  latencies: SimLatencies;
  clusters: SimClusterInfraView[];
  machines: SimMachineView[];
  nodes: SimWorldNodeView[];
  /** pods, etcd, budgets and faults of every cluster */
  workloadClusters: SimWorldWorkloadView[];
  settings: SimSettings;
  stats: SimStats;
}
