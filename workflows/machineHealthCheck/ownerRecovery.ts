import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import { machinesHealthyAgainSignal } from './definitions';

/**
 * Tells each MachineSet owner which of the machines it was handed are healthy again
 * (shared/planners/health/ownerHandOvers.ts), and forgets those hand-overs: a machine that fails
 * again is handed over again.
 */
export async function tellOwnersHealthyAgain(byOwner: ReadonlyMap<string, string[]>, handedOver: Set<string>): Promise<void> {
  for (const [owner, names] of byOwner) {
    for (const name of names) handedOver.delete(name);
    try {
      await getExternalWorkflowHandle(owner).signal(machinesHealthyAgainSignal, { names });
    } catch (err) {
      log.warn('owner not reachable for a recovered machine', { owner, error: String(err) });
    }
  }
}
