import type { HealthCheckPlan, RemediationRequest } from './types';

export interface RemediationRequestChanges {
  /** requests to create, as the pass planned them */
  create: RemediationRequest[];
  /** requests to delete, each with why */
  finish: Array<{ name: string; reason: string }>;
}

export const MACHINE_HEALTHY_AGAIN = 'the machine is healthy again';
export const MACHINE_GONE = 'the machine no longer exists';

/**
 * The request changes of one health-check pass: what the plan creates and deletes (machines
 * healthy again), plus the requests whose Machine is gone. CAPI gives each request an ownerRef to
 * its Machine, so the garbage collector deletes it with the Machine (e.g. after the owner replaced
 * it); Capstan has no garbage collector, so the check does it.
 */
export function planRemediationRequestChanges(
  plan: Pick<HealthCheckPlan, 'createRemediationRequests' | 'deleteRemediationRequests'>,
  existing: readonly string[],
  machines: readonly string[],
): RemediationRequestChanges {
  const present = new Set(machines);
  const finish = plan.deleteRemediationRequests.map((name) => ({ name, reason: MACHINE_HEALTHY_AGAIN }));
  for (const name of existing) {
    if (!present.has(name) && !finish.some((f) => f.name === name)) finish.push({ name, reason: MACHINE_GONE });
  }
  return { create: [...plan.createRemediationRequests], finish };
}
