import {
  DRAIN_RETRY_INTERVAL_SECONDS,
  EXCLUDE_NODE_DRAINING_ANNOTATION,
  UNREACHABLE_GRACE_PERIOD_SECONDS,
} from './constants';
import { drainConditionMessage } from './drainConditionMessage';
import { trackProgress } from './drainProgress';
import { nodeDrainTimeoutExceeded } from './drainTimeout';
import { rulesForMachine } from './drainRules';
import { groupForEviction } from './evictionGroups';
import { explainDrain } from './explainDrain';
import { isBudgetRefusal } from './pdbs';
import { classifyPod, type PodClassification } from './podFilters';
import { countPods, podName } from './podLists';
import { addSeconds, formatAge, fromMillis, secondsBetween, toMillis } from './time';
import type { DrainPlan, DrainState, PodRef, WaitingPod } from './types';

const ref = (c: PodClassification): PodRef => ({ namespace: c.pod.namespace, name: c.pod.name });

function emptyPlan(): DrainPlan {
  return {
    cordon: false,
    evict: [],
    waitingFor: [],
    skipped: [],
    warnings: [],
    done: false,
    timedOut: false,
    proceed: false,
    conditionMessage: '',
    explanation: '',
    errors: [],
  };
}

/**
 * One drain pass of CAPI `drainNode`, pure. Skipped with the exclude-node-draining annotation or
 * once nodeDrainTimeout has elapsed (`isNodeDrainAllowed`); a missing Node needs no drain. Else:
 * cordon, classify every Pod (DaemonSet and static Pods skipped, drain label, MachineDrainRules),
 * evict the lowest order group through the Eviction API (PDBs honoured by the API server), wait
 * for terminating and WaitCompleted Pods, and come back in 20 s. Done when no Pod that must
 * leave is left on the Node.
 */
export function planDrain(state: DrainState, now: string): DrainPlan {
  const plan = emptyPlan();
  if (EXCLUDE_NODE_DRAINING_ANNOTATION in state.machine.annotations) {
    const message = `drain skipped: the Machine has annotation ${EXCLUDE_NODE_DRAINING_ANNOTATION}`;
    return {
      ...plan,
      skip: { reason: 'ExcludeNodeDrainingAnnotation', message },
      proceed: true,
      explanation: message,
    };
  }
  if (nodeDrainTimeoutExceeded(state.nodeDrainTimeoutSeconds, state.drainStartedAt, now)) {
    const remaining = state.pods.filter((p) => !p.deletionTimestamp).length;
    const message =
      `nodeDrainTimeout ${formatAge(state.nodeDrainTimeoutSeconds!)} exceeded (drain started ${formatAge(secondsBetween(state.drainStartedAt, now))} ago); ` +
      `deletion continues without draining the remaining ${countPods(remaining)}`;
    return {
      ...plan,
      skip: { reason: 'DrainTimeoutExceeded', message },
      timedOut: true,
      proceed: true,
      explanation: message,
    };
  }
  if (!state.nodeFound) {
    const message = `Node ${state.nodeName} not found: nothing to drain`;
    return {
      ...plan,
      skip: { reason: 'NodeNotFound', message },
      done: true,
      proceed: true,
      explanation: message,
    };
  }

  plan.cordon = !state.cordoned;
  if (state.nodeUnreachable) plan.gracePeriodSeconds = UNREACHABLE_GRACE_PERIOD_SECONDS;
  const rules = rulesForMachine(state.rules, state.machine.labels, state.clusterLabels);
  const classified = state.pods.map((pod) =>
    classifyPod(pod, {
      now,
      nodeUnreachable: state.nodeUnreachable,
      rules,
      namespaceLabels: state.namespaceLabels,
    }),
  );
  const retryAt = addSeconds(now, DRAIN_RETRY_INTERVAL_SECONDS);
  plan.errors = classified.filter((c) => c.error).map((c) => `Pod ${podName(c.pod)}: ${c.error}`);
  if (plan.errors.length > 0) {
    return {
      ...plan,
      nextAttemptAt: retryAt,
      explanation: `cannot drain Node ${state.nodeName}: ${plan.errors.join('; ')}`,
    };
  }

  const groups = groupForEviction(classified);
  plan.skipped = groups.ignored.map((c) => ({ ...ref(c), why: c.because ?? 'skipped' }));
  plan.warnings = classified.flatMap((c) => c.warnings.map((message) => ({ pod: ref(c), message })));
  if (classified.every((c) => c.behavior === 'Skip')) {
    const skippedNote = plan.skipped.length > 0 ? ` (${countPods(plan.skipped.length)} skipped)` : '';
    return {
      ...plan,
      done: true,
      proceed: true,
      explanation: `drain of Node ${state.nodeName} completed: no pods left to evict${skippedNote}`,
    };
  }

  const progress = trackProgress(groups, state.attempts, now);
  plan.evict = [...progress.fresh, ...progress.failed.filter((f) => f.retryNow).map((f) => f.pod)].map(ref);
  plan.evict.sort((a, b) => (podName(a) < podName(b) ? -1 : 1));
  plan.waitingFor = waitingPods(progress, groups.minOrder);
  plan.nextAttemptAt = nextAttempt(now, plan.waitingFor, state);
  plan.conditionMessage = drainConditionMessage(progress, state.drainStartedAt);
  plan.explanation = explainDrain({
    progress,
    pdbs: state.pdbs,
    drainStartedAt: state.drainStartedAt,
    nodeDrainTimeoutSeconds: state.nodeDrainTimeoutSeconds,
    now,
  });
  return plan;
}

