import type { IntOrPercent } from '../../../../shared/model/desired';

const PERCENT = /^(0|[1-9][0-9]*)%$/;

export function isIntOrPercent(value: IntOrPercent): boolean {
  return typeof value === 'number' ? Number.isInteger(value) && value >= 0 : PERCENT.test(value);
}

/** apimachinery `intstr.GetScaledValueFromIntOrPercent`: an int is itself, "N%" is N% of `total`. */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const exact = (Number(value.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
