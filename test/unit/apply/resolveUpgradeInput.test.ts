import { resolveUpgradeInput } from '../../../shared/apply/resolveUpgradeInput';
import { compileManifestTextOrThrow, type DesiredCluster } from '../../../shared/model';
import type { UpgradeInput } from '../../../shared/planners/clusterChangeTypes';
import { UPGRADE_CONCURRENCY_ANNOTATION } from '../../../shared/planners/upgradeSequence';
import { explicitCluster, topologyCluster, toYaml } from '../model/manifestBuilders';

/** `capstan upgrade cluster c1 --to VERSION`: refused exactly when the webhook would refuse it. */

/** c1 from the model fixtures: control plane and md-0 at v1.31.4. */
const explicit = (annotations: Record<string, string> = {}): DesiredCluster => {
  const d = compileManifestTextOrThrow(toYaml(explicitCluster()), 'c1.yaml')[0]!;
  return { ...d, annotations: { ...d.annotations, ...annotations } };
};
const topology = (): DesiredCluster => compileManifestTextOrThrow(toYaml(topologyCluster()), 't1.yaml')[0]!;

const summary = (r: ReturnType<typeof resolveUpgradeInput>) =>
  r.ok ? 'ok' : r.issues.map((i) => `${i.resource} ${i.path} ${i.rule}`);

describe('resolveUpgradeInput: accepted', () => {
  test.each<[string, UpgradeInput, string]>([
    ['+1 minor', { version: 'v1.32.0' }, 'v1.32.0'],
    ['+1 minor without the leading v', { version: '1.32.0' }, 'v1.32.0'],
    ['+1 minor with surrounding spaces', { version: '  v1.32.2 ' }, 'v1.32.2'],
    ['a patch', { version: 'v1.31.9' }, 'v1.31.9'],
    ['the same version (a no-op)', { version: 'v1.31.4' }, 'v1.31.4'],
    ['+1 minor with concurrency 3', { version: 'v1.32.0', concurrency: 3 }, 'v1.32.0'],
  ])('%s', (_, req, version) => {
    const prev = explicit();
    const r = resolveUpgradeInput(req, prev);
    expect(summary(r)).toBe('ok');
    if (!r.ok) return;
    expect(r.desired.controlPlane.version).toBe(version);
    expect(r.desired.controlPlane.machineTemplate.version).toBe(version);
    expect(r.desired.machineDeployments.map((md) => md.template.version)).toEqual(prev.machineDeployments.map(() => version));
    expect(r.desired.annotations[UPGRADE_CONCURRENCY_ANNOTATION]).toBe(req.concurrency === undefined ? undefined : String(req.concurrency));
  });

  test('a topology cluster: +1 minor moves topology.version too', () => {
    const r = resolveUpgradeInput({ version: 'v1.32.0' }, topology());
    expect(summary(r)).toBe('ok');
    expect(r.ok && r.desired.topology?.version).toBe('v1.32.0');
  });

  test('a concurrency given replaces a bad annotation on the cluster', () => {
    const r = resolveUpgradeInput({ version: 'v1.32.0', concurrency: 2 }, explicit({ [UPGRADE_CONCURRENCY_ANNOTATION]: 'zero' }));
    expect(summary(r)).toBe('ok');
    expect(r.ok && r.desired.annotations[UPGRADE_CONCURRENCY_ANNOTATION]).toBe('2');
  });
});

describe('resolveUpgradeInput: refused', () => {
  test.each<[string, UpgradeInput, () => DesiredCluster, string[]]>([
    ['+2 minors', { version: 'v1.33.0' }, explicit, ['KubeadmControlPlane/c1-cp spec.version one-minor-per-upgrade']],
    ['+2 minors without the v', { version: '1.33.1' }, explicit, ['KubeadmControlPlane/c1-cp spec.version one-minor-per-upgrade']],
    ['a major change', { version: 'v2.0.0' }, explicit, ['KubeadmControlPlane/c1-cp spec.version one-minor-per-upgrade']],
    ['a patch downgrade', { version: 'v1.31.3' }, explicit, ['KubeadmControlPlane/c1-cp spec.version version-no-downgrade']],
    ['a minor downgrade', { version: 'v1.30.4' }, explicit, ['KubeadmControlPlane/c1-cp spec.version version-no-downgrade']],
    ['topology +2 minors', { version: 'v1.33.0' }, topology, ['Cluster/t1 spec.topology.version one-minor-per-upgrade']],
    ['topology downgrade', { version: 'v1.31.2' }, topology, ['Cluster/t1 spec.topology.version topology-version-no-decrease']],
    ['garbage', { version: 'latest' }, explicit, ['Cluster/c1 version version-format']],
    ['no patch', { version: 'v1.32' }, explicit, ['Cluster/c1 version version-format']],
    ['empty', { version: '' }, explicit, ['Cluster/c1 version version-format']],
    ['concurrency 0', { version: 'v1.32.0', concurrency: 0 }, explicit, ['Cluster/c1 concurrency upgrade-concurrency-positive-integer']],
    ['concurrency -1', { version: 'v1.32.0', concurrency: -1 }, explicit, ['Cluster/c1 concurrency upgrade-concurrency-positive-integer']],
    ['concurrency 1.5', { version: 'v1.32.0', concurrency: 1.5 }, explicit, ['Cluster/c1 concurrency upgrade-concurrency-positive-integer']],
    ['concurrency NaN', { version: 'v1.32.0', concurrency: Number.NaN }, explicit, ['Cluster/c1 concurrency upgrade-concurrency-positive-integer']],
    [
      'a bad annotation already on the cluster, no concurrency given',
      { version: 'v1.32.0' },
      () => explicit({ [UPGRADE_CONCURRENCY_ANNOTATION]: '0' }),
      [`Cluster/c1 metadata.annotations.${UPGRADE_CONCURRENCY_ANNOTATION} upgrade-concurrency-positive-integer`],
    ],
  ])('%s', (_, req, prev, expected) => {
    expect(summary(resolveUpgradeInput(req, prev()))).toEqual(expected);
  });

  test('a bad version is reported on the request, before the concurrency', () => {
    const r = resolveUpgradeInput({ version: 'garbage', concurrency: 0 }, explicit());
    expect(r).toEqual({
      ok: false,
      issues: [{ document: 'upgrade', resource: 'Cluster/c1', path: 'version', rule: 'version-format', message: expect.stringContaining('"garbage"') }],
    });
  });

  test('the +2 issue says which minor to go to first', () => {
    const r = resolveUpgradeInput({ version: 'v1.33.0' }, explicit());
    expect(!r.ok && r.issues[0]!.message).toMatch(/v1\.31\.4 → v1\.33\.0.*upgrade to v1\.32\.x first/);
  });

  test('the concurrency issue names the value', () => {
    const r = resolveUpgradeInput({ version: 'v1.32.0', concurrency: 0 }, explicit());
    expect(r).toEqual({
      ok: false,
      issues: [{ document: 'upgrade', resource: 'Cluster/c1', path: 'concurrency', rule: 'upgrade-concurrency-positive-integer', message: 'concurrency must be a positive integer, got 0' }],
    });
  });
});
