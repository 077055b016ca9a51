import { toResource, type DesiredResource } from '../build/desiredCluster';
import { templateSnapshot } from '../build/snapshot';
import type { TemplateSnapshot } from '../../desired';
import type { ClusterTemplate } from './patches';

/** What a machine is stamped from: the (possibly patched) template's `spec.template.spec`. */
export function snapshotOfClusterTemplate(t: ClusterTemplate): TemplateSnapshot {
  const spec = (t.object.spec as { template?: { spec?: unknown } } | undefined)?.template?.spec;
  return templateSnapshot(t.doc.apiVersion, t.doc.kind, t.name, spec);
}

/**
 * The templates a topology cluster uses, once each: the class's own, or the patched copy under
 * its derived name (as CAPI's cloned templates would appear next to the class's).
 */
export function templateResources(templates: ClusterTemplate[]): DesiredResource[] {
  const seen = new Set<string>();
  const out: DesiredResource[] = [];
  for (const t of templates) {
    const key = `${t.doc.kind}/${t.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const resource = toResource(t.object);
    out.push(t.patched ? { ...resource, metadata: { ...resource.metadata, name: t.name } } : resource);
  }
  return out;
}
