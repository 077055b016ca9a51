import type { SimLatencies } from '../../../activities/providers/sim/simApi';
import { sampleLatency } from '../latencies';
import type { WorldState } from './worldState';

/** What a world operation needs besides the state: the instant it happens at and the latencies in force. */
export interface OpContext {
  now: number;
  latencies: SimLatencies;
}

/** Draws a duration for a transition scheduled now, advancing the world's PRNG. */
export function drawLatency(state: WorldState, ctx: OpContext, base: number): number {
  const { ms, rngState } = sampleLatency(base, ctx.latencies.jitter, state.rngState);
  state.rngState = rngState;
  return ms;
}
