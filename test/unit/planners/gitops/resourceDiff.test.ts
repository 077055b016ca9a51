import { simClusterYaml } from '../../../../scripts/manifests/simClusterYaml';
import { compileManifestText } from '../../../../shared/model';
import type { DesiredCluster } from '../../../../shared/model/desired';
import { diffResources, formatPlan, GITOPS_FINGERPRINT_LABEL, MAX_FIELDS_PER_DOCUMENT, planFleetSync, stampManaged, summarizeDesired } from '../../../../shared/planners/gitops';

function compile(yaml: string): DesiredCluster {
  const { clusters, issues } = compileManifestText(yaml, 'test.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}
const declared = (o: Parameters<typeof simClusterYaml>[0]) => stampManaged(compile(simClusterYaml(o)), 'fleet');

describe('diffResources (the exact side of capstan diff)', () => {
  it('names the document and the field path of every edit, and nothing for equal documents', () => {
    const before = declared({ name: 'a', workers: 2 });
    expect(diffResources(before.resources, before.resources, [GITOPS_FINGERPRINT_LABEL])).toEqual([]);
    const after = declared({ name: 'a', workers: 3, nodeDrainTimeout: '2m' });
    const changes = diffResources(before.resources, after.resources, [GITOPS_FINGERPRINT_LABEL]);
    expect(changes).toEqual([
      { object: 'MachineDeployment/a-md-0', field: 'spec.replicas', from: '2', to: '3' },
      { object: 'MachineDeployment/a-md-0', field: 'spec.template.spec.nodeDrainTimeout', from: '(unset)', to: '2m' },
    ]);
  });

  it('reports added and removed documents (a template rotation)', () => {
    const before = declared({ name: 'a', workers: 1 });
    const after = declared({ name: 'a', workers: 1, workerTemplate: 'a-machine-v2' });
    const changes = diffResources(before.resources, after.resources, [GITOPS_FINGERPRINT_LABEL]);
    expect(changes).toContainEqual({ object: 'SimMachineTemplate/a-machine-v2', field: '(document)', from: '(absent)', to: '(added)' });
    expect(changes).toContainEqual({ object: 'MachineDeployment/a-md-0', field: 'spec.template.spec.infrastructureRef.name', from: 'a-machine', to: 'a-machine-v2' });
  });

  it('compares lists of named items by name, not position', () => {
    const doc = (containers: Array<{ name: string; image: string }>) => ({ kind: 'Pod', metadata: { name: 'p' }, spec: { containers } });
    const changes = diffResources([doc([{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:1' }])], [doc([{ name: 'b', image: 'y:2' }, { name: 'a', image: 'x:1' }])]);
    expect(changes).toEqual([{ object: 'Pod/p', field: 'spec.containers[b].image', from: 'y:1', to: 'y:2' }]);
  });

  it('ignores the labels it is told to, and caps the fields listed per document', () => {
    const doc = (labels: Record<string, string>, spec: Record<string, number>) => ({ kind: 'X', metadata: { name: 'x', labels }, spec });
    expect(diffResources([doc({ fp: '1', env: 'a' }, {})], [doc({ fp: '2', env: 'a' }, {})], ['fp'])).toEqual([]);
    const many = Object.fromEntries(Array.from({ length: MAX_FIELDS_PER_DOCUMENT + 5 }, (_, i) => [`f${String(i).padStart(2, '0')}`, i]));
    const changes = diffResources([doc({}, {})], [doc({}, many)]);
    expect(changes).toHaveLength(MAX_FIELDS_PER_DOCUMENT + 1);
    expect(changes.at(-1)).toEqual({ object: 'X/x', field: '…', from: '', to: '5 more field(s) changed' });
  });
});

describe('planFleetSync with the live cluster\'s applied documents', () => {
  it('a repository change describe cannot show is listed field by field instead of by fingerprint', () => {
    const live = declared({ name: 'a', workers: 1 });
    const repo = declared({ name: 'a', workers: 1, nodeDrainTimeout: '45s' });
    const plan = planFleetSync({
      repoId: 'fleet',
      desired: [repo],
      prune: false,
      live: [{ namespace: 'default', name: 'a', generation: 1, deleting: false, managedBy: 'fleet', fingerprint: live.labels[GITOPS_FINGERPRINT_LABEL]!, summary: summarizeDesired(live), reportsCurrent: true, resources: live.resources }],
    });
    expect(plan.updates).toHaveLength(1);
    expect(formatPlan(plan)).toContain('      MachineDeployment/a-md-0 spec.template.spec.nodeDrainTimeout (unset) → 45s');
    expect(formatPlan(plan).join('\n')).not.toMatch(/fingerprint/);
  });
});
