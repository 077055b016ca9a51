import { compileManifestTextOrThrow, type DesiredCluster } from '../../../shared/model';
import {
  UPGRADE_CONCURRENCY_ANNOTATION,
  planUpgradeSequence,
  upgradeConcurrency,
  type UpgradeSequenceInput,
} from '../../../shared/planners/upgradeSequence';
import type { ControlPlaneStatus, MachineDeploymentStatus, MachineStatus } from '../../../shared/status/types';
import { simClusterYaml } from '../../../scripts/manifests/simClusterYaml';
import { machine } from './fixtures';

/** Cluster upgrade order (capi-behaviour.md §4.7): control plane first, then MDs `upgrade-concurrency` at a time. */

const OLD = 'v1.31.4';
const NEW = 'v1.32.0';
const GEN = 5;

const base = compileManifestTextOrThrow(simClusterYaml({ name: 'up', cpReplicas: 3, workers: 2 }), 'up.yaml')[0]!;

/** The compiled cluster with the control plane at `cp` and one MD per entry, in manifest order. */
function desired(cp: string, mds: ReadonlyArray<readonly [string, string]>, annotations: Record<string, string> = {}): DesiredCluster {
  const d = structuredClone(base);
  d.annotations = { ...d.annotations, ...annotations };
  d.controlPlane.version = cp;
  d.controlPlane.machineTemplate.version = cp;
  const template = d.machineDeployments[0]!;
  d.machineDeployments = mds.map(([name, version]) => ({ ...structuredClone(template), name, template: { ...structuredClone(template.template), version } }));
  return d;
}

const cpMachines = (...versions: string[]): MachineStatus[] =>
  versions.map((v, i) => machine(`up-cp-${i}`, { role: 'control-plane', version: v }));

function cpStatus(patch: Partial<ControlPlaneStatus> = {}): ControlPlaneStatus {
  const machines = patch.machines ?? cpMachines(NEW, NEW, NEW);
  return {
    kind: 'KubeadmControlPlane',
    name: 'up-cp',
    desiredReplicas: 3,
    replicas: machines.length,
    readyReplicas: machines.length,
    upToDateReplicas: 3,
    version: NEW,
    initialized: true,
    ready: true,
    deleted: false,
    conditions: [],
    machines,
    observedSpecVersion: GEN,
    ...patch,
  };
}

/** An MD status: all machines at `version`, ready unless told otherwise. */
function mdStatus(name: string, version: string, patch: Partial<MachineDeploymentStatus> = {}): MachineDeploymentStatus {
  const machines = patch.machines ?? [machine(`${name}-a`, { version }), machine(`${name}-b`, { version })];
  return {
    name,
    desiredReplicas: 2,
    replicas: machines.length,
    readyReplicas: machines.length,
    availableReplicas: machines.length,
    version,
    phase: 'Running',
    ready: true,
    deleted: false,
    conditions: [],
    machineSets: [],
    machines,
    observedSpecVersion: GEN - 1,
    ...patch,
  };
}

function input(patch: Partial<UpgradeSequenceInput> & Pick<UpgradeSequenceInput, 'desired'>): UpgradeSequenceInput {
  return { generation: GEN, controlPlane: cpStatus(), machineDeployments: {}, sentSpecVersions: {}, ...patch };
}

describe('upgradeConcurrency', () => {
  test.each<[string, Record<string, string>, number]>([
    ['absent → 1', {}, 1],
    ['"1" → 1', { [UPGRADE_CONCURRENCY_ANNOTATION]: '1' }, 1],
    ['"3" → 3', { [UPGRADE_CONCURRENCY_ANNOTATION]: '3' }, 3],
    ['"12" → 12', { [UPGRADE_CONCURRENCY_ANNOTATION]: '12' }, 12],
    ['other annotations are ignored', { 'example.com/x': '7' }, 1],
  ])('%s', (_, annotations, expected) => {
    expect(upgradeConcurrency(annotations)).toBe(expected);
  });

  test.each(['0', '-1', 'abc', '1.5', '1.0', '', ' ', '1e2', '0x2', '99999999999999999999'])('"%s" is a violation', (raw) => {
    const r = upgradeConcurrency({ [UPGRADE_CONCURRENCY_ANNOTATION]: raw });
    expect(r).toEqual({ rule: 'upgrade-concurrency-positive-integer', message: expect.stringContaining(`got "${raw}"`) });
    expect(typeof r === 'object' && r.message).toContain(UPGRADE_CONCURRENCY_ANNOTATION);
  });

  test('the annotation key is CAPI\'s', () => {
    expect(UPGRADE_CONCURRENCY_ANNOTATION).toBe('topology.cluster.x-k8s.io/upgrade-concurrency');
  });
});

