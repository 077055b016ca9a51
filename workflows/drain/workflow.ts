import { continueAsNew, getExternalWorkflowHandle, log, patched, setCurrentDetails, setHandler, sleep } from '@temporalio/workflow';
import { claimsOfPodsSkippedByDrain, planDrain, planVolumeDetach, type AttachedVolume, type EvictionAttempt } from '../../shared/planners/drain';
import { DRAIN_RETRY_INTERVAL_SECONDS } from '../../shared/planners/drain/constants';
import { providerActivities } from '../common/activityProxies';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import { clusterWorkflowId } from '../../shared/ids';
import { nowIso } from '../common/time';
import { drainProgressSignal, drainStatusQuery, type DrainProgress, type DrainResult, type DrainWorkflowInput } from './definitions';

/** How soon a drain looks again while the pods it evicted are still terminating. */
const TERMINATING_RECHECK_MS = 1000;
/** At most this long in one wait for terminating Pods, so refusals and timeouts are still re-planned. */
const TERMINATING_MAX_WAIT_MS = 20_000;
/** One wait for volumes to change lasts at most this long, so nodeVolumeDetachTimeout is re-checked. */
const VOLUME_WAIT_SLICE_MS = 20_000;
/** How soon a drain tries again when the workload API server did not answer. */
const UNREACHABLE_RETRY_MS = 5_000;

/**
 * Drains one node before its machine is deleted (CAPI drainNode): cordon, then evict pods through
 * the Eviction API so PodDisruptionBudgets are honoured, order group by order group, DaemonSet and
 * static pods skipped; refusals are retried every pass (durable timer) until done or
 * nodeDrainTimeout. Every pass recomputes the plan from a fresh observation (shared/planners/drain)
 * and tells the machine why the drain is where it is, so `describe` can say it.
 */
export async function drainWorkflow(input: DrainWorkflowInput): Promise<DrainResult> {
  const inFlight: Promise<void>[] = [];
  try {
    return await drain(input, inFlight);
  } finally {
    // Progress signals go out without blocking the drain, but it never ends (or continues as new)
    // with one still in flight: that held the time-skipping test server's clock.
    await Promise.all(inFlight);
  }
}

