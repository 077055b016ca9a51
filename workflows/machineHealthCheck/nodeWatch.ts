import { CancellationScope, condition, patched } from '@temporalio/workflow';
import type { NodeConditionsAnswer } from '../../activities/machine/nodeConditions';
import type { ObservedNode } from '../../shared/planners/health';
import { providerActivities } from '../common/activityProxies';
import type { MachineHealthCheckWorkflowInput } from './definitions';

/** One long-poll answers at the latest after this, unchanged, so the loop can continue-as-new. */
export const DEFAULT_NODE_LONG_POLL_MS = 60_000;
const DEFAULT_POLL_MS = 10_000;
/** A wake this close is slept out on a timer: a long-poll started and cancelled costs more history. */
const SHORT_WAKE_MS = 2_000;

/**
 * How the health check learns about node conditions between its passes.
 * - Before 'mhc-node-long-poll' (and with `nodeLongPollMs: 0`): a fresh read on every pass and a
 *   pass every `pollIntervalMs` — about 11 history events every 10 s on a cluster where nothing
 *   happens.
 * - After: a heartbeating activity that answers only when the nodes' conditions change (or after a
 *   minute), raced against the workflow's own reasons for a pass: a signal and the planner's next
 *   deadline. Whichever wins, the other is cancelled.
 */
export interface NodeWatch {
  /** waits until a pass is due: `wake()` holds, `wakeInMs` passed (undefined: no deadline), or the nodes changed */
  untilPass(wake: () => boolean, wakeInMs: number | undefined): Promise<void>;
  /** the node conditions for the pass: what the long-poll answered when it ended the wait, else a fresh read */
  read(): Promise<ObservedNode[]>;
  /** the next pass's deadline for the planner's `nextCheckAt` (ms from now, if any) */
  nextWake(nextCheckInMs: number | undefined): number | undefined;
}

export function nodeWatch(input: MachineHealthCheckWorkflowInput): NodeWatch {
  const longPollMs = input.nodeLongPollMs ?? DEFAULT_NODE_LONG_POLL_MS;
  return longPollMs > 0 && patched('mhc-node-long-poll') ? longPollWatch(input, longPollMs) : timerWatch(input);
}

/** The original loop, command for command: recorded histories replay through it. */
function timerWatch(input: MachineHealthCheckWorkflowInput): NodeWatch {
  const { quick } = providerActivities(input.context.provider);
  const pollMs = input.pollIntervalMs ?? DEFAULT_POLL_MS;
  return {
    async untilPass(wake, wakeInMs) {
      await condition(wake, Math.max(wakeInMs ?? pollMs, 1));
    },
    read: () => quick.listNodeConditions({ cluster: input.context.cluster }),
    nextWake: (next) => Math.min(next ?? pollMs, pollMs),
  };
}

function longPollWatch(input: MachineHealthCheckWorkflowInput, longPollMs: number): NodeWatch {
  const { quick, waits } = providerActivities(input.context.provider);
  const cluster = input.context.cluster;
  let last: NodeConditionsAnswer | undefined;
  /** set when the long-poll's answer ended the wait: the pass reads nothing else */
  let changed: NodeConditionsAnswer | undefined;

  return {
    async untilPass(wake, wakeInMs) {
      changed = undefined;
      if (!last || wake()) return;
      if (wakeInMs !== undefined && wakeInMs <= SHORT_WAKE_MS) {
        await condition(wake, Math.max(wakeInMs, 1));
        return;
      }
      const since = last.version;
      const scope = new CancellationScope();
      try {
        changed = await scope.run(() =>
          Promise.race([
            waits.awaitNodeConditionsChange({ cluster, since, maxWaitMs: longPollMs }),
            (wakeInMs === undefined ? condition(wake) : condition(wake, wakeInMs)).then(() => undefined),
          ]),
        );
      } finally {
        // The loser stops here: the activity learns it on its next heartbeat and aborts its request.
        scope.cancel();
      }
    },
    async read() {
      // A pass woken by a signal or a deadline reads afresh: a machine that just joined must find
      // its Node (a missing Node is remediated at once), and a recovered Node must count as such.
      last = changed ?? (await quick.awaitNodeConditionsChange({ cluster, maxWaitMs: 0 }));
      return last.nodes;
    },
    nextWake: (next) => next,
  };
}
