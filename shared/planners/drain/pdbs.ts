import { matchesSelector } from '../../model/rules/labelSelector';
import type { DrainPod, PodDisruptionBudgetInfo } from './types';

/** PodDisruptionBudgets in the Pod's namespace whose selector matches it (the Eviction API's check). */
export function budgetsForPod(
  pod: DrainPod,
  pdbs: readonly PodDisruptionBudgetInfo[],
): PodDisruptionBudgetInfo[] {
  return pdbs.filter((b) => b.namespace === pod.namespace && matchesSelector(b.selector, pod.labels));
}

/** True when an eviction error is the PDB refusal (HTTP 429 "would violate the pod's disruption budget"). */
export function isBudgetRefusal(error: string | undefined): boolean {
  return error !== undefined && /disruption budget/i.test(error);
}

/** The budget named in the refusal's cause: "The disruption budget api needs 3 healthy pods ...". */
export function budgetNameFromError(error: string): string | undefined {
  return /disruption budget (\S+) needs/i.exec(error)?.[1];
}

/** "minAvailable 3", "maxUnavailable 10%", as the user declared the budget. */
export function describeBudget(pdb: PodDisruptionBudgetInfo): string {
  if (pdb.minAvailable !== undefined) return `minAvailable ${String(pdb.minAvailable)}`;
  if (pdb.maxUnavailable !== undefined) return `maxUnavailable ${String(pdb.maxUnavailable)}`;
  return 'no minAvailable or maxUnavailable';
}

/**
 * A budget that can never allow a voluntary eviction: minAvailable at least the expected Pods
 * (or 100%), or maxUnavailable 0 — the classic drain deadlock (CAPI #2331, #3635).
 */
export function budgetNeverAllows(pdb: PodDisruptionBudgetInfo): string | undefined {
  const { minAvailable, maxUnavailable, expectedPods } = pdb;
  if (minAvailable === '100%') return 'minAvailable 100%';
  if (typeof minAvailable === 'number' && expectedPods > 0 && minAvailable >= expectedPods) {
    return `minAvailable ${minAvailable} with ${expectedPods} expected pods`;
  }
  if (maxUnavailable === 0 || maxUnavailable === '0%') return `maxUnavailable ${String(maxUnavailable)}`;
  return undefined;
}
