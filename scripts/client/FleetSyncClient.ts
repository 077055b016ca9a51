import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import { fleetSyncWorkflowId } from '../../shared/ids';
import { fleetSyncSettingsIssue } from '../../shared/planners/gitops';
import {
  configureFleetSyncUpdate,
  fleetSyncStatusQuery,
  stopFleetSyncUpdate,
  syncNowUpdate,
  type FleetSyncPass,
  type FleetSyncSettings,
  type FleetSyncStatus,
} from '../../workflows/fleetSync/definitions';
import type { fleetSyncWorkflow } from '../../workflows/fleetSync/workflow';

/** The continuous GitOps sync (`fleet-sync/<repoId>`), for the CLI and programs. */
export class FleetSyncClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  handle(repoId: string): WorkflowHandle<typeof fleetSyncWorkflow> {
    return this.client.workflow.getHandle<typeof fleetSyncWorkflow>(fleetSyncWorkflowId(repoId));
  }

  /**
   * Starts the sync; refused with the field named when a setting is bad, and when a sync of
   * the same repository already runs (change it with `configure`, or stop it first).
   */
  async start(settings: FleetSyncSettings, opts: { continueAsNewAfterEvents?: number } = {}): Promise<string> {
    const issue = fleetSyncSettingsIssue(settings);
    if (issue) throw new Error(issue);
    const workflowId = fleetSyncWorkflowId(settings.repoId);
    try {
      await this.client.workflow.start('fleetSyncWorkflow', {
        workflowId,
        taskQueue: this.taskQueue,
        args: [{ ...settings, ...opts }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        staticSummary: `GitOps sync of ${settings.dir} (repository ${settings.repoId}) every ${settings.intervalSeconds}s${settings.prune ? ', pruning' : ''}`,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new Error(`a sync of repository ${settings.repoId} is already running (${workflowId}); stop it first or change it with configure`);
      }
      throw err;
    }
    return workflowId;
  }

  status(repoId: string): Promise<FleetSyncStatus> {
    return this.handle(repoId).query(fleetSyncStatusQuery);
  }

  syncNow(repoId: string): Promise<FleetSyncPass> {
    return this.handle(repoId).executeUpdate(syncNowUpdate, { args: [] });
  }

  configure(repoId: string, change: Partial<Pick<FleetSyncSettings, 'intervalSeconds' | 'prune'>>): Promise<FleetSyncSettings> {
    return this.handle(repoId).executeUpdate(configureFleetSyncUpdate, { args: [change] });
  }

  /** Stops after the pass in flight; resolves when the workflow has ended. */
  async stop(repoId: string): Promise<FleetSyncStatus> {
    const handle = this.handle(repoId);
    const status = await handle.executeUpdate(stopFleetSyncUpdate, { args: [] });
    await handle.result();
    return status;
  }
}
