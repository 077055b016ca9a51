import type { IntOrPercent } from './types';

const PERCENT = /^(0|[1-9][0-9]*)%$/;

/** A problem with a count-or-percentage value, or undefined when it is well-formed. */
export function checkCount(value: unknown, min: number): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return `${value} is not a whole number`;
    if (value < min) return `${value} is below the minimum of ${min}`;
    return undefined;
  }
  if (typeof value !== 'string') return `must be a whole number or a percentage such as "25%"`;
  if (!PERCENT.test(value)) return `"${value}" is neither a whole number nor a percentage such as "25%"`;
  const percent = Number(value.slice(0, -1));
  if (percent > 100) return `"${value}" is more than 100%`;
  if (min > 0 && percent === 0) return `"${value}" would allow nothing; use at least 1 or "1%"`;
  return undefined;
}

/** maxConcurrency: a count as is; "p%" of `size`, rounded down, at least 1 (Azure Fleet, Argo maxUpdate). */
export function resolveConcurrency(value: IntOrPercent, size: number): number {
  if (typeof value === 'number') return Math.max(1, value);
  const percent = Number(value.slice(0, -1));
  return Math.max(1, Math.floor((percent * size) / 100));
}

/** maxAllowedFailures: a count as is; "p%" of `size`, rounded up (Azure Fleet's ceil(p×N)). */
export function resolveFailures(value: IntOrPercent, size: number): number {
  if (typeof value === 'number') return Math.max(0, value);
  const percent = Number(value.slice(0, -1));
  return Math.ceil((percent * size) / 100);
}