async function drain(input: DrainWorkflowInput, inFlight: Promise<void>[]): Promise<DrainResult> {
  const { quick, waits, bounded } = providerActivities(input.provider);
  const startedAt = input.carried?.startedAt ?? nowIso();
  let attempts: EvictionAttempt[] = input.carried?.attempts ?? [];
  const firstPass = (input.carried?.passes ?? 0) + 1;
  let progress: DrainProgress = { explanation: 'starting the drain', conditionMessage: '', passes: firstPass - 1, startedAt };
  setHandler(drainStatusQuery, () => progress);
  const machine = getExternalWorkflowHandle(input.machineWorkflowId);
  // MachineDrainRules and cluster labels as of the latest pass (CAPI reads them on every reconcile).
  let rules = input.rules ?? [];
  let clusterLabels = input.clusterLabels;
  const rulesFrom = clusterWorkflowId(input.cluster);
  // Fewer workflow-task round trips per drain: progress is told to the machine without waiting
  // for the signal to land, cordon goes with the first evictions, and the first observation also
  // reads the node's volumes so a node without any needs no separate volume wait.
  const fewerRoundTrips = patched('drain-fewer-round-trips');

  let sentCount = input.carried?.sentProgress ?? 0;
  async function publish(next: DrainProgress): Promise<void> {
    const changed = next.explanation !== progress.explanation;
    progress = next;
    setCurrentDetails(next.explanation);
    if (!changed) return;
    sentCount += 1;
    const sent = machine.signal(drainProgressSignal, fewerRoundTrips ? { ...next, seq: sentCount } : next).catch((err: unknown) => {
      log.warn('machine workflow not reachable for drain progress', { error: String(err) });
    });
    // Advisory (the result carries the final word): not waited for here, but before the drain ends.
    if (fewerRoundTrips) inFlight.push(sent);
    else await sent;
  }

  const observeRequest = { cluster: input.cluster, nodeName: input.nodeName, rulesFrom, ...(fewerRoundTrips ? { withVolumes: true } : {}) };
  let newTiming: boolean | undefined;
  let boundedObserve: boolean | undefined;
  /** One observation; `undefined` (explained) when the API server did not answer a few attempts. */
  async function observe(pass: number) {
    boundedObserve ??= patched('drain-bounded-observe');
    if (!boundedObserve) return quick.observeDrain(observeRequest);
    try {
      return await bounded.observeDrain(observeRequest);
    } catch (err) {
      const why = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
      const explanation = `cannot read node ${input.nodeName} and its pods from the workload cluster (${why}); retrying every ${UNREACHABLE_RETRY_MS / 1000}s${input.nodeDrainTimeoutSeconds ? ` until nodeDrainTimeout` : ''}`;
      await publish({ explanation, conditionMessage: explanation, passes: pass, startedAt });
      return undefined;
    }
  }
  const waitForVolumeDetach = (claims: string[], seen?: VolumesSeen) =>
    waitForVolumeDetachLoop(input, claims, seen, (explanation, conditionMessage) =>
      publish({ explanation, conditionMessage, passes: progress.passes, startedAt }),
    );
  let nextObservation: Awaited<ReturnType<typeof observe>>;
  for (let pass = firstPass; ; pass++) {
    if (pass > firstPass && shouldContinueAsNew(input.continueAsNewAfterEvents) && patched('drain-continue-as-new')) {
      await drainHandlers();
      await continueAsNew<typeof drainWorkflow>({ ...input, rules, clusterLabels, carried: { startedAt, attempts, passes: pass - 1, sentProgress: sentCount } });
    }
    // The previous pass's evictAndObserve may already have looked again after its evictions.
    const observed = nextObservation ?? (await observe(pass));
    nextObservation = undefined;
    if (!observed) {
      // The workload API did not answer (outage, etcd without quorum): CAPI's drain errors and
      // requeues, and nodeDrainTimeout still counts.
      const timeoutMs = (input.nodeDrainTimeoutSeconds ?? 0) * 1000;
      if (timeoutMs > 0 && Date.parse(nowIso()) - Date.parse(startedAt) >= timeoutMs) return { ...progress, outcome: 'timedOut' };
      await sleep(UNREACHABLE_RETRY_MS);
      continue;
    }
    const { drainRules: current, volumes: volumesSeen, ...observation } = observed;
    if (current) ({ rules, clusterLabels } = current);
    const now = nowIso();
    const planWith = (a: EvictionAttempt[]) =>
      planDrain(
        {
          machine: input.machine,
          clusterLabels,
          nodeName: input.nodeName,
          ...observation,
          rules,
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
      if (!patched('drain-waits-for-volume-detach')) return { ...progress, outcome };
      const claims = claimsOfPodsSkippedByDrain({ machine: input.machine, clusterLabels, pods: observed.pods, rules, namespaceLabels: observed.namespaceLabels }, now);
      const drained = progress;
      const volumes = await waitForVolumeDetach(claims, volumesSeen && { nodeFound: observation.nodeFound, nodeUnreachable: observation.nodeUnreachable, attached: volumesSeen });
      // The result leads with the drain's own outcome; the volume wait follows it.
      return { ...drained, outcome, volumes, explanation: `${drained.explanation}; then ${progress.explanation}` };
    }
    const cordonWithEvictions = fewerRoundTrips && plan.cordon && plan.evict.length > 0;
    if (plan.cordon && !cordonWithEvictions) await quick.cordonNode({ cluster: input.cluster, nodeName: input.nodeName });
    let evicted = false;
    // Decided at the first eviction of the run (patched() must be asked where the marker goes).
    if (plan.evict.length > 0) newTiming ??= patched('drain-recheck-after-accepted-evictions');
    const patchedRecheck = newTiming === true;
    if (plan.evict.length > 0 && fewerRoundTrips) {
      // Evict, wait for the evicted Pods to go and observe again, in one activity.
      const latest = Math.min(
        plan.nextAttemptAt ? Date.parse(plan.nextAttemptAt) : Date.parse(now) + DRAIN_RETRY_INTERVAL_SECONDS * 1000,
        input.nodeDrainTimeoutSeconds ? Date.parse(startedAt) + input.nodeDrainTimeoutSeconds * 1000 + 1 : Number.POSITIVE_INFINITY,
      );
      const { results, observation } = await waits.evictAndObserve({
        cluster: input.cluster,
        nodeName: input.nodeName,
        pods: plan.evict,
        gracePeriodSeconds: plan.gracePeriodSeconds,
        cordonFirst: plan.cordon,
        alsoAwait: plan.waitingFor.filter((p) => p.why === 'terminating').map(({ namespace, name }) => ({ namespace, name })),
        maxWaitMs: Math.min(Math.max(latest - Date.parse(nowIso()), 1), TERMINATING_MAX_WAIT_MS),
        observe: observeRequest,
      });
      attempts = recordAttempts(attempts, results, now);
      if (observation) {
        nextObservation = observation;
        continue;
      }
      // Every eviction was refused: say why now, then wait for the next attempt below.
      const refused = planWith(attempts);
      await publish({ explanation: refused.explanation, conditionMessage: refused.conditionMessage, passes: pass, startedAt });
    } else if (plan.evict.length > 0) {
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
  }
}

/**
 * CAPI waits, after the drain, until the node's volumes are detached (or nodeVolumeDetachTimeout),
 * so a PersistentVolume is free before its machine goes; PVCs of Pods the drain skipped are not
 * waited for. Each pass re-plans from what the long-polling activity saw.
 */
async function waitForVolumeDetachLoop(
  input: DrainWorkflowInput,
  claims: string[],
  /** what the drain's last observation already saw: planned at once, without another activity */
  alreadySeen: VolumesSeen | undefined,
  publish: (explanation: string, conditionMessage: string) => Promise<void>,
): Promise<'detached' | 'skipped' | 'timedOut'> {
  const { waits } = providerActivities(input.provider);
  const startedAt = nowIso();
  const timeoutMs = (input.nodeVolumeDetachTimeoutSeconds ?? 0) * 1000;
  let known = -1; // the first call answers at once
  let given = alreadySeen;
  for (;;) {
    const left = timeoutMs > 0 ? Date.parse(startedAt) + timeoutMs - Date.parse(nowIso()) : VOLUME_WAIT_SLICE_MS;
    const maxWaitMs = known < 0 ? 0 : Math.max(Math.min(VOLUME_WAIT_SLICE_MS, left), 0);
    const seen = given ?? (await waits.awaitVolumesChange({ cluster: input.cluster, nodeName: input.nodeName, known, maxWaitMs }));
    given = undefined;
    known = seen.attached.length;
    const plan = planVolumeDetach(
      {
        machineAnnotations: input.machine.annotations,
        nodeName: input.nodeName,
        ...seen,
        claimsOfSkippedPods: claims,
        startedAt,
        nodeVolumeDetachTimeoutSeconds: input.nodeVolumeDetachTimeoutSeconds,
      },
      nowIso(),
    );
    await publish(plan.explanation, plan.conditionMessage);
    if (plan.proceed) return plan.timedOut ? 'timedOut' : plan.skip && plan.skip.reason !== 'NodeNotFound' ? 'skipped' : 'detached';
  }
}

/** What one read of the node's volumes saw (awaitVolumesChange's answer). */
interface VolumesSeen {
  nodeFound: boolean;
  nodeUnreachable: boolean;
  attached: AttachedVolume[];
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
