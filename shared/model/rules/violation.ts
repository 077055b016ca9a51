/**
 * A rule that a value breaks: a short id (stable, used by tests and tooling) plus the sentence
 * that says the rule. Pure checks return one of these or `undefined`; zod refinements and the
 * cross-document compiler both turn them into ValidationIssues, so a rule is written once.
 */
export interface RuleViolation {
  rule: string;
  message: string;
}

export type Check<T> = (value: T) => RuleViolation | undefined;

export function violation(rule: string, message: string): RuleViolation {
  return { rule, message };
}
