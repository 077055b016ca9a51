/**
 * The exact difference between a live cluster's declared documents (the cluster workflow's
 * `desired` query) and the repository's, field by field, as `kubectl diff` readers expect:
 * `MachineDeployment/dev-md-0 spec.template.spec.nodeDrainTimeout 60s → 2m`. Both sides are
 * compiled and defaulted the same way, so only real edits show. Pure.
 */
import type { FieldChange } from './plan';

interface Doc {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [k: string]: unknown;
}

/** At most this many changed fields per document; the rest are counted on one line. */
export const MAX_FIELDS_PER_DOCUMENT = 20;

/**
 * Changed, added and removed documents and fields of `repo` against `live`. `ignoreLabels` are
 * metadata labels that differ by design (the sync's own fingerprint).
 */
export function diffResources(live: readonly Doc[], repo: readonly Doc[], ignoreLabels: readonly string[] = []): FieldChange[] {
  const id = (d: Doc) => `${d.kind}/${d.metadata.name}`;
  const clean = (d: Doc): Doc => {
    const labels = d.metadata.labels ? Object.fromEntries(Object.entries(d.metadata.labels).filter(([k]) => !ignoreLabels.includes(k))) : undefined;
    return { ...d, metadata: { ...d.metadata, ...(labels ? { labels } : {}) } };
  };
  const liveById = new Map(live.map((d) => [id(d), clean(d)]));
  const repoById = new Map(repo.map((d) => [id(d), clean(d)]));
  const changes: FieldChange[] = [];
  for (const key of [...new Set([...liveById.keys(), ...repoById.keys()])].sort()) {
    const before = liveById.get(key);
    const after = repoById.get(key);
    if (!before) {
      changes.push({ object: key, field: '(document)', from: '(absent)', to: '(added)' });
      continue;
    }
    if (!after) {
      changes.push({ object: key, field: '(document)', from: '(present)', to: '(removed)' });
      continue;
    }
    const fields: FieldChange[] = [];
    diffValue(key, '', before, after, fields);
    changes.push(...fields.slice(0, MAX_FIELDS_PER_DOCUMENT));
    if (fields.length > MAX_FIELDS_PER_DOCUMENT) {
      changes.push({ object: key, field: '…', from: '', to: `${fields.length - MAX_FIELDS_PER_DOCUMENT} more field(s) changed` });
    }
  }
  return changes;
}

function diffValue(object: string, path: string, a: unknown, b: unknown, out: FieldChange[]): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      diffValue(object, path ? `${path}.${k}` : k, a[k], b[k], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = (xs: unknown[]) => xs.every((x) => isPlainObject(x) && typeof x.name === 'string') && new Set(xs.map((x) => (x as { name: string }).name)).size === xs.length;
    if (named(a) && named(b)) {
      // lists of named items (machineDeployments, containers, variables...) compare by name, not position
      const byName = (xs: unknown[]) => new Map(xs.map((x) => [(x as { name: string }).name, x]));
      const am = byName(a);
      const bm = byName(b);
      for (const n of [...new Set([...am.keys(), ...bm.keys()])].sort()) diffValue(object, `${path}[${n}]`, am.get(n), bm.get(n), out);
      return;
    }
    if (a.length === b.length) {
      a.forEach((x, i) => diffValue(object, `${path}[${i}]`, x, b[i], out));
      return;
    }
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  out.push({ object, field: path || '(value)', from: show(a), to: show(b) });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return '(unset)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
