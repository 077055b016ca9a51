import { condition } from '@temporalio/workflow';

/**
 * Makes an Update that hands a change to the main loop complete only once the main loop has taken
 * that change in.
 *
 * Why: a handler that just marks the workflow dirty and returns completes a few microtasks later,
 * while the main loop, woken by the same mark (or by a signal in the same activation), emits its
 * own commands (child signals, search attributes). Which of the two wins depends on the order of
 * the jobs in the activation, and Core orders a signal and an Update differently on a live worker
 * and on replay: a worker restarted while an Update was arriving recorded UpdateAccepted, a child
 * signal, then UpdateCompleted, and every later replay produced UpdateCompleted first
 * ("Update machine does not handle this event: SignalExternalWorkflowExecutionInitiated").
 * Waiting on a condition the main loop satisfies ties the completion to the main loop's progress:
 * conditions are re-checked only after the activation's microtasks settle, so UpdateCompleted
 * always follows the commands of the pass that took the change, live and on replay.
 */
export interface UpdateBarrier {
  /**
   * Called by a handler after it changed the state: `result` as is when the barrier is off (runs
   * recorded before it, whose handlers completed synchronously), else a promise of it that
   * resolves once the main loop took the change in (or no further pass will come).
   */
  complete<T>(result: T): T | Promise<T>;
  /** The main loop took in every change made so far (call where it clears its dirty mark). */
  taken(): void;
  /** No further pass will come (continue-as-new, or the workflow ends): waiting handlers finish. */
  release(): void;
}

export function createUpdateBarrier(enabled: boolean): UpdateBarrier {
  let requested = 0;
  let takenUpTo = 0;
  let released = false;
  return {
    complete<T>(result: T): T | Promise<T> {
      if (!enabled) return result;
      const mine = ++requested;
      return condition(() => takenUpTo >= mine || released).then(() => result);
    },
    taken() {
      takenUpTo = requested;
    },
    release() {
      released = true;
    },
  };
}
