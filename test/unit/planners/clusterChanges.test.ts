import { compileManifestTextOrThrow, type DesiredCluster } from '../../../shared/model';
import { applyRolloutRestart, applyUpgrade, validateRolloutRestart } from '../../../shared/planners/clusterChanges';
import type { UpgradeInput } from '../../../shared/planners/clusterChangeTypes';
import { UPGRADE_CONCURRENCY_ANNOTATION } from '../../../shared/planners/upgradeSequence';
import { simClusterYaml } from '../../../scripts/manifests/simClusterYaml';
import { topologyCluster, toYaml } from '../model/manifestBuilders';

const NOW = '2026-03-01T12:00:00.000Z';

/** c1: explicit cluster with two MDs (md-0 from the manifest, md-1 a copy at an older version). */
function explicit(): DesiredCluster {
  const d = compileManifestTextOrThrow(simClusterYaml({ name: 'c1', cpReplicas: 3, workers: 2 }), 'c1.yaml')[0]!;
  const md0 = d.machineDeployments[0]!;
  d.machineDeployments.push({ ...structuredClone(md0), name: 'c1-md-1', template: { ...structuredClone(md0.template), version: 'v1.30.2' } });
  return d;
}

function topology(): DesiredCluster {
  return compileManifestTextOrThrow(toYaml(topologyCluster()), 't.yaml')[0]!;
}

describe('applyUpgrade', () => {
  test.each<[string, () => DesiredCluster, UpgradeInput, string]>([
    ['explicit cluster, v given', explicit, { version: 'v1.32.0' }, 'v1.32.0'],
    ['explicit cluster, leading v added', explicit, { version: '1.32.0' }, 'v1.32.0'],
    ['explicit cluster, whitespace trimmed', explicit, { version: ' 1.32.1 ' }, 'v1.32.1'],
    ['topology cluster', topology, { version: 'v1.32.0' }, 'v1.32.0'],
    ['topology cluster, leading v added', topology, { version: '1.32.3' }, 'v1.32.3'],
  ])('%s: control plane, its template and every MD at the target', (_, build, req, expected) => {
    const prev = build();
    const before = structuredClone(prev);
    const next = applyUpgrade(prev, req);
    expect(next.controlPlane.version).toBe(expected);
    expect(next.controlPlane.machineTemplate.version).toBe(expected);
    expect(next.machineDeployments.length).toBe(prev.machineDeployments.length);
    expect(next.machineDeployments.length).toBeGreaterThan(0);
    for (const md of next.machineDeployments) expect(md.template.version).toBe(expected);
    if (prev.topology) expect(next.topology).toEqual({ ...prev.topology, version: expected });
    else expect(next).not.toHaveProperty('topology');
    // nothing else changes, and the input is not mutated
    expect(prev).toEqual(before);
    const normalized = structuredClone(next);
    normalized.controlPlane.version = prev.controlPlane.version;
    normalized.controlPlane.machineTemplate.version = prev.controlPlane.machineTemplate.version;
    normalized.machineDeployments.forEach((md, i) => (md.template.version = prev.machineDeployments[i]!.template.version));
    if (prev.topology) normalized.topology = prev.topology;
    expect(normalized).toEqual(prev);
  });

  test.each<[string, Record<string, string>, number | undefined, Record<string, string>]>([
    ['no concurrency given: annotations untouched', { team: 'a' }, undefined, { team: 'a' }],
    ['no concurrency given: an existing annotation is kept', { [UPGRADE_CONCURRENCY_ANNOTATION]: '4' }, undefined, { [UPGRADE_CONCURRENCY_ANNOTATION]: '4' }],
    ['concurrency 2 is stored as the annotation', { team: 'a' }, 2, { team: 'a', [UPGRADE_CONCURRENCY_ANNOTATION]: '2' }],
    ['concurrency replaces the annotation', { [UPGRADE_CONCURRENCY_ANNOTATION]: '4' }, 1, { [UPGRADE_CONCURRENCY_ANNOTATION]: '1' }],
  ])('%s', (_, annotations, concurrency, expected) => {
    const prev = { ...explicit(), annotations };
    const next = applyUpgrade(prev, { version: 'v1.32.0', ...(concurrency === undefined ? {} : { concurrency }) });
    expect(next.annotations).toEqual(expected);
    expect(prev.annotations).toEqual(annotations);
  });
});

describe('rollout restart of the KubeadmControlPlane', () => {
  const cp = (after?: string): DesiredCluster => {
    const d = explicit();
    if (after !== undefined) d.controlPlane.rollout = { ...d.controlPlane.rollout, after };
    else delete d.controlPlane.rollout.after;
    return d;
  };

  test.each<[string, DesiredCluster, string, RegExp | undefined]>([
    ['the cluster\'s control plane, never restarted', cp(), 'c1-cp', undefined],
    ['rollout.after in the past', cp('2026-03-01T11:59:59.000Z'), 'c1-cp', undefined],
    ['rollout.after exactly now', cp(NOW), 'c1-cp', undefined],
    ['another control plane\'s name', cp(), 'other-cp', /^KubeadmControlPlane\/other-cp is not part of cluster default\/c1 \(it has c1-cp\)$/],
    ['an MD\'s name as a KubeadmControlPlane', cp(), 'c1-md-0', /KubeadmControlPlane\/c1-md-0 is not part of cluster default\/c1/],
    ['rollout.after in the future', cp('2026-03-01T12:00:01.000Z'), 'c1-cp', /^KubeadmControlPlane\/c1-cp spec\.rollout\.after is already set in the future \(2026-03-01T12:00:01\.000Z\)$/],
  ])('validate: %s', (_, desired, name, refused) => {
    const run = () => validateRolloutRestart(desired, { kind: 'KubeadmControlPlane', name }, NOW);
    if (refused) expect(run).toThrow(refused);
    else expect(run).not.toThrow();
  });

  test.each<[string, DesiredCluster]>([
    ['unset before', cp()],
    ['in the past before', cp('2026-02-01T00:00:00.000Z')],
  ])('apply sets controlPlane.rollout.after = now (%s) and nothing else', (_, prev) => {
    const before = structuredClone(prev);
    const next = applyRolloutRestart(prev, { kind: 'KubeadmControlPlane', name: 'c1-cp' }, NOW);
    expect(next.controlPlane.rollout).toEqual({ ...prev.controlPlane.rollout, after: NOW });
    expect(next.machineDeployments).toEqual(prev.machineDeployments);
    for (const md of next.machineDeployments) expect(md.rolloutAfter).toBeUndefined();
    expect({ ...next, controlPlane: { ...next.controlPlane, rollout: prev.controlPlane.rollout } }).toEqual(prev);
    expect(prev).toEqual(before);
  });

  test('an MD restart does not touch the control plane', () => {
    const prev = cp();
    const next = applyRolloutRestart(prev, { kind: 'MachineDeployment', name: 'c1-md-1' }, NOW);
    expect(next.controlPlane).toEqual(prev.controlPlane);
    expect(next.machineDeployments.map((md) => md.rolloutAfter)).toEqual([undefined, NOW]);
  });
});
