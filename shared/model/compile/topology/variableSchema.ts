import type { OpenApiSchema } from '../../kinds/common/openApiSchema';
import { formatPath } from '../../issuePath';
import { violation, type RuleViolation } from '../../rules/violation';

export interface PathedViolation extends RuleViolation {
  /** path segments inside the value */
  at: (string | number)[];
}

const UNSUPPORTED_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'not', 'x-kubernetes-validations'] as const;

/**
 * Keywords of a ClusterClass variable schema Capstan cannot evaluate. They are refused rather
 * than skipped: skipping a validation would let values through that CAPI would reject.
 */
export function unsupportedKeywords(schema: OpenApiSchema, at: (string | number)[] = []): string[] {
  const found: string[] = [];
  for (const k of UNSUPPORTED_KEYWORDS) if (schema[k] !== undefined) found.push(formatPath([...at, k]));
  for (const [name, sub] of Object.entries(schema.properties ?? {}))
    found.push(...unsupportedKeywords(sub, [...at, 'properties', name]));
  if (schema.items) found.push(...unsupportedKeywords(schema.items, [...at, 'items']));
  if (typeof schema.additionalProperties === 'object') {
    found.push(...unsupportedKeywords(schema.additionalProperties, [...at, 'additionalProperties']));
  }
  return found;
}

/**
 * Structural defaulting as the API server applies it to a variable: the top-level default when
 * the value is absent, then property defaults inside objects (recursively) and inside array items.
 */
export function applyDefaults(value: unknown, schema: OpenApiSchema): unknown {
  const v = value === undefined ? clone(schema.default) : value;
  if (isRecord(v) && schema.properties) {
    const out: Record<string, unknown> = { ...v };
    for (const [name, sub] of Object.entries(schema.properties)) {
      const defaulted = applyDefaults(out[name], sub);
      if (defaulted !== undefined) out[name] = defaulted;
    }
    return out;
  }
  if (Array.isArray(v) && schema.items) {
    const items = schema.items;
    return v.map((item) => applyDefaults(item, items));
  }
  return v;
}

/** Checks a value against the supported subset of OpenAPI v3 (see kinds/common/openApiSchema.ts). */
export function validateAgainstSchema(
  value: unknown,
  schema: OpenApiSchema,
  at: (string | number)[] = [],
): PathedViolation[] {
  const out: PathedViolation[] = [];
  const add = (rule: string, message: string, where = at) =>
    out.push({ ...violation(rule, message), at: where });

  if (value === null) {
    if (!schema.nullable) add('variable-type', 'must not be null');
    return out;
  }
  if (!matchesType(value, schema)) {
    add('variable-type', `must be of type ${schema.type ?? 'any'} (got ${describeType(value)})`);
    return out;
  }
  if (schema.enum && !schema.enum.some((e) => deepEqual(e, value))) {
    add(
      'variable-enum',
      `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')} (got ${JSON.stringify(value)})`,
    );
  }
  if (typeof value === 'number') checkNumber(value, schema, add);
  if (typeof value === 'string') checkString(value, schema, add);
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      add('variable-min-items', `must have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      add('variable-max-items', `must have at most ${schema.maxItems} items`);
    if (schema.uniqueItems && value.some((x, i) => value.findIndex((y) => deepEqual(x, y)) !== i)) {
      add('variable-unique-items', 'items must be unique');
    }
    if (schema.items) {
      const items = schema.items;
      value.forEach((item, i) => out.push(...validateAgainstSchema(item, items, [...at, i])));
    }
  }
  if (isRecord(value)) checkObject(value, schema, at, add, out);
  return out;
}

function checkNumber(value: number, s: OpenApiSchema, add: (rule: string, message: string) => void): void {
  if (s.minimum !== undefined && (s.exclusiveMinimum ? value <= s.minimum : value < s.minimum)) {
    add(
      'variable-minimum',
      `must be ${s.exclusiveMinimum ? 'greater than' : 'at least'} ${s.minimum} (got ${value})`,
    );
  }
  if (s.maximum !== undefined && (s.exclusiveMaximum ? value >= s.maximum : value > s.maximum)) {
    add(
      'variable-maximum',
      `must be ${s.exclusiveMaximum ? 'less than' : 'at most'} ${s.maximum} (got ${value})`,
    );
  }
  if (s.multipleOf !== undefined && s.multipleOf > 0 && !Number.isInteger(value / s.multipleOf)) {
    add('variable-multiple-of', `must be a multiple of ${s.multipleOf}`);
  }
}

function checkString(value: string, s: OpenApiSchema, add: (rule: string, message: string) => void): void {
  const length = [...value].length;
  if (s.minLength !== undefined && length < s.minLength)
    add('variable-min-length', `must be at least ${s.minLength} characters`);
  if (s.maxLength !== undefined && length > s.maxLength)
    add('variable-max-length', `must be at most ${s.maxLength} characters`);
  if (s.pattern !== undefined) {
    const re = compilePattern(s.pattern);
    if (!re)
      add(
        'variable-pattern',
        `the schema's pattern ${JSON.stringify(s.pattern)} is not a valid regular expression`,
      );
    else if (!re.test(value))
      add('variable-pattern', `${JSON.stringify(value)} must match the pattern ${JSON.stringify(s.pattern)}`);
  }
}

function checkObject(
  value: Record<string, unknown>,
  s: OpenApiSchema,
  at: (string | number)[],
  add: (rule: string, message: string, where?: (string | number)[]) => void,
  out: PathedViolation[],
): void {
  for (const name of s.required ?? []) {
    if (value[name] === undefined)
      add('variable-required-field', `the field "${name}" is required`, [...at, name]);
  }
  const keys = Object.keys(value);
  if (s.minProperties !== undefined && keys.length < s.minProperties)
    add('variable-min-properties', `must have at least ${s.minProperties} fields`);
  if (s.maxProperties !== undefined && keys.length > s.maxProperties)
    add('variable-max-properties', `must have at most ${s.maxProperties} fields`);
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  for (const key of keys) {
    const propSchema = s.properties?.[key];
    if (propSchema) {
      out.push(...validateAgainstSchema(value[key], propSchema, [...at, key]));
    } else if (typeof s.additionalProperties === 'object') {
      out.push(...validateAgainstSchema(value[key], s.additionalProperties, [...at, key]));
    } else if (
      !preserve &&
      s.additionalProperties !== true &&
      (s.properties !== undefined || s.additionalProperties === false)
    ) {
      add('variable-unknown-field', `the field "${key}" is not declared in the variable's schema`, [
        ...at,
        key,
      ]);
    }
  }
}

function matchesType(value: unknown, s: OpenApiSchema): boolean {
  if (s['x-kubernetes-int-or-string'])
    return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  switch (s.type) {
    case undefined:
      return true;
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isRecord(value);
  }
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Kubernetes patterns are RE2/ECMA-compatible in practice; an invalid one is reported, not thrown. */
function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isRecord(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical(v[k])]),
    );
  return v;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
