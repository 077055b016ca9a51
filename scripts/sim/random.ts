/**
 * A seeded PRNG (mulberry32) whose whole state is one uint32. The state lives in the persisted
 * world, so latency jitter stays reproducible for a given seed even across sim restarts.
 */
export function normalizeSeed(seed: number): number {
  return Math.trunc(seed) >>> 0;
}

/** Returns the next value in [0, 1) and the successor state. */
export function nextRandom(state: number): { value: number; state: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return { value, state: next };
}
