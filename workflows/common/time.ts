/** Workflow time as ISO string; Date in the workflow sandbox is the deterministic task time. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Workflow time in epoch milliseconds (the deterministic task time, as `nowIso`). */
export function nowMs(): number {
  return Date.parse(nowIso());
}
