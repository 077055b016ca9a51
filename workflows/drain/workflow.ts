import { getExternalWorkflowHandle, log, setCurrentDetails, setHandler, sleep } from '@temporalio/workflow';
import { planDrain, type EvictionAttempt } from '../../shared/planners/drain';
import { DRAIN_RETRY_INTERVAL_SECONDS } from '../../shared/planners/drain/constants';
import { providerActivities } from '../common/activityProxies';
import { nowIso } from '../common/time';
import { drainProgressSignal, drainStatusQuery, type DrainProgress, type DrainResult, type DrainWorkflowInput } from './definitions';

/** How soon a drain looks again while the pods it evicted are still terminating. */
const TERMINATING_RECHECK_MS = 1000;

/**
 * Drains one node before its machine is deleted (CAPI drainNode): cordon, then evict pods through
 * the Eviction API so PodDisruptionBudgets are honoured, order group by order group, DaemonSet and
 * static pods skipped; refusals are retried every pass (durable timer) until done or
 * nodeDrainTimeout. Every pass recomputes the plan from a fresh observation (shared/planners/drain)
 * and tells the machine why the drain is where it is, so `describe` can say it.
 */
export async function drainWorkflow(input: DrainWorkflowInput): Promise<DrainResult> {
  const { quick } = providerActivities(input.provider);
  const startedAt = nowIso();
  let attempts: EvictionAttempt[] = [];
  let progress: DrainProgress = { explanation: 'starting the drain', conditionMessage: '', passes: 0, startedAt };
  setHandler(drainStatusQuery, () => progress);
  const machine = getExternalWorkflowHandle(input.machineWorkflowId);

  async function publish(next: DrainProgress): Promise<void> {
    const changed = next.explanation !== progress.explanation;
    progress = next;
    setCurrentDetails(next.explanation);
    if (!changed) return;
    try {
      await machine.signal(drainProgressSignal, next);
    } catch (err) {
      log.warn('machine workflow not reachable for drain progress', { error: String(err) });
    }
  }

  for (let pass = 1; ; pass++) {
    const observed = await quick.observeDrain({ cluster: input.cluster, nodeName: input.nodeName });
    const now = nowIso();
    const plan = planDrain(
      {
        machine: input.machine,
        clusterLabels: input.clusterLabels,
        nodeName: input.nodeName,
        ...observed,
        rules: input.rules ?? [],
        attempts,
        drainStartedAt: startedAt,
        nodeDrainTimeoutSeconds: input.nodeDrainTimeoutSeconds,
      },
      now,
    );
    await publish({ explanation: plan.explanation, conditionMessage: plan.conditionMessage, passes: pass, startedAt });
    if (plan.proceed) {
      const outcome = plan.timedOut || plan.skip?.reason === 'DrainTimeoutExceeded' ? 'timedOut' : plan.skip ? 'skipped' : 'drained';
      return { ...progress, outcome };
    }
    if (plan.cordon) await quick.cordonNode({ cluster: input.cluster, nodeName: input.nodeName });
    if (plan.evict.length > 0) {
      const results = await quick.evictPods({ cluster: input.cluster, pods: plan.evict, gracePeriodSeconds: plan.gracePeriodSeconds });
      attempts = recordAttempts(attempts, results, now);
    }
    // Only cordoned this pass: nothing to wait for, so observe again at once.
    if (plan.cordon && plan.evict.length === 0 && plan.waitingFor.length === 0) continue;
    let wakeAt = plan.nextAttemptAt ? Date.parse(plan.nextAttemptAt) : Date.parse(now) + DRAIN_RETRY_INTERVAL_SECONDS * 1000;
    // CAPI requeues every 20 s; pods that are only terminating are re-checked sooner, so a drain
    // takes as long as the pods need, not a whole requeue interval.
    const justTerminating =
      plan.evict.length > 0 || (plan.waitingFor.length > 0 && plan.waitingFor.every((p) => p.why === 'terminating'));
    if (justTerminating) wakeAt = Math.min(wakeAt, Date.parse(nowIso()) + TERMINATING_RECHECK_MS);
    await sleep(Math.max(wakeAt - Date.parse(nowIso()), 1));
  }
}

/** Keeps one attempt record per pod: first and last attempt, and the last refusal (CAPI EvictionAttempt). */
function recordAttempts(
  attempts: EvictionAttempt[],
  results: Array<{ pod: { namespace: string; name: string }; outcome: { outcome: string; error?: string } }>,
  now: string,
): EvictionAttempt[] {
  const next = [...attempts];
  for (const { pod, outcome } of results) {
    const i = next.findIndex((a) => a.namespace === pod.namespace && a.name === pod.name);
    const lastError = outcome.outcome === 'refused' || outcome.outcome === 'failed' ? outcome.error : undefined;
    const record: EvictionAttempt = {
      namespace: pod.namespace,
      name: pod.name,
      firstAttemptAt: i >= 0 ? next[i]!.firstAttemptAt : now,
      lastAttemptAt: now,
      ...(lastError ? { lastError } : {}),
    };
    if (i >= 0) next[i] = record;
    else next.push(record);
  }
  return next;
}
