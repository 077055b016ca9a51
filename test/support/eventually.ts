/** How long, and how often, a poll waits. */
export interface PollOptions {
  timeoutMs?: number;
  /** between reads; 20 ms by default (the sim advances with real time in these tests) */
  intervalMs?: number;
  /** a read that throws counts as "not yet" (e.g. a query before the workflow's first task); the last error is reported on timeout */
  tolerateErrors?: boolean;
}

const options = (o: number | PollOptions | undefined, timeoutMs: number): Required<PollOptions> => {
  const given = typeof o === 'number' ? { timeoutMs: o } : (o ?? {});
  return { timeoutMs: given.timeoutMs ?? timeoutMs, intervalMs: given.intervalMs ?? 20, tolerateErrors: given.tolerateErrors ?? false };
};

/** Polls `check` until it returns a value (not undefined), or throws naming `what` when time is up. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, opts?: number | PollOptions): Promise<T> {
  const o = options(opts, 5000);
  const deadline = Date.now() + o.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      if (!o.tolerateErrors) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await new Promise((r) => setTimeout(r, o.intervalMs));
  }
}

/** Reads until `ok` holds and returns that read; on timeout throws with the last value read. */
export async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, opts?: number | PollOptions): Promise<T> {
  let last: T | undefined;
  try {
    return await eventually(what, async () => {
      last = await read();
      return ok(last) ? last : undefined;
    }, opts);
  } catch (err) {
    throw new Error(`${(err as Error).message}; last read: ${JSON.stringify(last)?.slice(0, 2000)}`);
  }
}
