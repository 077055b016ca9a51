/**
 * Waits for a host to reach a power state: BMCs apply power requests asynchronously (a real
 * server takes seconds; sushy-tools' fake driver 1-11 s). `onPoll` is where an activity
 * heartbeats. Running out of time is retryable: the request stands, the next attempt looks again.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../../shared/errors';
import type { BmcClient, PowerState } from './bmcClient';

export interface PowerWaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  onPoll?: (state: PowerState) => void;
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

export async function waitForPowerState(
  bmc: BmcClient,
  target: 'on' | 'off',
  opts: PowerWaitOptions,
): Promise<PowerState> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: PowerState;
  for (;;) {
    last = await bmc.powerState();
    opts.onPoll?.(last);
    if (last === target) return last;
    if (opts.signal?.aborted) break;
    if (Date.now() >= deadline) break;
    await sleep(Math.min(opts.intervalMs ?? 1000, Math.max(0, deadline - Date.now())), opts.signal);
  }
  throw ApplicationFailure.create({
    type: ErrorTypes.ProviderUnavailable,
    message: `host ${bmc.description} did not reach power ${target} within ${Math.round(opts.timeoutMs / 1000)} s (last seen: ${last}); will look again`,
    nonRetryable: false,
  });
}
