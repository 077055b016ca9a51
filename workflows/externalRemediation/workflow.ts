import {
  condition,
  getExternalWorkflowHandle,
  log,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  completionOf,
  externalControllerMessage,
  nextRebootStep,
  rebootRefusedMessage,
  remediationStrategyOf,
  waitingForHealthyMessage,
  type RemediationCompletion,
  type RemediationStrategy,
} from '../../shared/planners/externalRemediation';
import type { RemediationRequestStatus } from '../../shared/status/types';
import { providerActivities } from '../common/activityProxies';
import { nowIso, nowMs } from '../common/time';
import { remediateMachinesSignal } from '../machineHealthCheck/definitions';
import {
  completeRemediationSignal,
  remediationRequestStatusSignal,
  remediationStatusQuery,
  type ExternalRemediationWorkflowInput,
} from './definitions';

/**
 * External remediation request entity (`remediation/<ns>/<machine>`): what a MachineHealthCheck
 * with `remediationTemplate` makes for each unhealthy machine instead of asking its owner to
 * replace it (CAPI creates one object from the template, named exactly like the Machine). The
 * health check starts it and ends it with the `complete` signal once the machine is healthy again
 * or gone; the request never deletes a machine itself.
 *
 * - RebootRemediationTemplate (built in, Metal3's Reboot strategy): power-cycle the machine
 *   through its infrastructure provider, give the health check `timeout` to find it healthy,
 *   repeat up to `retryLimit` times, then hand the machine to its owner, which replaces it (Metal3
 *   sets OwnerRemediated=False). A provider that cannot power-cycle hands it over at once.
 * - Any other kind belongs to a controller outside Capstan: the request only waits, visible in
 *   `capstan describe cluster`, until that controller (or an operator) completes it:
 *     temporal workflow signal --workflow-id remediation/<ns>/<machine> --name complete \
 *       --input '{"by":"metal3","reason":"host power-cycled"}'
 *   If the machine is still unhealthy, the health check then makes a new request, as CAPI would.
 */
export async function externalRemediationWorkflow(
  input: ExternalRemediationWorkflowInput,
): Promise<RemediationRequestStatus> {
  const { quick } = providerActivities(input.context.provider);
  const { workflowId, runId } = workflowInfo();
  const strategy = remediationStrategyOf(input.template, input.templateSpec);
  let completion: RemediationCompletion | undefined;
  let status: RemediationRequestStatus = {
    machine: input.machine,
    template: { kind: input.template.kind, name: input.template.name },
    phase: strategy.type === 'Reboot' ? 'Rebooting' : 'WaitingForExternalController',
    ...(strategy.type === 'Reboot' ? { attempts: 0, retryLimit: strategy.retryLimit } : {}),
    message: input.reason,
    createdAt: input.createdAt,
    lastUpdated: input.createdAt,
  };
  setHandler(remediationStatusQuery, () => status);
  setHandler(completeRemediationSignal, (c) => {
    completion ??= completionOf(c);
  });
  const completed = () => completion !== undefined;

  const healthCheck = getExternalWorkflowHandle(input.healthCheck.workflowId);
  async function report(next: Partial<RemediationRequestStatus>): Promise<void> {
    status = { ...status, ...next, lastUpdated: nowIso() };
    setCurrentDetails(`${status.phase}: ${status.message}`);
    try {
      await healthCheck.signal(remediationRequestStatusSignal, { ...status, runId });
    } catch (err) {
      log.warn('health check not reachable', { healthCheck: input.healthCheck.workflowId, error: String(err) });
    }
  }

  /** Metal3's fallback: the owner (MachineSet / KubeadmControlPlane) replaces the machine. */
  async function handToOwner(message: string): Promise<void> {
    await report({ phase: 'OwnerRemediation', message });
    try {
      await getExternalWorkflowHandle(input.ownerWorkflowId).signal(remediateMachinesSignal, {
        names: [input.machine],
        reason: `${input.template.kind} ${input.template.name}: ${message}`,
      });
    } catch (err) {
      log.warn('owner not reachable for remediation', { owner: input.ownerWorkflowId, error: String(err) });
    }
  }

  async function rebootUntilCompleted(reboot: Extract<RemediationStrategy, { type: 'Reboot' }>): Promise<void> {
    let attempts = 0;
    while (!completed()) {
      const step = nextRebootStep(reboot, attempts);
      if (step.action === 'handToOwner') return handToOwner(step.message);
      attempts = step.attempt;
      await report({ phase: 'Rebooting', attempts, message: step.message });
      const answer = await quick.rebootMachine({
        cluster: input.context.cluster,
        machine: input.machine,
        idempotencyKey: `${workflowId}/${runId}/${attempts}`,
      });
      if (answer.outcome === 'refused') return handToOwner(rebootRefusedMessage(answer.message));
      if (answer.outcome === 'gone') {
        // Its owner already deleted it; the health check ends this request when it sees it gone.
        await report({ phase: 'OwnerRemediation', message: answer.message });
        return;
      }
      const until = new Date(nowMs() + reboot.timeoutSeconds * 1000).toISOString();
      await report({ phase: 'WaitingForHealthy', message: waitingForHealthyMessage(reboot, attempts, until) });
      await condition(completed, reboot.timeoutSeconds * 1000);
    }
  }

  if (strategy.type === 'Reboot') {
    await rebootUntilCompleted(strategy);
  } else {
    await report({ phase: 'WaitingForExternalController', message: externalControllerMessage(input.template, workflowId) });
  }
  await condition(completed);
  const done = completion!;
  await report({ phase: 'Completed', message: `completed by ${done.by}: ${done.reason}` });
  return status;
}
