import { MIRROR_POD_ANNOTATION, POD_DRAIN_LABEL, UNREACHABLE_SKIP_DELETED_AFTER_SECONDS } from './constants';
import { ruleAppliesToPod } from './drainRules';
import { toMillis } from './time';
import type { DrainBehavior, DrainPod, MachineDrainRule } from './types';

/** What the filter chain decided for one Pod (CAPI `PodDeleteStatus`). */
export interface PodClassification {
  pod: DrainPod;
  behavior: DrainBehavior;
  /** only meaningful for Drain and WaitCompleted (WaitCompleted is always 0) */
  order: number;
  /** why the Pod is skipped or waited on without eviction */
  because?: string;
  /** evicted anyway, with these warnings */
  warnings: string[];
  /** the Pod could not be classified; CAPI fails the whole drain pass */
  error?: string;
}

export interface FilterContext {
  now: string;
  nodeUnreachable: boolean;
  /** MachineDrainRules matching the Machine, already sorted by name */
  rules: readonly MachineDrainRule[];
  namespaceLabels: Record<string, Record<string, string>>;
}

interface Verdict {
  behavior: DrainBehavior;
  order: number;
  because?: string;
  warning?: string;
  error?: string;
}

const OKAY: Verdict = { behavior: 'Drain', order: 0 };
const finished = (p: DrainPod) => p.phase === 'Succeeded' || p.phase === 'Failed';

/** `skipDeletedFilter`: on an unreachable Node, Pods deleted more than 1 s ago are ignored. */
function skipDeleted(pod: DrainPod, ctx: FilterContext): Verdict {
  if (!ctx.nodeUnreachable || !pod.deletionTimestamp) return OKAY;
  const age = Math.trunc((toMillis(ctx.now) - toMillis(pod.deletionTimestamp)) / 1000);
  if (age > UNREACHABLE_SKIP_DELETED_AFTER_SECONDS) {
    return { behavior: 'Skip', order: 0, because: 'Node unreachable and deletionTimestamp more than 1s ago' };
  }
  return OKAY;
}

/** `daemonSetFilter`: DaemonSet Pods are skipped unless finished or orphaned. */
function daemonSet(pod: DrainPod): Verdict {
  if (pod.ownerKind !== 'DaemonSet' || finished(pod)) return OKAY;
  if (pod.ownerMissing) return { ...OKAY, warning: 'evicting orphaned DaemonSet-managed Pod' };
  return {
    behavior: 'Skip',
    order: 0,
    because: 'DaemonSet-managed Pod',
    warning: 'ignoring DaemonSet-managed Pod',
  };
}

/** `mirrorPodFilter`: static Pods (seen through their mirror Pod) are skipped. */
function mirrorPod(pod: DrainPod): Verdict {
  if (pod.mirror || (pod.annotations !== undefined && MIRROR_POD_ANNOTATION in pod.annotations)) {
    return { behavior: 'Skip', order: 0, because: 'static (mirror) Pod' };
  }
  return OKAY;
}

/** `localStorageFilter`: emptyDir Pods are evicted with a warning (CAPI never refuses like kubectl). */
function localStorage(pod: DrainPod): Verdict {
  if (!pod.localStorage || finished(pod)) return OKAY;
  return { ...OKAY, warning: 'evicting Pod with local storage' };
}

/** `unreplicatedFilter`: Pods without a controller are evicted with a warning. */
function unreplicated(pod: DrainPod): Verdict {
  if (finished(pod) || pod.ownerKind !== 'none') return OKAY;
  return { ...OKAY, warning: 'evicting Pod that has no controller' };
}

/** `drainLabelFilter`: label `cluster.x-k8s.io/drain` = skip | wait-completed (case-insensitive). */
function drainLabel(pod: DrainPod): Verdict {
  const value = pod.labels[POD_DRAIN_LABEL];
  if (value === undefined) return OKAY;
  if (value.toLowerCase() === 'skip')
    return { behavior: 'Skip', order: 0, because: `label ${POD_DRAIN_LABEL}=${value}` };
  if (value.replace('-', '').toLowerCase() === 'waitcompleted') {
    return { behavior: 'WaitCompleted', order: 0, because: `label ${POD_DRAIN_LABEL}=${value}` };
  }
  return OKAY;
}

/** `machineDrainRulesFilter`: the first matching rule (by name) decides; default Drain, order 0. */
function drainRules(pod: DrainPod, ctx: FilterContext): Verdict {
  const nsLabels = ctx.namespaceLabels[pod.namespace];
  if (nsLabels === undefined) return { behavior: 'Drain', order: 0, error: 'Pod Namespace does not exist' };
  const rule = ctx.rules.find((r) => ruleAppliesToPod(r, pod, nsLabels));
  if (!rule) return OKAY;
  switch (rule.behavior) {
    case 'Drain':
      return { behavior: 'Drain', order: rule.order ?? 0 };
    case 'Skip':
      return { behavior: 'Skip', order: 0, because: `MachineDrainRule ${rule.name} (Skip)` };
    case 'WaitCompleted':
      return {
        behavior: 'WaitCompleted',
        order: 0,
        because: `MachineDrainRule ${rule.name} (WaitCompleted)`,
      };
  }
}

const FILTERS: readonly ((pod: DrainPod, ctx: FilterContext) => Verdict)[] = [
  skipDeleted,
  daemonSet,
  mirrorPod,
  localStorage,
  unreplicated,
  drainLabel,
  drainRules,
];

/**
 * CAPI `GetPodsForEviction` + `filterPods`: the filters run in order and stop at the first that
 * says Skip or WaitCompleted (so the Pod label beats MachineDrainRules, and DaemonSet/static Pods
 * never reach them); warnings are kept only for Pods that will be evicted.
 */
export function classifyPod(pod: DrainPod, ctx: FilterContext): PodClassification {
  const warnings: string[] = [];
  let verdict: Verdict = OKAY;
  for (const filter of FILTERS) {
    verdict = filter(pod, ctx);
    if (verdict.error) return { pod, behavior: 'Drain', order: 0, warnings: [], error: verdict.error };
    if (verdict.behavior !== 'Drain') break;
    if (verdict.warning) warnings.push(verdict.warning);
  }
  return {
    pod,
    behavior: verdict.behavior,
    order: verdict.behavior === 'WaitCompleted' ? 0 : verdict.order,
    because: verdict.because,
    warnings: verdict.behavior === 'Drain' ? warnings : [],
  };
}
