import type { IntOrPercent } from '../../model/desired';

/** Thrown when a strategy value cannot be scaled; names the field so the message is actionable. */
export class RolloutStrategyError extends Error {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'RolloutStrategyError';
  }
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is taken as is; "N%" is N percent of `total`,
 * rounded up (maxSurge) or down (maxUnavailable). The arithmetic is the same float expression
 * as in Go, `value * total / 100`, so the rounding edge cases match.
 */
export function scaledValueFromIntOrPercent(
  value: IntOrPercent,
  total: number,
  roundUp: boolean,
  field: string,
): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new RolloutStrategyError(field, `${value} is not an integer`);
    return value;
  }
  if (!value.endsWith('%')) {
    throw new RolloutStrategyError(field, `invalid value "${value}": string is not a percentage`);
  }
  const digits = value.slice(0, -1);
  // strconv.Atoi: optional sign, decimal digits only.
  if (!/^[+-]?[0-9]+$/.test(digits)) {
    throw new RolloutStrategyError(field, `invalid value "${value}": not an integer percentage`);
  }
  const percent = Number.parseInt(digits, 10);
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
