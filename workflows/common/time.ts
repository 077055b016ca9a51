/** Workflow time as ISO string; Date in the workflow sandbox is the deterministic task time. */
export function nowIso(): string {
  return new Date().toISOString();
}
