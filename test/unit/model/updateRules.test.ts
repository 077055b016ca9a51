import { compileManifestText, validateClusterUpdate, type DesiredCluster } from '../../../shared/model';
import { explicitCluster, topologyCluster, toYaml, type Doc } from './manifestBuilders';

/** CAPI webhook rules for changing an existing cluster (capi-behaviour.md §4.7, §7.3). */
function explicit(
  cp: string,
  workers: string = cp,
  mutate: (d: Doc[]) => void = () => undefined,
): DesiredCluster {
  const docs = explicitCluster();
  (docs[3] as Doc).spec.version = cp;
  (docs[6] as Doc).spec.template.spec.version = workers;
  mutate(docs);
  const { clusters, issues } = compileManifestText(toYaml(docs), 'u.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

function topology(version: string): DesiredCluster {
  const docs = topologyCluster();
  (docs[6] as Doc).spec.topology.version = version;
  const { clusters, issues } = compileManifestText(toYaml(docs), 't.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

/** `prev` with new versions: what a CLI `upgrade` hands to the Update validator. */
function withVersions(prev: DesiredCluster, cp: string, workers?: string): DesiredCluster {
  const next: DesiredCluster = structuredClone(prev);
  next.controlPlane.version = cp;
  next.controlPlane.machineTemplate.version = cp;
  if (workers) for (const md of next.machineDeployments) md.template.version = workers;
  return next;
}

const rules = (prev: DesiredCluster, next: DesiredCluster) =>
  validateClusterUpdate(prev, next).map((i) => `${i.resource} ${i.path} ${i.rule}`);

describe('validateClusterUpdate', () => {
  test('an unchanged cluster is a valid update', () => {
    expect(validateClusterUpdate(explicit('v1.31.4'), explicit('v1.31.4'))).toEqual([]);
  });

  test('patch upgrades are free', () => {
    expect(rules(explicit('v1.31.4'), explicit('v1.31.9', 'v1.31.4'))).toEqual([]);
  });

  test('one minor up is allowed', () => {
    expect(rules(explicit('v1.31.4'), explicit('v1.32.0', 'v1.31.4'))).toEqual([]);
  });

  test('two minors up in one change are refused', () => {
    expect(rules(explicit('v1.31.4'), explicit('v1.33.0', 'v1.31.4'))).toEqual([
      'KubeadmControlPlane/c1-cp spec.version one-minor-per-upgrade',
    ]);
  });

  test('a major version change is refused', () => {
    expect(rules(explicit('v1.31.4'), withVersions(explicit('v1.31.4'), 'v2.0.0'))).toContain(
      'KubeadmControlPlane/c1-cp spec.version one-minor-per-upgrade',
    );
  });

  test('the control plane never goes down, not even a patch', () => {
    expect(rules(explicit('v1.31.4'), explicit('v1.31.3'))).toEqual([
      'KubeadmControlPlane/c1-cp spec.version version-no-downgrade',
    ]);
    expect(rules(explicit('v1.32.1', 'v1.31.4'), explicit('v1.31.4'))).toEqual([
      'KubeadmControlPlane/c1-cp spec.version version-no-downgrade',
    ]);
  });

  test('workers may not become newer than the control plane', () => {
    const next = explicit('v1.31.4');
    next.machineDeployments[0]!.template.version = 'v1.32.0';
    expect(rules(explicit('v1.31.4'), next)).toEqual([
      'MachineDeployment/c1-md-0 spec.template.spec.version md-version-above-control-plane',
    ]);
  });

  test('an upgraded control plane may leave workers at most 3 minors behind', () => {
    const prev = explicit('v1.33.0', 'v1.30.2');
    expect(rules(prev, withVersions(prev, 'v1.34.0'))).toEqual([
      'MachineDeployment/c1-md-0 spec.template.spec.version kubelet-version-skew',
    ]);
    expect(rules(prev, withVersions(prev, 'v1.33.9'))).toEqual([]);
  });

  test('name, namespace and provider are immutable', () => {
    const prev = explicit('v1.31.4');
    const next: DesiredCluster = {
      ...explicit('v1.31.4'),
      name: 'c2',
      namespace: 'other',
      provider: 'docker',
    };
    expect(rules(prev, next)).toEqual([
      'Cluster/c1 metadata.name immutable-field',
      'Cluster/c1 metadata.namespace immutable-field',
      'Cluster/c1 spec.infrastructureRef immutable-field',
    ]);
  });

  test('the control plane object may not be swapped for another', () => {
    const next = explicit('v1.31.4');
    next.controlPlane = { ...next.controlPlane, name: 'c1-cp-2' };
    expect(rules(explicit('v1.31.4'), next)).toEqual(['Cluster/c1 spec.controlPlaneRef immutable-field']);
  });

  test('topology version: +1 minor allowed, decrease refused, +2 refused', () => {
    expect(rules(topology('v1.31.4'), topology('v1.32.0'))).toEqual([
      // MDs follow topology.version, so they move with it and stay within skew.
    ]);
    expect(rules(topology('v1.31.4'), topology('v1.31.2'))).toEqual([
      'Cluster/t1 spec.topology.version topology-version-no-decrease',
    ]);
    expect(rules(topology('v1.31.4'), topology('v1.33.0'))).toEqual([
      'Cluster/t1 spec.topology.version one-minor-per-upgrade',
    ]);
  });

  test('a cluster cannot switch between topology-managed and explicit', () => {
    const next = { ...topology('v1.31.4') };
    delete next.topology;
    expect(rules(topology('v1.31.4'), next)).toContain('Cluster/t1 spec.topology immutable-field');
  });

  test('issues name the change and say the rule', () => {
    const [issue] = validateClusterUpdate(explicit('v1.31.4'), explicit('v1.33.0', 'v1.31.4'), 'apply');
    expect(issue).toMatchObject({
      document: 'apply',
      message: expect.stringMatching(/at most one minor version per change \(v1\.31\.4 → v1\.33\.0\)/),
    });
  });
});
