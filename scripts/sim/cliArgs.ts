/**
 * Parsers of `capstan sim` flag values that are specific to the workload clusters: cluster
 * references, labels, budgets, condition statuses. Each throws an Error with the accepted forms;
 * the CLI turns it into a bad-input exit.
 */
import type { ResourceKey } from '../../shared/ids';
import type { IntOrPercent } from '../../shared/model/desired';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** `name` (in `defaultNamespace`) or `namespace/name`. */
export function parseObjectRef(text: string, defaultNamespace: string, what: string): ResourceKey {
  const parts = text.split('/');
  const [namespace, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [defaultNamespace, parts[0]!];
  if (parts.length > 2 || !NAME.test(namespace) || !NAME.test(name)) {
    throw new Error(`"${text}" is not a ${what} reference (name or namespace/name)`);
  }
  return { namespace, name };
}

/** `key=value` pairs, each flag once. */
export function parseLabels(pairs: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`"${pair}" is not a label of the form key=value`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

/** A budget value: an integer >= 0 or a percentage such as "50%". */
export function parseIntOrPercent(text: string): IntOrPercent {
  if (/^(0|[1-9][0-9]*)%$/.test(text)) return text;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new Error(`"${text}" is neither an integer >= 0 nor a percentage like 50%`);
  return n;
}

export function parseConditionStatus(text: string): 'True' | 'False' | 'Unknown' {
  const found = (['True', 'False', 'Unknown'] as const).find((s) => s.toLowerCase() === text.toLowerCase());
  if (!found) throw new Error(`"${text}" is not a condition status (True, False or Unknown)`);
  return found;
}

export function parsePositiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`"${text}" is not a whole number >= 1`);
  return n;
}

export function parseBooleanFlag(text: string): boolean {
  if (/^(true|yes|on|1)$/i.test(text)) return true;
  if (/^(false|no|off|0)$/i.test(text)) return false;
  throw new Error(`"${text}" is not true or false`);
}

/** `5s..30s`: the range chaos draws each fault's length from. */
export function parseRange(text: string, parse: (part: string) => number): { min: number; max: number } {
  const [a, b] = text.split('..');
  if (a === undefined || b === undefined || a === '' || b === '')
    throw new Error(`"${text}" is not a range like 5s..30s`);
  const min = parse(a);
  const max = parse(b);
  if (min > max) throw new Error(`range "${text}" ends before it starts`);
  return { min, max };
}

/** Commander's accumulator for repeatable flags. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
