/**
 * A STAND-IN FOR THE KUBELET, FOR TESTS AND LAPTOPS WITHOUT KUBERNETES ON THE MACHINES.
 *
 * With a real node image (kindest/node) or hosts with Kubernetes installed, the bootstrap commands
 * run `kubeadm init`/`join` and the kubelet registers the Node in a real workload cluster. The
 * locally built test image (capstan/node:bookworm) has no kubelet: Docker containers and SSH
 * hosts of it run the same bootstrap commands, for real, but nothing registers a Node afterwards.
 * This wrapper around a real infrastructure provider (docker, ssh) does that one part against the
 * SIMULATED workload cluster (`capstan sim serve`):
 *
 *  - the cluster's infrastructure is mirrored into the sim, with the load balancer's address as
 *    the control-plane endpoint (so the sim checks joins against the real endpoint);
 *  - the first time the worker sees a machine bootstrapped (the sentinel
 *    /run/cluster-api/bootstrap-success.complete exists in its container), it registers the
 *    machine with the sim under its Docker providerID, with the user data the container ran; the
 *    sim makes the Node (and etcd member) a kubelet and kubeadm would have made;
 *  - deleting the machine or the cluster deletes the mirror too.
 *
 * Everything on the infrastructure side (containers or hosts, load balancer, bootstrap) is real;
 * everything on the workload side (Nodes, Pods, etcd, drain) is simulated. Enabled only when the
 * worker has CAPSTAN_DOCKER_SIM_URL (docker) or CAPSTAN_SSH_SIM_URL (ssh) set (workers/config.ts).
 * With CAPSTAN_DOCKER_REAL_ETCD=true too, etcd is real: the control-plane containers run it
 * (docker/etcdStandIn.ts) and KCP acts on it.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../../shared/errors';
import type { ResourceKey } from '../../../shared/ids';
import type { ProviderName } from '../../../shared/model/desired';
import { SimClient } from '../sim/simClient';
import { simResponseFailure, simTransportFailure } from '../sim/simFailures';
import type {
  ClusterInfraRequest,
  ClusterInfraStatus,
  InfrastructureProvider,
  MachineInfraRequest,
  MachineInfraState,
  MachineInfraStatus,
} from '../types';
import type { MachineFacts } from './machineFacts';
import { simExternalMachinePath, type SimExternalMachineRequest } from './simStandInApi';

const STAND_IN_POLL_MS = 500;

/** A real provider whose machines the stand-in can register: it tells role, version, address and user data. */
export interface StandInProvider extends InfrastructureProvider {
  machineFacts(cluster: ResourceKey, machine: string): Promise<MachineFacts | undefined>;
}

/** kubeadm's etcd steps, done on a control-plane machine before its Node registers (docker's real-etcd mode). */
export interface EtcdStandIn {
  ensureMember(cluster: ResourceKey, machine: string): Promise<void>;
}

export class SimKubeletStandIn implements InfrastructureProvider {
  readonly name: ProviderName;
  /** what the sim records as the registered machines' template (it only keeps it for its views) */
  private readonly template: { apiVersion: string; kind: string; name: string };
  private readonly sim: SimClient;
  /** machines already registered by this worker (the route is idempotent; this only saves calls) */
  private readonly registered = new Set<string>();

