/**
 * InfrastructureProvider on AWS EC2 and ELBv2 (CAPA's equivalent). Stateless: everything it
 * knows is read back from AWS by tag on every call, so any worker — or the same one after a
 * crash — continues where another left off.
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
import { createAwsClients, type AwsClients, type AwsProviderOptions } from './awsClients';
import { deleteClusterInfra, ensureClusterInfra } from './clusterOperations';
import {
  deleteMachineInstances,
  describeMachineInstance,
  ensureMachineInstance,
  waitForMachineInstance,
} from './machineOperations';

export const DEFAULT_AWS_POLL_INTERVAL_MS = 2000;

export class AwsInfrastructureProvider implements InfrastructureProvider {
  readonly name = 'aws' as const;
  readonly clients: AwsClients;
  private readonly pollIntervalMs: number;

  constructor(options: AwsProviderOptions) {
    this.clients = createAwsClients(options);
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_AWS_POLL_INTERVAL_MS;
  }

  ensureClusterInfrastructure(req: ClusterInfraRequest): Promise<ClusterInfraStatus> {
    return ensureClusterInfra(this.clients, req);
  }

  deleteClusterInfrastructure(cluster: ResourceKey): Promise<boolean> {
    return deleteClusterInfra(this.clients, cluster);
  }

  ensureMachine(req: MachineInfraRequest): Promise<MachineInfraStatus> {
    return ensureMachineInstance(this.clients, req);
  }

  describeMachine(cluster: ResourceKey, machine: string): Promise<MachineInfraStatus> {
    return describeMachineInstance(this.clients, cluster, machine);
  }

  waitForMachineState(
    cluster: ResourceKey,
    machine: string,
    states: readonly MachineInfraState[],
    waitMs: number,
  ): Promise<MachineInfraStatus> {
    return waitForMachineInstance(this.clients, cluster, machine, states, waitMs, this.pollIntervalMs);
  }

  deleteMachine(cluster: ResourceKey, machine: string): Promise<boolean> {
    return deleteMachineInstances(this.clients, cluster, machine);
  }

  /** Closes the SDK clients' sockets (tests, and a worker shutting down). */
  destroy(): void {
    this.clients.ec2.destroy();
    this.clients.elb.destroy();
  }
}
