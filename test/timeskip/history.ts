/** Reading what the test server recorded, across every run of a continue-as-new chain. */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TimeSkipEnv } from './env';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandleWithFirstExecutionRunId['fetchHistory']>>['events']>[number];

/** Each run's events, first run to current, following continuedAsNew links. */
export async function historyChain(t: TimeSkipEnv, handle: WorkflowHandleWithFirstExecutionRunId): Promise<Array<{ runId: string; events: HistoryEvent[] }>> {
  const runs: Array<{ runId: string; events: HistoryEvent[] }> = [];
  for (let runId: string | undefined = handle.firstExecutionRunId; runId; ) {
    const events: HistoryEvent[] = (await t.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory()).events ?? [];
    runs.push({ runId, events });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    if (runs.length > 10_000) throw new Error(`${handle.workflowId}: continue-as-new chain does not end`);
  }
  return runs;
}

/** How many signals of that name the workflow received, over all its runs. */
export async function signalsReceived(t: TimeSkipEnv, handle: WorkflowHandleWithFirstExecutionRunId, signalName: string): Promise<number> {
  const runs = await historyChain(t, handle);
  return runs.flatMap((r) => r.events).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === signalName).length;
}
