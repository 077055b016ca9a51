import { SearchAttributeType } from '@temporalio/common';
import { CAPSTAN_SEARCH_ATTRIBUTES, searchAttributeFlags } from '../../../scripts/temporal/searchAttributes';
import {
  ALL_SEARCH_ATTRIBUTE_KEYS,
  CapstanLabelsKey,
  labelsToSearchAttribute,
} from '../../../shared/searchAttributes';

describe('search attributes', () => {
  it('registers every typed key with its CLI type name', () => {
    expect(CAPSTAN_SEARCH_ATTRIBUTES).toEqual({
      CapstanCluster: 'Keyword',
      CapstanNamespace: 'Keyword',
      KubernetesVersion: 'Keyword',
      ClusterPhase: 'Keyword',
      Provider: 'Keyword',
      UpgradeWave: 'Keyword',
      Env: 'Keyword',
      Region: 'Keyword',
      CapstanLabels: 'KeywordList',
    });
    expect(Object.keys(CAPSTAN_SEARCH_ATTRIBUTES)).toEqual(ALL_SEARCH_ATTRIBUTE_KEYS.map((k) => k.name));
    expect(CapstanLabelsKey.type).toBe(SearchAttributeType.KEYWORD_LIST);
  });

  it('renders start-dev flags', () => {
    const flags = searchAttributeFlags();
    expect(flags.slice(0, 2)).toEqual(['--search-attribute', 'CapstanCluster=Keyword']);
    expect(flags).toContain('CapstanLabels=KeywordList');
    expect(flags).toHaveLength(2 * ALL_SEARCH_ATTRIBUTE_KEYS.length);
  });

  it('encodes labels as sorted k=v strings', () => {
    expect(labelsToSearchAttribute({ tier: 'prod', env: 'eu' })).toEqual(['env=eu', 'tier=prod']);
    expect(labelsToSearchAttribute({})).toEqual([]);
  });
});
