import type { ProviderName } from '../desired';
import type { ParsedDoc } from '../parsedDoc';

/** What the member objects of one cluster are checked against. */
export interface ClusterContext {
  namespace: string;
  name: string;
  /** undefined when the infrastructure could not be resolved (issues already recorded) */
  infra?: { provider: ProviderName; infraKind: string; infraName: string };
  /** the control plane's version, for worker skew checks */
  controlPlaneVersion?: string;
}

/** `spec.clusterName` of a member document, read from the raw YAML when validation failed. */
export function clusterNameOf(doc: ParsedDoc): string | undefined {
  const fromObject = (doc.object as { spec?: { clusterName?: unknown } } | undefined)?.spec?.clusterName;
  if (typeof fromObject === 'string') return fromObject;
  const spec = doc.raw.spec as { clusterName?: unknown } | undefined;
  return typeof spec?.clusterName === 'string' ? spec.clusterName : undefined;
}

export function belongsTo(doc: ParsedDoc, ctx: { namespace: string; name: string }): boolean {
  return doc.namespace === ctx.namespace && clusterNameOf(doc) === ctx.name;
}