describe('planUpgradeSequence: while the control plane is not settled', () => {
  // md-up changes version; md-same keeps it (other changes flow); md-new has no status yet.
  const d = desired(NEW, [['md-up', NEW], ['md-same', OLD], ['md-new', NEW]]);
  const statuses = { 'md-up': mdStatus('md-up', OLD), 'md-same': mdStatus('md-same', OLD) };

  test.each<[string, ControlPlaneStatus | undefined, RegExp]>([
    ['no control-plane status', undefined, /no control-plane machine reports yet \(target v1\.32\.0\)/],
    ['no control-plane machine yet', cpStatus({ machines: [], replicas: 0, readyReplicas: 0, upToDateReplicas: 0 }), /no control-plane machine reports yet/],
    ['the status has not observed the new version', cpStatus({ version: OLD, machines: cpMachines(OLD, OLD, OLD), upToDateReplicas: 3 }), /0 of 3 control-plane machine\(s\) at v1\.32\.0, oldest at v1\.31\.4/],
    ['the status reports an older spec version, machines already new', cpStatus({ version: OLD }), /3 of 3 control-plane machine\(s\) at v1\.32\.0, oldest at v1\.32\.0/],
    ['one machine still at the old version', cpStatus({ machines: cpMachines(NEW, OLD, NEW) }), /2 of 3 control-plane machine\(s\) at v1\.32\.0, oldest at v1\.31\.4/],
    ['upToDateReplicas below desired (template rollout)', cpStatus({ upToDateReplicas: 2 }), /3 of 3 control-plane machine\(s\) at v1\.32\.0, oldest at v1\.32\.0/],
    ['a surge machine: more machines than desired', cpStatus({ machines: cpMachines(NEW, NEW, NEW, NEW) }), /4 of 3 control-plane machine\(s\) at v1\.32\.0/],
    ['fewer machines than desired', cpStatus({ machines: cpMachines(NEW, NEW), upToDateReplicas: 3 }), /2 of 3 control-plane machine\(s\) at v1\.32\.0/],
    ['old report without upToDateReplicas, one machine old', cpStatus({ upToDateReplicas: undefined, machines: cpMachines(OLD, NEW, NEW) }), /2 of 3/],
  ])('%s: the version change is held, the rest released', (_, controlPlane, description) => {
    const plan = planUpgradeSequence(input({ desired: d, controlPlane, machineDeployments: statuses }));
    expect(plan.release).toEqual(['md-same', 'md-new']);
    expect(Object.keys(plan.held)).toEqual(['md-up']);
    expect(plan.held['md-up']).toMatch(/^upgrade to v1\.32\.0 waits for the control plane: /);
    expect(plan.held['md-up']).toMatch(description);
  });

  test('the same cluster with the control plane settled releases the upgrade too (control case)', () => {
    const plan = planUpgradeSequence(input({ desired: d, machineDeployments: statuses }));
    expect(plan).toEqual({ release: ['md-up', 'md-same', 'md-new'], held: {} });
  });

  test('settled with upToDateReplicas absent: counted from the machines at the target', () => {
    const plan = planUpgradeSequence(input({ desired: d, controlPlane: cpStatus({ upToDateReplicas: undefined }), machineDeployments: statuses }));
    expect(plan.held).toEqual({});
  });
});

