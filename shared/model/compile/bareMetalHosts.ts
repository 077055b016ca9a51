import { matchesSelector, type LabelSelector } from '../rules/labelSelector';
import type { DocIndex } from './docIndex';
import type { ClusterScope } from './scope';

/**
 * Bare-metal hosts belong to no cluster; machines claim them through the BareMetalMachineTemplate
 * `hostSelector`. The hosts a bare-metal cluster may claim are added to its resources so the
 * provider (and `-o yaml`) sees the inventory it works from. A template without a selector may
 * claim any host of the namespace, as in Metal3.
 */
export function addClaimableHosts(index: DocIndex, scope: ClusterScope): void {
  const selectors: LabelSelector[] = scope
    .memberDocs()
    .filter((t) => t.kind === 'BareMetalMachineTemplate')
    .map((t) => {
      const spec = (
        t.object as { spec?: { template?: { spec?: { hostSelector?: LabelSelector } } } } | undefined
      )?.spec;
      return spec?.template?.spec?.hostSelector ?? {};
    });
  if (selectors.length === 0) return;
  for (const host of index.ofKind('BareMetalHost')) {
    if (host.namespace !== scope.namespace || !host.object) continue;
    const labels = host.object.metadata.labels;
    if (selectors.some((s) => matchesSelector(s, labels))) scope.use(host);
  }
}
