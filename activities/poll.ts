import { Context } from '@temporalio/activity';

/**
 * Waits inside an activity until `check` returns a value, heartbeating on every round so a
 * killed worker is noticed within the heartbeat timeout and the wait resumes elsewhere. Long
 * waits live here rather than as workflow timers to keep histories short (one activity per wait).
 */
export async function pollUntil<T>(
  describe: string,
  intervalMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const ctx = Context.current();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    ctx.heartbeat(describe);
    // rejects with CancelledFailure when the workflow cancels us; 0 = `check` itself waits (long-poll)
    if (intervalMs > 0) await ctx.sleep(intervalMs);
    else if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
  }
}
