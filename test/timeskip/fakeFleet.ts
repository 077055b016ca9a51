/**
 * A fleet of fake cluster workflows: in-memory records that answer the `describe` query and the
 * `upgrade` Update the way a cluster workflow does (an upgrade completes after a few reads, an
 * Update ID seen before is answered without a second upgrade), behind the slice of Temporal's
 * client the campaign activities use. For tests whose subject is the campaign, not the upgrade.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CapstanLabelsKey, KubernetesVersionKey } from '../../shared/searchAttributes';
import type { ClusterDescription, MachineStatus } from '../../shared/status/types';

export interface FakeClusterSpec {
  name: string;
  labels: Record<string, string>;
  version: string;
  /** reads after an upgrade request before it shows as done (default 2) */
  readsToUpgrade?: number;
}

interface FakeCluster {
  spec: FakeClusterSpec;
  desired: string;
  machines: string;
  generation: number;
  readsLeft: number;
  /** the Update's validator refuses with this message */
  refuse?: string;
  /** the describe query never answers (no worker) */
  silent?: boolean;
  /** Update IDs accepted, in order (a repeated ID is answered without a second upgrade) */
  updateIds: string[];
  /** versions the cluster was actually moved to */
  upgrades: string[];
}

export class FakeFleet {
  readonly clusters = new Map<string, FakeCluster>();

  constructor(specs: FakeClusterSpec[]) {
    for (const s of specs) {
      this.clusters.set(`cluster/default/${s.name}`, { spec: s, desired: s.version, machines: s.version, generation: 1, readsLeft: 0, updateIds: [], upgrades: [] });
    }
  }

  refuse(name: string, message: string): void {
    this.clusters.get(`cluster/default/${name}`)!.refuse = message;
  }

  silence(name: string): void {
    this.clusters.get(`cluster/default/${name}`)!.silent = true;
  }

  upgradesOf(name: string): string[] {
    return this.clusters.get(`cluster/default/${name}`)!.upgrades;
  }

  private describe(id: string): ClusterDescription {
    const c = this.clusters.get(id);
    if (!c) throw new WorkflowNotFoundError('not found', id, undefined);
    if (c.silent) throw new Error('did not answer: no poller seen for the workflow task queue');
    if (c.desired !== c.machines && --c.readsLeft <= 0) c.machines = c.desired;
    const upgrading = c.desired !== c.machines;
    const m = (name: string): MachineStatus => ({ name, role: 'worker', version: c.machines, phase: 'Running', addresses: [], createdAt: '', lastUpdated: '', conditions: [] });
    return {
      namespace: 'default',
      name: c.spec.name,
      provider: 'sim',
      phase: 'Provisioned',
      version: c.desired,
      labels: c.spec.labels,
      generation: c.generation,
      observedGeneration: c.generation,
      ready: !upgrading,
      paused: false,
      conditions: [],
      infrastructure: { kind: 'SimCluster', name: c.spec.name, provisioned: true, failureDomains: [] },
      controlPlane: {
        kind: 'KubeadmControlPlane', name: `${c.spec.name}-cp`, desiredReplicas: 1, replicas: 1, readyReplicas: 1, version: c.desired,
        initialized: true, ready: !upgrading, deleted: false, conditions: [], machines: [m(`${c.spec.name}-cp-0`)], observedSpecVersion: c.generation,
      },
      machineDeployments: [],
      healthChecks: [],
      ...(upgrading ? { waitingFor: `ControlPlaneAvailable: rolling out ${c.desired}` } : {}),
      createdAt: '',
      lastUpdated: '',
    };
  }

  private upgrade(id: string, version: string, updateId: string): { generation: number; changed: boolean } {
    const c = this.clusters.get(id)!;
    if (c.refuse) throw new Error(c.refuse);
    if (c.updateIds.includes(updateId)) return { generation: c.generation, changed: false };
    c.updateIds.push(updateId);
    if (c.desired === version) return { generation: c.generation, changed: false };
    c.desired = version;
    c.generation++;
    c.readsLeft = c.spec.readsToUpgrade ?? 2;
    c.upgrades.push(version);
    return { generation: c.generation, changed: true };
  }

  /** The slice of Temporal's client the campaign activities use. */
  client(): Client {
    const handle = (id: string) => ({
      query: async () => this.describe(id),
      executeUpdate: async (_name: string, opts: { args: [{ version: string }]; updateId: string }) => {
        try {
          return this.upgrade(id, opts.args[0].version, opts.updateId);
        } catch (err) {
          throw new WorkflowUpdateFailedError('refused', ApplicationFailure.create({ message: err instanceof Error ? err.message : String(err) }));
        }
      },
    });
    const clusters = this.clusters;
    return {
      workflow: {
        getHandle: handle,
        async *list() {
          for (const [id, c] of clusters) {
            yield {
              workflowId: id,
              typedSearchAttributes: {
                get: (key: { name: string }) =>
                  key.name === CapstanLabelsKey.name ? Object.entries(c.spec.labels).map(([k, v]) => `${k}=${v}`) : key.name === KubernetesVersionKey.name ? c.desired : undefined,
              },
            };
          }
        },
      },
    } as unknown as Client;
  }
}

