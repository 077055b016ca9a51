import { violation, type RuleViolation } from './violation';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** metav1.Time fields such as `rolloutAfter`. */
export function checkRfc3339(value: string): RuleViolation | undefined {
  if (RFC3339.test(value) && !Number.isNaN(Date.parse(value))) return undefined;
  return violation('time-format', `"${value}" must be an RFC 3339 time such as 2025-01-31T12:00:00Z`);
}
