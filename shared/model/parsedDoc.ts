import type { ValidationIssue } from '../errors';
import type { KindName, KindObjects } from './kinds/registry';
import type { RuleViolation } from './rules/violation';

/**
 * One manifest document of a known kind. `object` is the schema-validated, defaulted object;
 * it is undefined when the document failed validation (the issues say why). Such a document still
 * counts as declared, so references to it do not cascade into "does not exist" errors.
 */
export interface ParsedDoc<K extends KindName = KindName> {
  source: string;
  /** 1-based position of the document in its source */
  index: number;
  /** `<source>#<index>`, as issues name it */
  document: string;
  apiVersion: string;
  kind: K;
  name: string;
  /** `metadata.namespace`, defaulted to "default" */
  namespace: string;
  /** the document as written (YAML → JSON) */
  raw: Record<string, unknown>;
  object: KindObjects[K] | undefined;
}

/** A parsed document of kind K with its object present (validation passed). */
export type ValidDoc<K extends KindName> = ParsedDoc<K> & { object: KindObjects[K] };

export function docLabel(source: string, index: number): string {
  return `${source}#${index}`;
}

export function resourceLabel(kind: string, name: string | undefined): string {
  return `${kind}/${name && name.length > 0 ? name : '<unnamed>'}`;
}

export function isKind<K extends KindName>(doc: ParsedDoc, kind: K): doc is ParsedDoc<K> {
  return doc.kind === kind;
}

export function isValidKind<K extends KindName>(doc: ParsedDoc, kind: K): doc is ValidDoc<K> {
  return doc.kind === kind && doc.object !== undefined;
}

/** The issue for a rule broken at `path` of a document. */
export function docIssue(
  doc: { document: string; kind: string; name: string },
  path: string,
  v: RuleViolation,
): ValidationIssue {
  return {
    document: doc.document,
    resource: resourceLabel(doc.kind, doc.name),
    path,
    rule: v.rule,
    message: v.message,
  };
}
