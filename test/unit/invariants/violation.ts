/**
 * One broken invariant. `rule` is a stable name the checker tests assert on; `message` says what
 * was seen, with the numbers, so a failure report is readable without re-running it.
 */
export interface Violation {
  rule: string;
  message: string;
}

export const violation = (rule: string, message: string): Violation => ({ rule, message });

/** "rule: message; rule: message" — the form failure reports and checker tests use. */
export const describeViolations = (vs: readonly Violation[]): string =>
  vs.map((v) => `${v.rule}: ${v.message}`).join('; ');
