/**
 * Capstan's custom search attributes: the one source of truth. Workflows upsert them through these
 * typed keys; scripts/temporal/searchAttributes.ts derives the registration map (dev server flags,
 * operator-service registration) from ALL_SEARCH_ATTRIBUTE_KEYS, so a key added here is
 * registered everywhere. Sandbox-safe: @temporalio/common only.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

const keyword = (name: string) => defineSearchAttributeKey(name, SearchAttributeType.KEYWORD);

/** `<ns>/<name>` of the Cluster the workflow belongs to. */
export const CapstanClusterKey = keyword('CapstanCluster');
/** Kubernetes namespace of the CAPI object. */
export const CapstanNamespaceKey = keyword('CapstanNamespace');
export const KubernetesVersionKey = keyword('KubernetesVersion');
/** CAPI phase (Pending, Provisioning, Provisioned, Deleting, Failed). */
export const ClusterPhaseKey = keyword('ClusterPhase');
/** Infrastructure provider name (sim, docker, aws, baremetal, ssh). */
export const ProviderKey = keyword('Provider');
/** Fleet upgrade wave a cluster belongs to (upgradeCampaignWorkflow). */
export const UpgradeWaveKey = keyword('UpgradeWave');
export const EnvKey = keyword('Env');
export const RegionKey = keyword('Region');
/**
 * The Cluster's labels as `k=v` strings, so visibility queries can select clusters the way a
 * label selector does: `CapstanLabels = 'tier=prod'`.
 */
export const CapstanLabelsKey = defineSearchAttributeKey('CapstanLabels', SearchAttributeType.KEYWORD_LIST);

export const ALL_SEARCH_ATTRIBUTE_KEYS = [
  CapstanClusterKey,
  CapstanNamespaceKey,
  KubernetesVersionKey,
  ClusterPhaseKey,
  ProviderKey,
  UpgradeWaveKey,
  EnvKey,
  RegionKey,
  CapstanLabelsKey,
] as const;

/** Encodes a label map as CapstanLabels values, sorted so equal maps give equal attributes. */
export function labelsToSearchAttribute(labels: Record<string, string>): string[] {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .sort();
}