describe('planUpgradeSequence: MachineDeployments in turn once the control plane is settled', () => {
  const three = (annotations: Record<string, string> = {}) =>
    desired(NEW, [['md-a', NEW], ['md-b', NEW], ['md-c', NEW]], annotations);
  const allOld = { 'md-a': mdStatus('md-a', OLD), 'md-b': mdStatus('md-b', OLD), 'md-c': mdStatus('md-c', OLD) };
  const turn = /^upgrade to v1\.32\.0 waits for its turn: \d MachineDeployment\(s\) upgrading, at most \d at once \(topology\.cluster\.x-k8s\.io\/upgrade-concurrency\)$/;

  test.each<[string, Record<string, string>, string[], string[]]>([
    ['default concurrency 1: the first in manifest order only', {}, ['md-a'], ['md-b', 'md-c']],
    ['concurrency "1"', { [UPGRADE_CONCURRENCY_ANNOTATION]: '1' }, ['md-a'], ['md-b', 'md-c']],
    ['concurrency "2": two', { [UPGRADE_CONCURRENCY_ANNOTATION]: '2' }, ['md-a', 'md-b'], ['md-c']],
    ['concurrency "3": all', { [UPGRADE_CONCURRENCY_ANNOTATION]: '3' }, ['md-a', 'md-b', 'md-c'], []],
    ['concurrency "10": all', { [UPGRADE_CONCURRENCY_ANNOTATION]: '10' }, ['md-a', 'md-b', 'md-c'], []],
    ['an invalid annotation falls back to 1', { [UPGRADE_CONCURRENCY_ANNOTATION]: 'zero' }, ['md-a'], ['md-b', 'md-c']],
  ])('%s', (_, annotations, release, held) => {
    const plan = planUpgradeSequence(input({ desired: three(annotations), machineDeployments: allOld }));
    expect(plan.release).toEqual(release);
    expect(Object.keys(plan.held)).toEqual(held);
    for (const why of Object.values(plan.held)) expect(why).toMatch(turn);
  });

  test('manifest order decides, not the name', () => {
    const d = desired(NEW, [['md-z', NEW], ['md-a', NEW]]);
    const plan = planUpgradeSequence(input({ desired: d, machineDeployments: { 'md-z': mdStatus('md-z', OLD), 'md-a': mdStatus('md-a', OLD) } }));
    expect(plan.release).toEqual(['md-z']);
    expect(plan.held['md-a']).toBe(
      'upgrade to v1.32.0 waits for its turn: 1 MachineDeployment(s) upgrading, at most 1 at once (topology.cluster.x-k8s.io/upgrade-concurrency)',
    );
  });

  // md-a was released this generation (sentSpecVersions >= generation); it is left out of the plan.
  test.each<[string, MachineDeploymentStatus, number, string[], string[], number]>([
    ['status still at the old version', mdStatus('md-a', OLD), 1, [], ['md-b', 'md-c'], 1],
    ['version moved but a machine is still old', mdStatus('md-a', NEW, { machines: [machine('x', { version: NEW }), machine('y', { version: OLD })] }), 1, [], ['md-b', 'md-c'], 1],
    ['all machines new but not ready', mdStatus('md-a', NEW, { ready: false }), 1, [], ['md-b', 'md-c'], 1],
    ['still upgrading, concurrency 2: one more slot', mdStatus('md-a', OLD), 2, ['md-b'], ['md-c'], 2],
    ['done (new version, ready, all machines new): it frees its slot', mdStatus('md-a', NEW), 1, ['md-b'], ['md-c'], 1],
  ])('a released MD %s', (_, mdA, concurrency, release, held, upgrading) => {
    const d = three({ [UPGRADE_CONCURRENCY_ANNOTATION]: String(concurrency) });
    const plan = planUpgradeSequence(input({ desired: d, machineDeployments: { ...allOld, 'md-a': mdA }, sentSpecVersions: { 'md-a': GEN } }));
    expect(plan.release).toEqual(release);
    expect(Object.keys(plan.held)).toEqual(held);
    expect(plan.held['md-a']).toBeUndefined();
    expect(plan.held[held[0]!]).toContain(`waits for its turn: ${upgrading} MachineDeployment(s) upgrading, at most ${concurrency} at once`);
  });

  test('sentSpecVersions above the generation also counts as released', () => {
    const plan = planUpgradeSequence(input({ desired: three(), machineDeployments: allOld, sentSpecVersions: { 'md-a': GEN + 1 } }));
    expect(plan.release).toEqual([]);
    expect(Object.keys(plan.held)).toEqual(['md-b', 'md-c']);
  });

  test('an MD sent an older generation is not released yet: it takes its turn again', () => {
    const plan = planUpgradeSequence(input({ desired: three(), machineDeployments: allOld, sentSpecVersions: { 'md-a': GEN - 1 } }));
    expect(plan.release).toEqual(['md-a']);
    expect(Object.keys(plan.held)).toEqual(['md-b', 'md-c']);
  });

  test('MDs without a version change do not take a slot', () => {
    const d = desired(NEW, [['md-same', OLD], ['md-a', NEW], ['md-new', NEW], ['md-b', NEW]]);
    const plan = planUpgradeSequence(input({ desired: d, machineDeployments: { 'md-same': mdStatus('md-same', OLD), 'md-a': mdStatus('md-a', OLD), 'md-b': mdStatus('md-b', OLD) } }));
    expect(plan.release).toEqual(['md-same', 'md-a', 'md-new']);
    expect(Object.keys(plan.held)).toEqual(['md-b']);
  });

  test('nothing to upgrade: everything released, nothing held', () => {
    const d = desired(NEW, [['md-a', NEW], ['md-b', NEW]]);
    const plan = planUpgradeSequence(input({ desired: d, machineDeployments: { 'md-a': mdStatus('md-a', NEW), 'md-b': mdStatus('md-b', NEW) } }));
    expect(plan).toEqual({ release: ['md-a', 'md-b'], held: {} });
  });
});

describe('planUpgradeSequence: a kubelet never passes the API server', () => {
  test.each<[string, string, boolean]>([
    ['MD at the control plane version', NEW, true],
    ['MD a patch below', 'v1.31.9', true],
    ['MD a patch above the oldest control-plane machine', 'v1.32.1', false],
    ['MD a minor above', 'v1.33.0', false],
    ['MD a pre-release of the control-plane version (sorts below)', 'v1.32.0-rc.1', true],
  ])('%s', (_, mdVersion, released) => {
    const d = desired(NEW, [['md-a', mdVersion]]);
    const plan = planUpgradeSequence(input({ desired: d, machineDeployments: { 'md-a': mdStatus('md-a', OLD) } }));
    if (released) {
      expect(plan).toEqual({ release: ['md-a'], held: {} });
    } else {
      expect(plan.release).toEqual([]);
      expect(plan.held['md-a']).toBe(`upgrade to ${mdVersion} waits for the control plane: control plane at v1.32.0`);
    }
  });
});