  constructor(
    readonly inner: StandInProvider,
    private readonly simUrl: string,
    /** with real etcd: kubeadm's etcd steps, done in each control-plane machine before its Node registers */
    private readonly etcd?: EtcdStandIn,
  ) {
    this.sim = new SimClient(simUrl);
    this.name = inner.name;
    this.template = { apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1', kind: 'ExternalMachineTemplate', name: `${inner.name}-node` };
  }

  async ensureClusterInfrastructure(req: ClusterInfraRequest): Promise<ClusterInfraStatus> {
    const status = await this.inner.ensureClusterInfrastructure(req);
    if (!status.provisioned || !status.controlPlaneEndpoint) return status;
    const failureDomains = Object.fromEntries(
      status.failureDomains.map((d) => [d.name, { controlPlane: d.controlPlane }]),
    );
    const mirror = await this.sim.putClusterInfrastructure(req.cluster, {
      infrastructure: {
        ...req.infrastructure,
        spec: { controlPlaneEndpoint: status.controlPlaneEndpoint, failureDomains },
      },
      labels: req.labels,
    });
    return { ...status, provisioned: mirror.provisioned };
  }

  async deleteClusterInfrastructure(cluster: ResourceKey): Promise<boolean> {
    const innerGone = await this.inner.deleteClusterInfrastructure(cluster);
    try {
      return innerGone && (await this.sim.deleteClusterInfrastructure(cluster)).state === 'gone';
    } catch (err) {
      // 409: the sim still has machines of the cluster (their deletes are under way): look again.
      if (err instanceof ApplicationFailure && err.type === ErrorTypes.Conflict) return false;
      throw err;
    }
  }

  async ensureMachine(req: MachineInfraRequest): Promise<MachineInfraStatus> {
    return this.registerOnceBootstrapped(req.cluster, req.machine, await this.inner.ensureMachine(req));
  }

  async describeMachine(cluster: ResourceKey, machine: string): Promise<MachineInfraStatus> {
    return this.registerOnceBootstrapped(
      cluster,
      machine,
      await this.inner.describeMachine(cluster, machine),
    );
  }

  async waitForMachineState(
    cluster: ResourceKey,
    machine: string,
    states: readonly MachineInfraState[],
    waitMs: number,
  ): Promise<MachineInfraStatus> {
    if (this.inner.waitForMachineState) {
      return this.registerOnceBootstrapped(cluster, machine, await this.inner.waitForMachineState(cluster, machine, states, waitMs));
    }
    // a provider without a long wait of its own (ssh): describe until a state is reached or the wait is up
    const deadline = Date.now() + waitMs;
    for (;;) {
      const status = await this.describeMachine(cluster, machine);
      if (states.includes(status.state) || Date.now() >= deadline) return status;
      await new Promise((r) => setTimeout(r, Math.min(STAND_IN_POLL_MS, Math.max(0, deadline - Date.now()))));
    }
  }

  async deleteMachine(cluster: ResourceKey, machine: string): Promise<boolean> {
    const innerGone = await this.inner.deleteMachine(cluster, machine);
    this.registered.delete(keyOf(cluster, machine));
    return innerGone && (await this.sim.deleteMachine(cluster, machine)).state === 'gone';
  }

  /** The kubelet's part: once the container is bootstrapped, its Node registers (in the sim). */
  private async registerOnceBootstrapped(
    cluster: ResourceKey,
    machine: string,
    status: MachineInfraStatus,
  ): Promise<MachineInfraStatus> {
    const key = keyOf(cluster, machine);
    if (status.state !== 'running' || !status.providerID || this.registered.has(key)) return status;
    const facts = await this.inner.machineFacts(cluster, machine);
    if (!facts?.userData) return status; // not ours to register (yet)
    // kubeadm init/join finish only once the machine's etcd member is up (and, joining, promoted)
    if (this.etcd && facts.role === 'control-plane') await this.etcd.ensureMember(cluster, machine);
    await this.registerExternal(cluster, machine, {
      role: facts.role,
      version: facts.version,
      providerID: status.providerID,
      address: facts.address ?? status.addresses[0] ?? '0.0.0.0',
      ...(status.failureDomain ? { failureDomain: status.failureDomain } : {}),
      infrastructure: { ...this.template, spec: {} },
      bootstrapData: facts.userData,
    });
    this.registered.add(key);
    return status;
  }

  private async registerExternal(
    cluster: ResourceKey,
    machine: string,
    req: SimExternalMachineRequest,
  ): Promise<void> {
    const url = `${this.simUrl.replace(/\/+$/, '')}${simExternalMachinePath(cluster.namespace, cluster.name, machine)}`;
    const call = { method: 'PUT', url };
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'PUT',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify(req),
        signal: AbortSignal.timeout(10_000),
      });
      text = await response.text();
    } catch (err) {
      throw simTransportFailure(call, err, 10_000);
    }
    if (response.ok) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw simResponseFailure(
      call,
      response.status,
      body,
      response.headers.get('x-capstan-sim-no-route') !== null,
    );
  }
}

const keyOf = (cluster: ResourceKey, machine: string) => `${cluster.namespace}/${cluster.name}/${machine}`;
