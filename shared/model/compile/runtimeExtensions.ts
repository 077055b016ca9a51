import type { DesiredRuntimeExtension } from '../desired';
import { matchesSelector } from '../rules/labelSelector';
import type { DocIndex } from './docIndex';
import type { ClusterScope } from './scope';

/** The label Kubernetes puts on every namespace: what a namespaceSelector can match here. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The Runtime Extensions whose lifecycle hooks a cluster calls: every ExtensionConfig whose
 * namespaceSelector (unset = all) selects the cluster's namespace, by name. Capstan has no
 * Namespace objects, so a namespace carries only the label Kubernetes always sets,
 * `kubernetes.io/metadata.name`. An ExtensionConfig that failed validation blocks the clusters it
 * would select: compiling without it would skip hooks the user relies on (a backup before upgrade).
 */
export function compileRuntimeExtensions(index: DocIndex, scope: ClusterScope): DesiredRuntimeExtension[] | undefined {
  const out: DesiredRuntimeExtension[] = [];
  const namespaceLabels = { [NAMESPACE_NAME_LABEL]: scope.namespace };
  for (const doc of index.ofKind('ExtensionConfig')) {
    const selector = doc.object?.spec.namespaceSelector ?? (doc.object ? {} : undefined);
    if (selector && !matchesSelector(selector, namespaceLabels)) continue;
    const config = scope.use(doc);
    if (!config?.spec.clientConfig.url) continue;
    out.push({
      name: config.metadata.name,
      url: config.spec.clientConfig.url,
      ...(config.spec.clientConfig.caBundle ? { caBundle: config.spec.clientConfig.caBundle } : {}),
      settings: config.spec.settings ?? {},
    });
  }
  // Left out when there is none, so desired states of clusters without extensions are unchanged.
  return out.length > 0 ? out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : undefined;
}
