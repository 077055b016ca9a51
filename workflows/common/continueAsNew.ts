import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';

/** Default history length after which long-lived entities start afresh (well under the 50k limit). */
export const DEFAULT_CONTINUE_AS_NEW_EVENTS = 5000;

/**
 * True when the entity should continue-as-new: the server suggests it, or the history passed
 * the threshold (tests set a low one to exercise the path).
 */
export function shouldContinueAsNew(threshold?: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= (threshold ?? DEFAULT_CONTINUE_AS_NEW_EVENTS);
}

/** Lets in-flight update/signal handlers finish so nothing accepted is lost across the new run. */
export async function drainHandlers(): Promise<void> {
  await condition(allHandlersFinished);
}
