/**
 * InfrastructureProvider over the simulated cloud. Every method is one idempotent HTTP call: the
 * sim keys clusters by namespace/name and machines by namespace/cluster/machine, so a retried
 * activity finds what the first attempt made instead of making a twin.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../../shared/errors';
import type { ResourceKey } from '../../../shared/ids';
import type {
  MachineInfraState,
  MachineRebootOutcome,
  ClusterInfraRequest,
  ClusterInfraStatus,
  InfrastructureProvider,
  MachineInfraRequest,
  MachineInfraStatus,
} from '../types';
import type { SimClusterInfraView, SimMachineView } from './simApi';
import { SimClient } from './simClient';

export class SimInfrastructureProvider implements InfrastructureProvider {
  readonly name = 'sim' as const;
  private readonly client: SimClient;

  /** `simUrl` is the base URL of `capstan sim serve` (CAPSTAN_SIM_URL), or a ready client. */
  constructor(simUrl: string | SimClient) {
    this.client = typeof simUrl === 'string' ? new SimClient(simUrl) : simUrl;
  }

  async ensureClusterInfrastructure(req: ClusterInfraRequest): Promise<ClusterInfraStatus> {
    const view = await this.client.putClusterInfrastructure(req.cluster, {
      infrastructure: req.infrastructure,
      labels: req.labels,
    });
    return toClusterInfraStatus(view);
  }

  /** 409 (machines of the cluster still exist) surfaces as a retryable Conflict failure. */
  async deleteClusterInfrastructure(cluster: ResourceKey): Promise<boolean> {
    return (await this.client.deleteClusterInfrastructure(cluster)).state === 'gone';
  }

  async ensureMachine(req: MachineInfraRequest): Promise<MachineInfraStatus> {
    const view = await this.client.putMachine(req.cluster, req.machine, {
      role: req.role,
      version: req.version,
      ...(req.failureDomain !== undefined ? { failureDomain: req.failureDomain } : {}),
      infrastructure: req.infrastructure,
      bootstrapData: req.bootstrapData,
    });
    return toMachineInfraStatus(view);
  }

  async describeMachine(cluster: ResourceKey, machine: string): Promise<MachineInfraStatus> {
    const view = await this.client.getMachine(cluster, machine);
    return view ? toMachineInfraStatus(view) : { state: 'gone', addresses: [] };
  }

  async waitForMachineState(
    cluster: ResourceKey,
    machine: string,
    states: readonly MachineInfraState[],
    waitMs: number,
  ): Promise<MachineInfraStatus> {
    const view = await this.client.waitForMachine(cluster, machine, states, waitMs);
    return view ? toMachineInfraStatus(view) : { state: 'gone', addresses: [] };
  }

  /** The sim's 409 (not running) is a refusal to report, not a failure to retry. */
  async rebootMachine(cluster: ResourceKey, machine: string, idempotencyKey: string): Promise<MachineRebootOutcome> {
    try {
      const view = await this.client.rebootMachine(cluster, machine, idempotencyKey);
      if (!view) return { outcome: 'gone', message: `machine ${machine} does not exist` };
      return {
        outcome: 'rebooting',
        message: `power cycle ${view.reboots ?? 1} of ${machine} under way${view.rebootingUntil ? `, booted by ${view.rebootingUntil}` : ''}`,
      };
    } catch (err) {
      if (err instanceof ApplicationFailure && err.type === ErrorTypes.Conflict) return { outcome: 'refused', message: err.message };
      throw err;
    }
  }

  async deleteMachine(cluster: ResourceKey, machine: string): Promise<boolean> {
    return (await this.client.deleteMachine(cluster, machine)).state === 'gone';
  }
}

export function toClusterInfraStatus(view: SimClusterInfraView): ClusterInfraStatus {
  return {
    provisioned: view.provisioned,
    controlPlaneEndpoint: { ...view.controlPlaneEndpoint },
    failureDomains: view.failureDomains.map((d) => ({ name: d.name, controlPlane: d.controlPlane })),
  };
}

/** Only what the workflow needs: the status travels through history, the sim's extras do not. */
export function toMachineInfraStatus(view: SimMachineView): MachineInfraStatus {
  return {
    state: view.state,
    providerID: view.providerID,
    addresses: [...view.addresses],
    failureDomain: view.failureDomain,
    ...(view.failureReason !== undefined ? { failureReason: view.failureReason } : {}),
  };
}
