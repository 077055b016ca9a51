/**
 * The sim's only source of time. The world is evaluated lazily against `now()` on each request
 * (no timers, no busy loops), so a fake clock makes every lifecycle testable without waiting.
 */
export interface Clock {
  /** milliseconds since the epoch */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to: for unit tests of the world model. */
export class FakeClock implements Clock {
  constructor(private current = Date.parse('2025-01-01T00:00:00.000Z')) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error(`a clock does not go backwards (advance ${ms} ms)`);
    this.current += ms;
  }

  set(epochMs: number): void {
    this.current = epochMs;
  }
}
