import type { ZodError, ZodIssue } from 'zod';
import { formatPath } from '../issuePath';

export interface PathViolation {
  path: string;
  rule: string;
  message: string;
}

/**
 * Turns zod's findings into rule-named issues. Refinements carry their rule in `params.rule`
 * (kinds/common/refine.ts); zod's built-in codes get stable rule ids here. An unknown field is
 * reported at its own path, so the user sees exactly which key to remove.
 */
export function zodIssuesToViolations(error: ZodError, kind: string): PathViolation[] {
  const out: PathViolation[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          path: formatPath([...issue.path, key]),
          rule: 'unknown-field',
          message: `unknown field "${key}": ${kind} has no such field here (schemas are closed, as in CAPI's CRDs)`,
        });
      }
      continue;
    }
    out.push({ path: formatPath(issue.path), ...describe(issue) });
  }
  return out;
}

function describe(issue: ZodIssue): { rule: string; message: string } {
  switch (issue.code) {
    case 'custom': {
      const rule = (issue.params as { rule?: unknown } | undefined)?.rule;
      return { rule: typeof rule === 'string' ? rule : 'invalid', message: issue.message };
    }
    case 'invalid_type':
      return issue.received === 'undefined'
        ? { rule: 'required', message: 'this field is required' }
        : { rule: 'type', message: `expected ${article(issue.expected)}, got ${issue.received}` };
    case 'invalid_literal':
      return {
        rule: 'enum',
        message: `must be ${JSON.stringify(issue.expected)} (got ${JSON.stringify(issue.received)})`,
      };
    case 'invalid_enum_value':
      return {
        rule: 'enum',
        message: `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')} (got ${JSON.stringify(issue.received)})`,
      };
    case 'invalid_union': {
      const expected = new Set<string>();
      for (const e of issue.unionErrors) {
        for (const i of e.issues)
          if (i.code === 'invalid_type' && i.path.length === issue.path.length) expected.add(i.expected);
      }
      return {
        rule: 'type',
        message:
          expected.size > 0
            ? `expected one of: ${[...expected].join(', ')}`
            : 'does not match any accepted form',
      };
    }
    case 'too_small':
      return {
        rule: issue.type === 'string' || issue.type === 'array' ? 'min-length' : 'minimum',
        message: issue.type === 'string' && issue.minimum === 1 ? 'must not be empty' : issue.message,
      };
    case 'too_big':
      return {
        rule: issue.type === 'string' || issue.type === 'array' ? 'max-length' : 'maximum',
        message: issue.message,
      };
    case 'invalid_string':
      return { rule: 'format', message: issue.message };
    default:
      return { rule: 'invalid', message: issue.message };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
