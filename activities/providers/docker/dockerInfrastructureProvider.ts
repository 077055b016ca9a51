/**
 * InfrastructureProvider on a Docker Engine (CAPD's equivalent, through dockerode). Stateless:
 * everything it knows is read back from the engine by label on every call, so any worker — or the
 * same one after a crash — continues where another left off.
 */
import type { ResourceKey } from '../../../shared/ids';
import type {
  ClusterInfraRequest,
  ClusterInfraStatus,
  InfrastructureProvider,
  MachineInfraRequest,
  MachineInfraState,
  MachineInfraStatus,
} from '../types';
import { deleteClusterInfra, ensureClusterInfra } from './clusterOperations';
import { DockerEngine } from './dockerEngine';
import { MACHINE_LABEL } from './labels';
import { isMachineProper, listOwned } from './lookup';
import {
  resolveDockerOptions,
  type DockerProviderOptions,
  type ResolvedDockerOptions,
} from './dockerOptions';
import {
  deleteMachineContainers,
  describeMachineContainer,
  ensureMachineContainer,
  readMachineFacts,
  type MachineFacts,
  waitForMachineContainer,
  type MachineContext,
} from './machineOperations';

export class DockerInfrastructureProvider implements InfrastructureProvider {
  readonly name = 'docker' as const;
  readonly engine: DockerEngine;
  readonly options: ResolvedDockerOptions;
  private readonly ctx: MachineContext & { loadBalancerImage: string };

  constructor(options: DockerProviderOptions = {}) {
    this.engine = new DockerEngine(options);
    this.options = resolveDockerOptions(options);
    this.ctx = { engine: this.engine, ...this.options };
  }

  ensureClusterInfrastructure(req: ClusterInfraRequest): Promise<ClusterInfraStatus> {
    return ensureClusterInfra(this.ctx, req);
  }

  deleteClusterInfrastructure(cluster: ResourceKey): Promise<boolean> {
    return deleteClusterInfra(this.ctx, cluster);
  }

  ensureMachine(req: MachineInfraRequest): Promise<MachineInfraStatus> {
    return ensureMachineContainer(this.ctx, req);
  }

  describeMachine(cluster: ResourceKey, machine: string): Promise<MachineInfraStatus> {
    return describeMachineContainer(this.ctx, cluster, machine);
  }

  waitForMachineState(
    cluster: ResourceKey,
    machine: string,
    states: readonly MachineInfraState[],
    waitMs: number,
  ): Promise<MachineInfraStatus> {
    return waitForMachineContainer(this.ctx, cluster, machine, states, waitMs);
  }

  deleteMachine(cluster: ResourceKey, machine: string): Promise<boolean> {
    return deleteMachineContainers(this.ctx, cluster, machine);
  }

  /** The cluster's running control-plane containers proper, with their address on the network (for the etcd stand-in). */
  async controlPlaneContainers(cluster: ResourceKey): Promise<Array<{ machine: string; id: string; address: string }>> {
    const out: Array<{ machine: string; id: string; address: string }> = [];
    for (const c of await listOwned(this.ctx, cluster, { role: 'control-plane' })) {
      if (!isMachineProper(this.ctx, cluster, c) || c.State !== 'running') continue;
      const address = c.NetworkSettings?.Networks?.[this.options.network]?.IPAddress;
      const machine = c.Labels[MACHINE_LABEL];
      if (address && machine) out.push({ machine, id: c.Id, address });
    }
    return out.sort((a, b) => a.machine.localeCompare(b.machine));
  }

  /** Role, version, address and user data of a machine's container (for the kubelet stand-in). */
  machineFacts(cluster: ResourceKey, machine: string): Promise<MachineFacts | undefined> {
    return readMachineFacts(this.ctx, cluster, machine);
  }
}
