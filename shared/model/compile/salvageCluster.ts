import type { ClusterObject } from '../kinds/cluster';
import { topology as topologySchema } from '../kinds/cluster';
import { objectReference } from '../kinds/common/references';
import type { ParsedDoc } from '../parsedDoc';

/**
 * The Cluster to compile a document with. When the Cluster itself failed validation (say, a typo
 * in its labels), the parts the compiler follows — infrastructureRef, controlPlaneRef,
 * topology — are validated one by one, so the objects it references are still checked and every
 * issue of the set is reported at once. Such a cluster is never emitted (its scope is blocked).
 * Undefined when even those parts are invalid; their own issues are already reported.
 */
export function clusterForCompile(doc: ParsedDoc<'Cluster'>): ClusterObject | undefined {
  if (doc.object) return doc.object;
  const spec = (doc.raw.spec ?? {}) as Record<string, unknown>;
  const part = <T>(
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
    value: unknown,
  ) => {
    if (value === undefined) return { ok: true as const, value: undefined };
    const r = schema.safeParse(value);
    return r.success ? { ok: true as const, value: r.data } : { ok: false as const };
  };
  const infrastructureRef = part(objectReference, spec.infrastructureRef);
  const controlPlaneRef = part(objectReference, spec.controlPlaneRef);
  const topology = part(topologySchema, spec.topology);
  if (!infrastructureRef.ok || !controlPlaneRef.ok || !topology.ok) return undefined;
  return {
    apiVersion: doc.apiVersion,
    kind: 'Cluster',
    metadata: { name: doc.name, namespace: doc.namespace, labels: {}, annotations: {} },
    spec: {
      paused: false,
      infrastructureRef: infrastructureRef.value,
      controlPlaneRef: controlPlaneRef.value,
      topology: topology.value,
    },
  };
}
