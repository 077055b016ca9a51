import type { SearchAttributePair, SearchAttributeUpdatePair } from '@temporalio/common';
import type { DesiredCluster } from './model/desired';
import type { ClusterPhase } from './status/types';
import {
  CapstanClusterKey,
  CapstanLabelsKey,
  CapstanNamespaceKey,
  ClusterPhaseKey,
  EnvKey,
  KubernetesVersionKey,
  ProviderKey,
  RegionKey,
  UpgradeWaveKey,
} from './searchAttributes';

/**
 * The search attributes a cluster workflow keeps current, so fleet questions ("what version is
 * cluster 37 on?", "all prod clusters in seoul") are answered by Temporal visibility.
 * Env/Region/UpgradeWave come from the conventional labels of the seed article.
 */
export function clusterSearchAttributes(desired: DesiredCluster, phase: ClusterPhase): SearchAttributeUpdatePair[] {
  const labels = desired.labels;
  const pairs: SearchAttributeUpdatePair[] = [
    { key: CapstanClusterKey, value: desired.name },
    { key: CapstanNamespaceKey, value: desired.namespace },
    { key: KubernetesVersionKey, value: desired.controlPlane.version },
    { key: ClusterPhaseKey, value: phase },
    { key: ProviderKey, value: desired.provider },
    { key: EnvKey, value: labels['env'] ?? null },
    { key: RegionKey, value: labels['region'] ?? null },
    { key: UpgradeWaveKey, value: labels['upgrade-wave'] ?? null },
    { key: CapstanLabelsKey, value: Object.entries(labels).map(([k, v]) => `${k}=${v}`).sort() },
  ] as SearchAttributeUpdatePair[];
  return pairs;
}

/** The same attributes for a workflow start, where unset values are simply left out. */
export function clusterStartSearchAttributes(desired: DesiredCluster, phase: ClusterPhase): SearchAttributePair[] {
  return clusterSearchAttributes(desired, phase).filter((p) => p.value !== null) as SearchAttributePair[];
}
