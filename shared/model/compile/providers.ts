import type { ProviderName } from '../desired';
import { kindDefinition } from '../kinds/registry';
import { docIssue } from '../parsedDoc';
import { violation } from '../rules/violation';
import type { ClusterScope } from './scope';

/**
 * The provider of a cluster is the provider of its infrastructure kind (Sim* → sim, Docker* →
 * docker, AWS* → aws, BareMetal* → baremetal, Byo* → ssh). Every machine template of the cluster must come
 * from the same provider: one InfrastructureProvider reconciles the whole cluster.
 */
export function providerOfKind(kind: string): ProviderName | undefined {
  return kindDefinition(kind)?.provider;
}

export function checkSameProvider(
  scope: ClusterScope,
  referrer: { document: string; kind: string; name: string },
  path: string,
  target: { kind: string; name: string } | undefined,
  cluster: { provider: ProviderName; infraKind: string; infraName: string } | undefined,
): void {
  if (!target || !cluster) return;
  const provider = providerOfKind(target.kind);
  if (provider === undefined || provider === cluster.provider) return;
  scope.add(
    docIssue(
      referrer,
      path,
      violation(
        'provider-mismatch',
        `${target.kind}/${target.name} belongs to the ${provider} provider, but the cluster's infrastructure ${cluster.infraKind}/${cluster.infraName} is ${cluster.provider}: all infrastructure of one cluster comes from one provider`,
      ),
    ),
  );
}
