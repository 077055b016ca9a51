import type { IntOrPercent } from '../../model/desired';

const PERCENT = /^(0|[1-9][0-9]*)%$/;

/**
 * Kubernetes `intstr.GetScaledValueFromIntOrPercent`: an int is itself; "N%" is N% of `total`,
 * rounded up or down as asked. A string that is not a percentage (even "2") is malformed, as in
 * Kubernetes: undefined (CAPI returns an error).
 */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  const m = PERCENT.exec(value);
  if (!m) return undefined;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
