import { WorkflowIdReusePolicy } from '@temporalio/common';
import {
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { externalRemediationWorkflowId } from '../../shared/ids';
import { externalControllerMessage, remediationStrategyOf } from '../../shared/planners/externalRemediation';
import {
  planRemediationRequestChanges,
  type HealthCheckPlan,
  type RemediationRequest,
} from '../../shared/planners/health';
import type { RemediationRequestStatus } from '../../shared/status/types';
import { nowIso } from '../common/time';
import type { ExternalRemediationWorkflowInput } from '../externalRemediation/definitions';
import { completeRemediationSignal, remediationRequestStatusSignal } from '../externalRemediation/definitions';
import type { externalRemediationWorkflow } from '../externalRemediation/workflow';
import type { HealthTarget, MachineHealthCheckWorkflowInput } from './definitions';

/** A request the check made and has not ended, carried across continue-as-new. */
export interface CarriedRemediationRequest {
  /** the run the check started; reports of other (older) runs of the same ID are ignored */
  runId?: string;
  status: RemediationRequestStatus;
}

/**
 * The MachineHealthCheck's side of external remediation (`remediationTemplate`, capi-behaviour.md
 * §6): the requests it made (one per unhealthy machine, named like it; each a workflow of
 * workflows/externalRemediation), what they report, and the pass that starts new ones and ends
 * those whose machine is healthy again or gone. It never asks an owner to remediate: a request
 * whose built-in Reboot failed does that itself.
 */
export function externalRemediation(input: MachineHealthCheckWorkflowInput, onChange: () => void) {
  const { cluster } = input.context;
  const healthCheckWorkflowId = workflowInfo().workflowId;
  const requests = new Map<string, CarriedRemediationRequest>(
    (input.carried?.remediationRequests ?? []).map((r) => [r.status.machine, r]),
  );

  setHandler(remediationRequestStatusSignal, ({ runId, ...status }) => {
    const known = requests.get(status.machine);
    // Unknown: a request this check already ended; another run: a report that crossed a restart.
    if (!known || (known.runId !== undefined && known.runId !== runId)) return;
    // Completed by its external controller (or an operator): gone; the next pass may make a new one.
    if (status.phase === 'Completed') requests.delete(status.machine);
    else requests.set(status.machine, { runId, status });
    onChange();
  });

  async function start(request: RemediationRequest, target: HealthTarget, reason: string): Promise<void> {
    const workflowId = externalRemediationWorkflowId({ namespace: cluster.namespace, name: request.name });
    const createdAt = nowIso();
    const args: ExternalRemediationWorkflowInput = {
      context: input.context,
      machine: request.name,
      healthCheck: { name: input.spec.name, workflowId: healthCheckWorkflowId },
      ownerWorkflowId: target.ownerWorkflowId,
      template: request.template,
      ...(input.spec.remediationTemplateSpec ? { templateSpec: input.spec.remediationTemplateSpec } : {}),
      reason,
      createdAt,
    };
    let runId: string | undefined;
    try {
      const child = await startChild<typeof externalRemediationWorkflow>('externalRemediationWorkflow', {
        workflowId,
        args: [args],
        taskQueue: workflowInfo().taskQueue,
        // Requests outlive this run (continue-as-new) and report back by signal.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // A request that ended (completed by its controller) may be made again for the same machine.
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        staticSummary: `remediation request for machine ${cluster.namespace}/${request.name} (${request.template.kind}/${request.template.name})`,
      });
      runId = child.firstExecutionRunId;
    } catch (err) {
      // Already running (started by an earlier attempt of this pass): that execution is the request.
      log.warn('remediation request already exists', { workflowId, error: String(err) });
    }
    // What the request itself reports first, until its first report arrives.
    const strategy = remediationStrategyOf(request.template, input.spec.remediationTemplateSpec);
    const template = { kind: request.template.kind, name: request.template.name };
    requests.set(request.name, {
      ...(runId !== undefined ? { runId } : {}),
      status:
        strategy.type === 'Reboot'
          ? { machine: request.name, template, phase: 'Rebooting', attempts: 0, retryLimit: strategy.retryLimit, message: reason, createdAt, lastUpdated: createdAt }
          : { machine: request.name, template, phase: 'WaitingForExternalController', message: externalControllerMessage(template, workflowId), createdAt, lastUpdated: createdAt },
    });
  }

  async function finish(name: string, reason: string): Promise<void> {
    requests.delete(name);
    try {
      await getExternalWorkflowHandle(externalRemediationWorkflowId({ namespace: cluster.namespace, name })).signal(
        completeRemediationSignal,
        { by: `MachineHealthCheck ${input.spec.name}`, reason },
      );
    } catch (err) {
      // Already ended: nothing left to delete.
      log.warn('remediation request not running', { machine: name, error: String(err) });
    }
  }

  return {
    /** the existing requests, as the planner's state wants them */
    existing(): Array<{ name: string }> {
      return [...requests.keys()].map((name) => ({ name }));
    },

    /** One pass: start the requests the plan makes, end those of machines healthy again or gone. */
    async apply(plan: HealthCheckPlan, targets: readonly HealthTarget[]): Promise<void> {
      const changes = planRemediationRequestChanges(plan, [...requests.keys()], targets.map((t) => t.name));
      for (const f of changes.finish) await finish(f.name, f.reason);
      for (const request of changes.create) {
        const target = targets.find((t) => t.name === request.name);
        const verdict = plan.results.find((r) => r.machine === request.name)?.health;
        if (target) await start(request, target, verdict?.message ?? 'unhealthy');
      }
    },

    /** The check is being deleted: its requests go with it (CAPI's garbage collector, in effect). */
    async finishAll(reason: string): Promise<void> {
      for (const name of [...requests.keys()]) await finish(name, reason);
    },

    statuses(): RemediationRequestStatus[] {
      return [...requests.values()].map((r) => r.status).sort((a, b) => a.machine.localeCompare(b.machine));
    },

    /** machines whose request gave up and handed them to their owner */
    handedToOwner(): string[] {
      return [...requests.values()].filter((r) => r.status.phase === 'OwnerRemediation').map((r) => r.status.machine);
    },

    carry(): CarriedRemediationRequest[] {
      return [...requests.values()];
    },
  };
}
