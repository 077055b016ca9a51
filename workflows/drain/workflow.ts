import { continueAsNew, getExternalWorkflowHandle, log, patched, setCurrentDetails, setHandler, sleep } from '@temporalio/workflow';
import { planDrain, type EvictionAttempt } from '../../shared/planners/drain';
import { DRAIN_RETRY_INTERVAL_SECONDS } from '../../shared/planners/drain/constants';
import { providerActivities } from '../common/activityProxies';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import { nowIso } from '../common/time';
import { drainProgressSignal, drainStatusQuery, type DrainProgress, type DrainResult, type DrainWorkflowInput } from './definitions';

/** How soon a drain looks again while the pods it evicted are still terminating. */
const TERMINATING_RECHECK_MS = 1000;
/** At most this long in one wait for terminating Pods, so refusals and timeouts are still re-planned. */
const TERMINATING_MAX_WAIT_MS = 20_000;

/**
 * Drains one node before its machine is deleted (CAPI drainNode): cordon, then evict pods through
 * the Eviction API so PodDisruptionBudgets are honoured, order group by order group, DaemonSet and
 * static pods skipped; refusals are retried every pass (durable timer) until done or
 * nodeDrainTimeout. Every pass recomputes the plan from a fresh observation (shared/planners/drain)
 * and tells the machine why the drain is where it is, so `describe` can say it.
 */
export async function drainWorkflow(input: DrainWorkflowInput): Promise<DrainResult> {
  const { quick, waits } = providerActivities(input.provider);
  const startedAt = input.carried?.startedAt ?? nowIso();
  let attempts: EvictionAttempt[] = input.carried?.attempts ?? [];
  const firstPass = (input.carried?.passes ?? 0) + 1;
  let progress: DrainProgress = { explanation: 'starting the drain', conditionMessage: '', passes: firstPass - 1, startedAt };
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

  let newTiming: boolean | undefined;
  for (let pass = firstPass; ; pass++) {
    const observed = await quick.observeDrain({ cluster: input.cluster, nodeName: input.nodeName });
    const now = nowIso();
    const planWith = (a: EvictionAttempt[]) =>
      planDrain(
        {
          machine: input.machine,
          clusterLabels: input.clusterLabels,
          nodeName: input.nodeName,
          ...observed,
          rules: input.rules ?? [],
          attempts: a,
          drainStartedAt: startedAt,
          nodeDrainTimeoutSeconds: input.nodeDrainTimeoutSeconds,
        },
        now,
      );
    const plan = planWith(attempts);
    await publish({ explanation: plan.explanation, conditionMessage: plan.conditionMessage, passes: pass, startedAt });
    if (plan.proceed) {
      const outcome = plan.timedOut || plan.skip?.reason === 'DrainTimeoutExceeded' ? 'timedOut' : plan.skip ? 'skipped' : 'drained';
      return { ...progress, outcome };
    }
    if (plan.cordon) await quick.cordonNode({ cluster: input.cluster, nodeName: input.nodeName });
    let evicted = false;
    // Decided at the first eviction of the run (patched() must be asked where the marker goes).
    if (plan.evict.length > 0) newTiming ??= patched('drain-recheck-after-accepted-evictions');
    const patchedRecheck = newTiming === true;
    if (plan.evict.length > 0) {
      const results = await quick.evictPods({ cluster: input.cluster, pods: plan.evict, gracePeriodSeconds: plan.gracePeriodSeconds });
      attempts = recordAttempts(attempts, results, now);
      evicted = results.some((r) => r.outcome.outcome === 'evicted' || r.outcome.outcome === 'notFound');
      if (patchedRecheck && !evicted) {
        // Every eviction was refused: say why now (the refusals are recorded), not a pass later.
        const refused = planWith(attempts);
        await publish({ explanation: refused.explanation, conditionMessage: refused.conditionMessage, passes: pass, startedAt });
      }
    }
    // Only cordoned this pass: nothing to wait for, so observe again at once.
    if (plan.cordon && plan.evict.length === 0 && plan.waitingFor.length === 0) continue;
    let wakeAt = plan.nextAttemptAt ? Date.parse(plan.nextAttemptAt) : Date.parse(now) + DRAIN_RETRY_INTERVAL_SECONDS * 1000;
    // CAPI requeues every 20 s; pods that are only terminating are re-checked sooner, so a drain
    // takes as long as the pods need, not a whole requeue interval.
    // A pass whose evictions were all refused (a PodDisruptionBudget said no) waits the full
    // interval, or until nodeDrainTimeout if that comes first: looking again a second later only
    // doubles the history of a blocked drain.
    const justTerminating =
      (patchedRecheck ? evicted : plan.evict.length > 0) ||
      (plan.waitingFor.length > 0 && plan.waitingFor.every((p) => p.why === 'terminating'));
    if (patchedRecheck && input.nodeDrainTimeoutSeconds) {
      wakeAt = Math.min(wakeAt, Date.parse(startedAt) + input.nodeDrainTimeoutSeconds * 1000 + 1);
    }
    /** the latest this pass may sleep: the next retry of a refused Pod, the timeout, or 20 s */
    const latestWakeAt = wakeAt;
    if (justTerminating) wakeAt = Math.min(wakeAt, Date.parse(nowIso()) + TERMINATING_RECHECK_MS);
    const terminating = [
      ...(evicted ? plan.evict : []),
      ...plan.waitingFor.filter((p) => p.why === 'terminating'),
    ].map(({ namespace, name }) => ({ namespace, name }));
    const waitMs = Math.max(wakeAt - Date.parse(nowIso()), 1);
    if (justTerminating && terminating.length > 0 && patched('drain-await-pods-gone')) {
      // Look again the moment the evicted Pods are gone (CAPI requeues on the Pod events).
      const maxWaitMs = Math.min(Math.max(latestWakeAt - Date.parse(nowIso()), 1), TERMINATING_MAX_WAIT_MS);
      await waits.awaitPodsGone({ cluster: input.cluster, nodeName: input.nodeName, pods: terminating, maxWaitMs });
    } else {
      await sleep(waitMs);
    }
    if (shouldContinueAsNew(input.continueAsNewAfterEvents) && patched('drain-continue-as-new')) {
      await drainHandlers();
      await continueAsNew<typeof drainWorkflow>({ ...input, carried: { startedAt, attempts, passes: pass } });
    }
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
