/**
 * Documents that are well-formed Kubernetes-style YAML but not Cluster API resources Capstan
 * manages. Naming them explicitly beats a generic "unknown kind": the seed article's kind config
 * (`kind.x-k8s.io/v1alpha4` Cluster) creates the CAPI *management* cluster, which Capstan replaces
 * with Temporal, so it is refused with that explanation.
 */
export function outOfScopeReason(apiVersion: string, kind: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  if (group === 'kind.x-k8s.io') {
    return `${apiVersion} ${kind} is a kind (Kubernetes IN Docker) configuration for a local management cluster, not a Cluster API resource; Capstan needs no management cluster (Temporal holds the desired state), so there is nothing to apply`;
  }
  if (group === 'clusterctl.cluster.x-k8s.io') {
    return `${apiVersion} ${kind} configures clusterctl, not a cluster; Capstan has no clusterctl providers to install`;
  }
  if (group === '' && (kind === 'Secret' || kind === 'ConfigMap')) {
    return `core ${kind} objects are not stored by Capstan: credentials referenced by name (e.g. BareMetalHost spec.bmc.credentialsName) are provided to the provider workers, never put in workflow history`;
  }
  return undefined;
}