function waitingPods(progress: ReturnType<typeof trackProgress>, minOrder: number): WaitingPod[] {
  const g = progress.groups;
  const waiting: WaitingPod[] = [];
  for (const c of g.terminating) waiting.push({ ...ref(c), why: 'terminating', order: c.order });
  for (const c of progress.accepted)
    waiting.push({ ...ref(c), why: 'terminating', order: c.order, detail: 'eviction accepted' });
  for (const f of progress.failed) {
    if (f.retryNow) continue;
    waiting.push({
      ...ref(f.pod),
      why: isBudgetRefusal(f.attempt.lastError) ? 'evictionRefused' : 'evictionFailed',
      order: f.pod.order,
      retryAt: addSeconds(f.attempt.lastAttemptAt, DRAIN_RETRY_INTERVAL_SECONDS),
      detail: f.attempt.lastError,
    });
  }
  for (const c of g.waitCompletedNow) waiting.push({ ...ref(c), why: 'waitCompleted', order: c.order });
  for (const c of g.evictLater)
    waiting.push({ ...ref(c), why: 'laterOrder', order: c.order, detail: `after order ${minOrder}` });
  for (const c of g.waitCompletedLater) {
    waiting.push({
      ...ref(c),
      why: 'waitCompletedLaterOrder',
      order: c.order,
      detail: `after order ${minOrder}`,
    });
  }
  return waiting;
}

/** The next pass: `drainRetryInterval` from now, earlier if a refused Pod may be retried sooner or the timeout hits. */
function nextAttempt(now: string, waiting: readonly WaitingPod[], state: DrainState): string {
  let next = toMillis(addSeconds(now, DRAIN_RETRY_INTERVAL_SECONDS));
  for (const w of waiting) if (w.retryAt !== undefined) next = Math.min(next, toMillis(w.retryAt));
  if (state.nodeDrainTimeoutSeconds !== undefined && state.nodeDrainTimeoutSeconds > 0) {
    next = Math.min(next, toMillis(addSeconds(state.drainStartedAt, state.nodeDrainTimeoutSeconds)));
  }
  return fromMillis(Math.max(next, toMillis(now)));
}
