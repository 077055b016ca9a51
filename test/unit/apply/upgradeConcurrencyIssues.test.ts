import { resolveApplyInput } from '../../../shared/apply/resolveApplyInput';
import { upgradeConcurrencyIssues } from '../../../shared/apply/upgradeConcurrencyIssues';
import { compileManifestTextOrThrow, type DesiredCluster } from '../../../shared/model';
import { UPGRADE_CONCURRENCY_ANNOTATION } from '../../../shared/planners/upgradeSequence';
import { explicitCluster, toYaml, type Doc } from '../model/manifestBuilders';

const PATH = 'metadata.annotations.topology.cluster.x-k8s.io/upgrade-concurrency';
const KEY = { namespace: 'default', name: 'c1' };

/** c1's manifests with the Cluster annotated (`value` undefined: no annotation). */
function manifests(value?: string): string {
  const docs = explicitCluster();
  if (value !== undefined) (docs[0] as Doc).metadata.annotations = { [UPGRADE_CONCURRENCY_ANNOTATION]: value };
  return toYaml(docs);
}

const compiled = (value?: string): DesiredCluster => compileManifestTextOrThrow(manifests(value), 'c1.yaml')[0]!;

describe('upgradeConcurrencyIssues', () => {
  test.each<[string, string | undefined, boolean]>([
    ['absent', undefined, true],
    ['"1"', '1', true],
    ['"3"', '3', true],
    ['"zero"', 'zero', false],
    ['"0"', '0', false],
    ['"-1"', '-1', false],
    ['"1.5"', '1.5', false],
  ])('%s', (_, value, ok) => {
    const issues = upgradeConcurrencyIssues(compiled(value));
    if (ok) expect(issues).toEqual([]);
    else {
      expect(issues).toEqual([
        { document: 'apply', resource: 'Cluster/c1', path: PATH, rule: 'upgrade-concurrency-positive-integer', message: expect.stringContaining(`got "${value}"`) },
      ]);
    }
  });
});

describe('resolveApplyInput checks the upgrade-concurrency annotation', () => {
  test.each<[string, string | undefined, boolean]>([
    ['no annotation', undefined, true],
    ['"2"', '2', true],
    ['"zero"', 'zero', false],
    ['"0"', '0', false],
  ])('manifests with %s', (_, value, ok) => {
    const r = resolveApplyInput({ manifests: manifests(value) }, KEY);
    if (ok) {
      expect(r.ok).toBe(true);
      if (value !== undefined) expect(r.ok && r.desired.annotations[UPGRADE_CONCURRENCY_ANNOTATION]).toBe(value);
    } else {
      expect(r).toEqual({
        ok: false,
        issues: [{ document: 'apply', resource: 'Cluster/c1', path: PATH, rule: 'upgrade-concurrency-positive-integer', message: expect.any(String) }],
      });
    }
  });

  test('"zero" is refused on an update too, alongside the version rules', () => {
    const prev = compiled();
    const docs = explicitCluster();
    (docs[0] as Doc).metadata.annotations = { [UPGRADE_CONCURRENCY_ANNOTATION]: 'zero' };
    (docs[3] as Doc).spec.version = 'v1.33.0';
    const r = resolveApplyInput({ manifests: toYaml(docs) }, KEY, prev);
    expect(r.ok ? [] : r.issues.map((i) => `${i.resource} ${i.path} ${i.rule}`)).toEqual([
      'KubeadmControlPlane/c1-cp spec.version one-minor-per-upgrade',
      `Cluster/c1 ${PATH} upgrade-concurrency-positive-integer`,
    ]);
  });

  test('a DesiredCluster given directly is checked the same way', () => {
    const desired = { ...compiled(), annotations: { [UPGRADE_CONCURRENCY_ANNOTATION]: 'zero' } };
    const r = resolveApplyInput({ desired }, KEY);
    expect(r.ok ? [] : r.issues.map((i) => `${i.path} ${i.rule}`)).toEqual([`${PATH} upgrade-concurrency-positive-integer`]);
  });
});
