/**
 * Campaigns over ClusterClass clusters whose class lists kubernetesVersions: the target must be a
 * listed version, and a multi-minor move steps through the class's list (the latest listed patch
 * of each minor) where the spec's intermediateVersions give none — CAPI's chained-upgrade plan.
 */
import { snapshotCampaign, summarizeDescription, type CampaignSpec, type FleetCluster } from '../../../../shared/planners/campaign';
import type { ClusterDescription } from '../../../../shared/status/types';

const T = Date.parse('2025-03-05T00:00:00Z');

function cluster(name: string, version: string, classVersions?: string[]): FleetCluster {
  const d: ClusterDescription = {
    namespace: 'default', name, provider: 'sim', phase: 'Provisioned', version, labels: { 'upgrade-wave': '1' },
    ...(classVersions ? { topology: { class: 'standard', kubernetesVersions: classVersions } } : {}),
    generation: 1, observedGeneration: 1, ready: true, paused: false, conditions: [],
    infrastructure: { kind: 'SimCluster', name, provisioned: true, failureDomains: [] },
    machineDeployments: [], healthChecks: [], createdAt: '', lastUpdated: '',
  };
  return { namespace: 'default', name, labels: d.labels, version, observation: summarizeDescription(`default/${name}`, d, { seq: 1, at: T }) };
}

const spec = (targetVersion: string, intermediateVersions?: string[]): CampaignSpec => ({
  name: 'to-133',
  targetVersion,
  ...(intermediateVersions ? { intermediateVersions } : {}),
  waves: { byLabel: { label: 'upgrade-wave' } },
});

const CLASS = ['v1.30.5', 'v1.31.2', 'v1.31.4', 'v1.32.1', 'v1.33.0'];

describe('campaign steps from the ClusterClass kubernetesVersions', () => {
  it('steps through the latest listed patch of each minor; a plain cluster still needs intermediateVersions', () => {
    const r = snapshotCampaign(spec('v1.33.0'), [cluster('a', 'v1.30.5', CLASS)], T);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.snapshot.clusters['default/a']!.steps).toEqual(['v1.31.4', 'v1.32.1', 'v1.33.0']);
    const plain = snapshotCampaign(spec('v1.33.0'), [cluster('b', 'v1.30.5')], T);
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.issues).toEqual([expect.objectContaining({ path: 'intermediateVersions', rule: 'campaign-intermediate-version-missing' })]);
  });

  it("the spec's intermediateVersions come first, and must be listed by the class too", () => {
    const r = snapshotCampaign(spec('v1.33.0', ['v1.31.2']), [cluster('a', 'v1.30.5', CLASS)], T);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.snapshot.clusters['default/a']!.steps).toEqual(['v1.31.2', 'v1.32.1', 'v1.33.0']);
    const unlisted = snapshotCampaign(spec('v1.33.0', ['v1.31.3']), [cluster('a', 'v1.30.5', CLASS)], T);
    expect(unlisted.ok).toBe(false);
    if (!unlisted.ok) expect(unlisted.issues).toEqual([expect.objectContaining({ path: 'intermediateVersions', rule: 'campaign-intermediate-not-in-class' })]);
  });

  it('refuses a target the class does not list, naming the class and targetVersion', () => {
    const r = snapshotCampaign(spec('v1.33.1'), [cluster('a', 'v1.32.1', CLASS)], T);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toEqual([
        {
          path: 'targetVersion',
          rule: 'campaign-target-not-in-class',
          message: 'cluster default/a uses ClusterClass standard, whose kubernetesVersions (v1.30.5, v1.31.2, v1.31.4, v1.32.1, v1.33.0) do not list v1.33.1: add it to the class or narrow clusters.selector',
        },
      ]);
    }
  });
});
