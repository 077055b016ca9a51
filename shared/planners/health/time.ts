/**
 * ISO-8601 arithmetic for the health planner. Time always arrives as an argument (`now`), never
 * from the clock, so the planner stays deterministic and safe inside the workflow sandbox.
 */
export function toMillis(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: "${iso}"`);
  return ms;
}

export function fromMillis(ms: number): string {
  return new Date(ms).toISOString();
}
