import {
  Client,
  Connection,
  QueryNotRegisteredError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { clusterWorkflowId, type ResourceKey } from '../../shared/ids';
import type { DesiredCluster } from '../../shared/model/desired';
import { totalMachines } from '../../shared/model/desired';
import { WORKFLOW_TASK_QUEUE } from '../../shared/taskQueues';
import type { ClusterDescription } from '../../shared/status/types';
import { clusterStartSearchAttributes } from '../../shared/searchAttributeValues';
import type { clusterWorkflow } from '../../workflows/cluster/workflow';
import {
  applyUpdate,
  deleteUpdate,
  describeQuery,
  desiredQuery,
  pauseUpdate,
  promoteStagedUpdate,
  resumeUpdate,
  rolloutRestartUpdate,
  stageUpdate,
  type StageResult,
  scaleUpdate,
  upgradeUpdate,
  type ApplyResult,
  type RolloutRestartInput,
  type ScaleInput,
  type UpgradeInput,
} from '../../workflows/cluster/definitions';

export interface CapstanClientOptions {
  address?: string;
  namespace?: string;
  taskQueue?: string;
  /** reuse an existing client (tests) instead of connecting */
  client?: Client;
}

export interface ClusterListEntry {
  namespace: string;
  name: string;
  status: string;
  description?: ClusterDescription;
  error?: string;
}

/** An update refused by the workflow's validator: the cluster is unchanged. */
export class ApplyRefusedError extends Error {
  constructor(
    public readonly cluster: ResourceKey,
    message: string,
  ) {
    super(message);
    this.name = 'ApplyRefusedError';
  }
}

/**
 * The typed client for Capstan. The CLI is built on it; programs use it the same way.
 * Every method addresses clusters by business key (`cluster/<ns>/<name>` workflow IDs).
 */
export class CapstanClient {
  private constructor(
    readonly client: Client,
    readonly taskQueue: string,
    private readonly connection?: Connection,
  ) {}

  static async connect(opts: CapstanClientOptions = {}): Promise<CapstanClient> {
    if (opts.client) return new CapstanClient(opts.client, opts.taskQueue ?? WORKFLOW_TASK_QUEUE);
    const address = opts.address ?? process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
    const connection = await Connection.connect({ address, connectTimeout: '5s' }).catch((err: unknown) => {
      throw new Error(`cannot reach Temporal at ${address}: ${err instanceof Error ? err.message : String(err)} (is \`capstan up\` running?)`);
    });
    const client = new Client({ connection, namespace: opts.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default' });
    return new CapstanClient(client, opts.taskQueue ?? WORKFLOW_TASK_QUEUE, connection);
  }

  async close(): Promise<void> {
    await this.connection?.close();
  }

  handle(key: ResourceKey): WorkflowHandle<typeof clusterWorkflow> {
    return this.client.workflow.getHandle<typeof clusterWorkflow>(clusterWorkflowId(key));
  }

  /**
   * Creates the cluster or updates it in one atomic step (update-with-start): the workflow is
   * started if it does not exist, and the `apply` update is validated either way, so an invalid
   * change is refused without touching the running cluster.
   */
  async apply(desired: DesiredCluster, opts: { continueAsNewAfterEvents?: number; healthCheckPollMs?: number } = {}): Promise<ApplyResult> {
    const key = { namespace: desired.namespace, name: desired.name };
    const { controlPlane, workers } = totalMachines(desired);
    const start = new WithStartWorkflowOperation<typeof clusterWorkflow>('clusterWorkflow', {
      workflowId: clusterWorkflowId(key),
      taskQueue: this.taskQueue,
      args: [{ desired, continueAsNewAfterEvents: opts.continueAsNewAfterEvents, healthCheckPollMs: opts.healthCheckPollMs }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: clusterStartSearchAttributes(desired, 'Pending'),
      staticSummary: `cluster ${key.namespace}/${key.name}: ${controlPlane} CP + ${workers} workers, ${desired.controlPlane.version} (${desired.provider})`,
    });
    try {
      return await this.client.workflow.executeUpdateWithStart(applyUpdate, { args: [{ desired }], startWorkflowOperation: start });
    } catch (err) {
      throw refused(key, err);
    }
  }

  async describe(key: ResourceKey): Promise<ClusterDescription> {
    try {
      return await this.handle(key).query(describeQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Error(`cluster ${key.namespace}/${key.name} not found`);
      throw err;
    }
  }

  /**
   * The desired state the cluster was last applied with (fresh, through its workflow), or
   * undefined for a cluster whose workflow started before the `desired` query existed.
   */
  async desired(key: ResourceKey): Promise<{ generation: number; desired: DesiredCluster } | undefined> {
    try {
      return await this.handle(key).query(desiredQuery);
    } catch (err) {
      if (err instanceof QueryNotRegisteredError) return undefined;
      if (err instanceof WorkflowNotFoundError) throw new Error(`cluster ${key.namespace}/${key.name} not found`);
      throw err;
    }
  }

  async scale(key: ResourceKey, req: ScaleInput): Promise<ApplyResult> {
    try {
      return await this.handle(key).executeUpdate(scaleUpdate, { args: [req] });
    } catch (err) {
      throw refused(key, err);
    }
  }

  /** Replaces every machine of a MachineDeployment (sets rolloutAfter to now), like clusterctl. */
  async rolloutRestart(key: ResourceKey, req: RolloutRestartInput): Promise<ApplyResult & { rolloutAfter: string }> {
    try {
      return await this.handle(key).executeUpdate(rolloutRestartUpdate, { args: [req] });
    } catch (err) {
      throw refused(key, err);
    }
  }

  /**
   * Moves the whole cluster to `version`: control plane first, then MachineDeployments
   * `concurrency` at a time. Refused (nothing changes) when a version rule forbids it.
   */
  async upgrade(key: ResourceKey, req: UpgradeInput): Promise<ApplyResult> {
    try {
      return await this.handle(key).executeUpdate(upgradeUpdate, { args: [req] });
    } catch (err) {
      throw refused(key, err);
    }
  }

  /**
   * Holds `desired` in the cluster's workflow for later promotion instead of applying it (a
   * ClusterClass change under rollout policy Campaign). The cluster must exist.
   */
  async stage(desired: DesiredCluster): Promise<StageResult> {
    const key = { namespace: desired.namespace, name: desired.name };
    try {
      return await this.handle(key).executeUpdate(stageUpdate, { args: [{ desired }] });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Error(`cluster ${key.namespace}/${key.name} not found: a change is staged only for an existing cluster`);
      throw refused(key, err);
    }
  }

  /** Applies the staged change of `revision` (what `capstan promote` and a stagedChanges campaign do). */
  async promoteStaged(key: ResourceKey, revision: string): Promise<ApplyResult> {
    try {
      return await this.handle(key).executeUpdate(promoteStagedUpdate, { args: [{ revision }] });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Error(`cluster ${key.namespace}/${key.name} not found`);
      throw refused(key, err);
    }
  }

  /** Pauses reconciliation of the whole cluster (spec.paused): nothing is created or deleted until resume. */
  async pause(key: ResourceKey): Promise<ApplyResult> {
    return this.handle(key).executeUpdate(pauseUpdate, { args: [] }).catch((err: unknown) => {
      throw refused(key, err);
    });
  }

  /** Resumes a paused cluster (clears spec.paused and the paused annotation). */
  async resume(key: ResourceKey): Promise<ApplyResult> {
    return this.handle(key).executeUpdate(resumeUpdate, { args: [] }).catch((err: unknown) => {
      throw refused(key, err);
    });
  }

  /** Asks for deletion; with `wait`, returns once everything is gone (the workflow completed). */
  async delete(key: ResourceKey, opts: { wait?: boolean } = {}): Promise<ClusterDescription | undefined> {
    const handle = this.handle(key);
    try {
      await handle.executeUpdate(deleteUpdate, { args: [] });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Error(`cluster ${key.namespace}/${key.name} not found`);
      throw refused(key, err);
    }
    return opts.wait ? await handle.result() : undefined;
  }

  /** Running clusters from Temporal visibility, each described by its own workflow (fresh read). */
  async list(opts: ClusterListOptions = {}): Promise<ClusterListEntry[]> {
    const entries: ClusterListEntry[] = [];
    for await (const wf of this.client.workflow.list({ query: listQuery(opts) })) {
      const [, namespace = '', name = ''] = wf.workflowId.split('/');
      entries.push({ namespace, name, status: wf.status.name });
    }
    await mapLimit(entries, 16, async (e) => {
      try {
        e.description = await this.describe(e);
      } catch (err) {
        e.error = err instanceof Error ? err.message : String(err);
      }
    });
    return entries.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  }

  /**
   * Visibility is eventually consistent: a cluster just applied may be missing from `list` (and from
   * a campaign's selection, which lists once at start) for a moment. Waits until at least `count`
   * running clusters match, or throws saying how many did.
   */
  async waitUntilListed(opts: ClusterListOptions & { count: number; timeoutMs?: number }): Promise<void> {
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    for (;;) {
      const { count } = await this.client.workflow.count(listQuery(opts));
      if (count >= opts.count) return;
      if (Date.now() > deadline) throw new Error(`visibility lists ${count} of ${opts.count} clusters for ${listQuery(opts)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Polls `describe` until `until` holds; `onProgress` sees every change. */
  async waitFor(
    key: ResourceKey,
    until: (d: ClusterDescription) => boolean,
    opts: { timeoutMs?: number; intervalMs?: number; onProgress?: (d: ClusterDescription) => void } = {},
  ): Promise<ClusterDescription> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
    let last = '';
    for (;;) {
      const d = await this.describe(key);
      const fp = JSON.stringify([
        d.phase,
        d.waitingFor,
        d.controlPlane?.readyReplicas,
        d.controlPlane?.machines.map((m) => [m.version, m.phase]),
        d.machineDeployments.map((m) => [m.readyReplicas, m.machines.map((x) => [x.version, x.phase])]),
      ]);
      if (fp !== last) {
        last = fp;
        opts.onProgress?.(d);
      }
      if (until(d)) return d;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for cluster ${key.namespace}/${key.name}: ${d.waitingFor ?? d.phase}; machines: ${machineSummary(d)}`);
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
    }
  }

  waitForReady(key: ResourceKey, opts: Parameters<CapstanClient['waitFor']>[2] = {}): Promise<ClusterDescription> {
    return this.waitFor(key, (d) => d.ready, opts);
  }
}

function refused(key: ResourceKey, err: unknown): Error {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause as { message?: string } | undefined;
    return new ApplyRefusedError(key, cause?.message ?? err.message);
  }
  return err instanceof Error ? err : new Error(String(err));
}

export interface ClusterListOptions {
  namespace?: string;
  labels?: Record<string, string>;
}

/** The visibility query for running clusters, by namespace and labels (the CapstanLabels search attribute). */
function listQuery(opts: ClusterListOptions): string {
  const clauses = [`WorkflowType = 'clusterWorkflow'`, `ExecutionStatus = 'Running'`];
  if (opts.namespace) clauses.push(`CapstanNamespace = '${escapeQuery(opts.namespace)}'`);
  for (const [k, v] of Object.entries(opts.labels ?? {})) clauses.push(`CapstanLabels = '${escapeQuery(`${k}=${v}`)}'`);
  return clauses.join(' AND ');
}

function escapeQuery(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

async function mapLimit<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

/** One line per machine for a wait that timed out: where each machine stands and why. */
function machineSummary(d: ClusterDescription): string {
  const machines = [...(d.controlPlane?.machines ?? []), ...d.machineDeployments.flatMap((md) => md.machines)];
  if (machines.length === 0) return 'none';
  return machines
    .map((m) => {
      const notes = m.conditions.filter((c) => c.status !== 'True' || c.type === 'Deleting').map((c) => `${c.type}=${c.reason}`);
      return `${m.name} ${m.version} ${m.phase}${m.deletionRequestedAt ? ' deleting' : ''}${notes.length ? ` (${notes.join(', ')})` : ''}`;
    })
    .join('; ');
}
