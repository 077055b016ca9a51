import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import {
  campaignWorkflowId,
  validateCampaignSpec,
  type AbortRequest,
  type ApproveRequest,
  type CampaignSpec,
  type CampaignSpecIssue,
  type CampaignStatusView,
  type OperatorResult,
  type PauseRequest,
  type RetryFailedRequest,
  type SkipClusterRequest,
  type SkipWaveRequest,
} from '../../shared/planners/campaign';
import { WORKFLOW_TASK_QUEUE } from '../../shared/taskQueues';
import {
  abortCampaignUpdate,
  approveCampaignUpdate,
  campaignStatusQuery,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  retryFailedUpdate,
  skipClusterUpdate,
  skipWaveUpdate,
  type CampaignWorkflowInput,
} from '../../workflows/campaign/definitions';
import type { upgradeCampaignWorkflow } from '../../workflows/campaign/workflow';

/** A campaign spec refused before anything started; each issue names its field. */
export class CampaignSpecError extends Error {
  constructor(readonly issues: CampaignSpecIssue[]) {
    super(`invalid campaign:\n${issues.map((i) => `  - ${i.path || '(spec)'}: ${i.message} [${i.rule}]`).join('\n')}`);
    this.name = 'CampaignSpecError';
  }
}

/** An operator action the campaign's validator refused (nothing changed). */
export class CampaignActionRefusedError extends Error {
  constructor(
    readonly campaign: string,
    message: string,
  ) {
    super(message);
    this.name = 'CampaignActionRefusedError';
  }
}

export type CampaignStartOptions = Omit<CampaignWorkflowInput, 'spec' | 'carried'>;

/** Typed access to upgrade campaigns (`campaign/<name>` workflows); the CLI is built on it. */
export class CampaignClient {
  constructor(
    readonly client: Client,
    readonly taskQueue: string = WORKFLOW_TASK_QUEUE,
  ) {}

  handle(name: string): WorkflowHandle<typeof upgradeCampaignWorkflow> {
    return this.client.workflow.getHandle<typeof upgradeCampaignWorkflow>(campaignWorkflowId(name));
  }

  /**
   * Validates the spec (refusing it, by field, before anything starts) and starts the campaign.
   * A campaign of that name already running is refused by Temporal itself (the ID is the key).
   */
  async start(spec: CampaignSpec, opts: CampaignStartOptions = {}): Promise<WorkflowHandle<typeof upgradeCampaignWorkflow>> {
    const issues = validateCampaignSpec(spec);
    if (issues.length) throw new CampaignSpecError(issues);
    return this.client.workflow.start<typeof upgradeCampaignWorkflow>('upgradeCampaignWorkflow', {
      workflowId: campaignWorkflowId(spec.name),
      taskQueue: this.taskQueue,
      args: [{ spec, ...opts }],
      workflowIdConflictPolicy: 'FAIL',
      staticSummary: spec.stagedChanges ? `campaign ${spec.name}: rolls out staged ClusterClass changes` : `upgrade campaign ${spec.name}: to ${spec.targetVersion}`,
    });
  }

  async status(name: string): Promise<CampaignStatusView> {
    try {
      return await this.handle(name).query(campaignStatusQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Error(`campaign ${name} not found`);
      throw err;
    }
  }

  approve(name: string, req: ApproveRequest = {}): Promise<OperatorResult> {
    return this.act(name, () => this.handle(name).executeUpdate(approveCampaignUpdate, { args: [req] }));
  }

  pause(name: string, req: PauseRequest = {}): Promise<OperatorResult> {
    return this.act(name, () => this.handle(name).executeUpdate(pauseCampaignUpdate, { args: [req] }));
  }

  resume(name: string): Promise<OperatorResult> {
    return this.act(name, () => this.handle(name).executeUpdate(resumeCampaignUpdate, { args: [] }));
  }

  skipCluster(name: string, req: SkipClusterRequest): Promise<OperatorResult> {
    return this.act(name, () => this.handle(name).executeUpdate(skipClusterUpdate, { args: [req] }));
  }

  skipWave(name: string, req: SkipWaveRequest): Promise<OperatorResult> {
    return this.act(name, () => this.handle(name).executeUpdate(skipWaveUpdate, { args: [req] }));
  }

  abort(name: string, req: AbortRequest = {}): Promise<OperatorResult> {
    return this.act(name, () => this.handle(name).executeUpdate(abortCampaignUpdate, { args: [req] }));
  }

  retryFailed(name: string, req: RetryFailedRequest = {}): Promise<OperatorResult> {
    return this.act(name, () => this.handle(name).executeUpdate(retryFailedUpdate, { args: [req] }));
  }

  private async act(name: string, fn: () => Promise<OperatorResult>): Promise<OperatorResult> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        throw new CampaignActionRefusedError(name, (err.cause as { message?: string } | undefined)?.message ?? err.message);
      }
      if (err instanceof WorkflowNotFoundError) throw new Error(`campaign ${name} not found`);
      throw err;
    }
  }
}
