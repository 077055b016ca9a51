import type { TemplateSnapshot } from '../../desired';
import type { ParsedDoc } from '../../parsedDoc';

/** Which object a machine or cluster is stamped from, with the spec to stamp. */
export function templateSnapshot(
  apiVersion: string,
  kind: string,
  name: string,
  spec: unknown,
): TemplateSnapshot {
  return { apiVersion, kind, name, spec: isRecord(spec) ? spec : {} };
}

/**
 * Snapshot of a validated *Template document (infra machine, bootstrap config or infra cluster
 * template): its `spec.template.spec`, the part a new object is stamped from.
 */
export function snapshotOfTemplate(doc: ParsedDoc): TemplateSnapshot {
  const object: unknown = doc.object;
  const spec = isRecord(object) && isRecord(object.spec) ? object.spec : {};
  const template = isRecord(spec.template) ? spec.template : {};
  return templateSnapshot(doc.apiVersion, doc.kind, doc.name, template.spec);
}

/** Snapshot of a validated concrete object (an InfraCluster): its whole `spec`. */
export function snapshotOfObject(doc: ParsedDoc): TemplateSnapshot {
  const object: unknown = doc.object;
  const spec = isRecord(object) ? object.spec : undefined;
  return templateSnapshot(doc.apiVersion, doc.kind, doc.name, spec);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
