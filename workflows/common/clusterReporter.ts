import { getExternalWorkflowHandle, log, setCurrentDetails, type SignalDefinition } from '@temporalio/workflow';

/**
 * How a child entity (control plane, MachineDeployment, health check) tells its cluster about
 * itself: a status signal, sent only when its fingerprint changed, because every signal costs the
 * cluster a workflow task. The run's current details say what the child does now. A cluster that
 * is gone (e.g. terminated by hand) only costs a warning.
 */
export function clusterReporter<T>(
  clusterWorkflowId: string,
  signal: SignalDefinition<[T]>,
  fingerprint: (status: T) => string,
): (status: T, details: string) => Promise<void> {
  const cluster = getExternalWorkflowHandle(clusterWorkflowId);
  let last = '';
  return async (status, details) => {
    const fp = fingerprint(status);
    if (fp === last) return;
    last = fp;
    setCurrentDetails(details);
    try {
      await cluster.signal(signal, status);
    } catch (err) {
      log.warn('cluster workflow not reachable', { error: String(err) });
    }
  };
}
