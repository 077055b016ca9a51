import type { z } from 'zod';
import type { Check, RuleViolation } from '../../rules/violation';

/**
 * Bridges pure rule checks into zod: the rule id travels in `params.rule`, which `zodIssues.ts`
 * reads back, so every schema failure carries the rule that was broken. Custom issues only mark
 * the parse "dirty" (not aborted), so sibling fields keep being validated.
 */
export function addViolation(ctx: z.RefinementCtx, v: RuleViolation, path: (string | number)[] = []): void {
  ctx.addIssue({ code: 'custom', message: v.message, path, params: { rule: v.rule } });
}

export function refineWith<T>(check: Check<T>): (value: T, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    const v = check(value);
    if (v) addViolation(ctx, v);
  };
}
