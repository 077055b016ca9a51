import { violation, type RuleViolation } from './violation';

/** MHC `unhealthyRange`, e.g. "[3-5]": remediation allowed while min ≤ unhealthy ≤ max. */
const RANGE = /^\[([0-9]+)-([0-9]+)\]$/;

export function parseUnhealthyRange(value: string): { min: number; max: number } | undefined {
  const m = RANGE.exec(value);
  if (!m) return undefined;
  return { min: Number(m[1]), max: Number(m[2]) };
}

export function checkUnhealthyRange(value: string): RuleViolation | undefined {
  const r = parseUnhealthyRange(value);
  if (!r)
    return violation('unhealthy-range-format', `"${value}" must have the form "[min-max]", e.g. "[3-5]"`);
  if (r.min > r.max)
    return violation('unhealthy-range-order', `in "${value}" the minimum must not exceed the maximum`);
  return undefined;
}
