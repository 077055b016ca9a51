import {
  controlPlaneViewOf,
  machineSetPreflightChecks,
  preflightHoldMessage,
  SKIP_PREFLIGHT_CHECKS_ANNOTATION,
  type ControlPlaneView,
  type MachineSetPreflightInput,
} from '../../../../shared/planners/rollout/machineSetPreflightChecks';

/** `statusVersion` null: no control-plane machine yet */
const cp = (version: string, statusVersion: string | null = version): ControlPlaneView => ({
  ref: 'KubeadmControlPlane default/dev-cp',
  version,
  ...(statusVersion === null ? {} : { statusVersion }),
  seq: 1,
});
const input = (over: Partial<MachineSetPreflightInput> = {}): MachineSetPreflightInput => ({
  controlPlane: cp('v1.31.4'),
  version: 'v1.31.4',
  bootstrapKind: 'KubeadmConfigTemplate',
  annotations: {},
  ...over,
});

describe('machineSetPreflightChecks (CAPI machineset_preflight.go)', () => {
  it('passes a MachineSet at the control plane version of a stable control plane', () => {
    expect(machineSetPreflightChecks(input())).toEqual([]);
  });

  it('checks nothing when the cluster has not told the control plane (runs started before the checks)', () => {
    expect(machineSetPreflightChecks(input({ controlPlane: undefined, version: 'v1.35.0' }))).toEqual([]);
  });

  it('ControlPlaneIsStable: a control plane without machines is provisioning', () => {
    expect(machineSetPreflightChecks(input({ controlPlane: cp('v1.31.4', null) }))).toEqual([
      'ControlPlane KubeadmControlPlane default/dev-cp is provisioning ("ControlPlaneIsStable" preflight failed)',
    ]);
  });

  it('ControlPlaneIsStable: spec.version above status.version is upgrading (patch releases too)', () => {
    expect(machineSetPreflightChecks(input({ controlPlane: cp('v1.31.4', 'v1.30.5'), version: 'v1.30.5', bootstrapKind: 'Other' }))).toEqual([
      'ControlPlane KubeadmControlPlane default/dev-cp is upgrading ("ControlPlaneIsStable" preflight failed)',
    ]);
    expect(machineSetPreflightChecks(input({ controlPlane: cp('v1.31.5', 'v1.31.4') }))).toEqual([
      'ControlPlane KubeadmControlPlane default/dev-cp is upgrading ("ControlPlaneIsStable" preflight failed)',
    ]);
  });

  it('KubernetesVersionSkew: never newer than the control plane, at most 3 minors older', () => {
    const newer = machineSetPreflightChecks(input({ version: 'v1.32.0', bootstrapKind: 'Other' }));
    expect(newer).toEqual([
      'MachineSet version (v1.32.0) and ControlPlane version (v1.31.4) do not conform to the kubernetes version skew policy as MachineSet version is higher than ControlPlane version ("KubernetesVersionSkew" preflight failed)',
    ]);
    expect(machineSetPreflightChecks(input({ version: 'v1.28.9', bootstrapKind: 'Other' }))).toEqual([]);
    expect(machineSetPreflightChecks(input({ version: 'v1.27.9', bootstrapKind: 'Other' }))[0]).toMatch(
      /as MachineSet version is more than 3 minor versions older than the ControlPlane version \("KubernetesVersionSkew" preflight failed\)$/,
    );
    // a newer patch of the same minor is not a skew violation (CAPI compares minors)
    expect(machineSetPreflightChecks(input({ version: 'v1.31.9', bootstrapKind: 'Other' }))).toEqual([]);
  });

  it('KubeadmVersionSkew: a kubeadm join needs the control plane minor; other bootstrap providers do not', () => {
    expect(machineSetPreflightChecks(input({ version: 'v1.30.5' }))).toEqual([
      'MachineSet version (v1.30.5) and ControlPlane version (v1.31.4) do not conform to kubeadm version skew policy as kubeadm only supports joining with the same major+minor version as the control plane ("KubeadmVersionSkew" preflight failed)',
    ]);
    expect(machineSetPreflightChecks(input({ version: 'v1.30.5', bootstrapKind: 'TalosConfigTemplate' }))).toEqual([]);
  });

  it('ControlPlaneVersionSkew: on a topology cluster the MachineSet must be at the control plane version', () => {
    const topology = { ...cp('v1.31.4'), topology: true };
    expect(machineSetPreflightChecks(input({ controlPlane: topology, version: 'v1.31.3' }))).toEqual([
      'MachineSet version (v1.31.3) and ControlPlane version (v1.31.4) do not match ("ControlPlaneVersionSkew" preflight failed)',
    ]);
    expect(machineSetPreflightChecks(input({ controlPlane: topology }))).toEqual([]);
    // without a topology the patch skew is fine
    expect(machineSetPreflightChecks(input({ version: 'v1.31.3' }))).toEqual([]);
    expect(machineSetPreflightChecks(input({ controlPlane: topology, version: 'v1.31.3', annotations: { [SKIP_PREFLIGHT_CHECKS_ANNOTATION]: 'ControlPlaneVersionSkew' } }))).toEqual([]);
  });

  it('reports every failing check, in CAPI order', () => {
    const failures = machineSetPreflightChecks(input({ controlPlane: cp('v1.31.4', 'v1.30.5'), version: 'v1.32.0' }));
    expect(failures.map((f) => /"(\w+)" preflight failed/.exec(f)?.[1])).toEqual(['ControlPlaneIsStable', 'KubernetesVersionSkew', 'KubeadmVersionSkew']);
    const onTopology = machineSetPreflightChecks(input({ controlPlane: { ...cp('v1.31.4', 'v1.30.5'), topology: true }, version: 'v1.32.0' }));
    expect(onTopology.map((f) => /"(\w+)" preflight failed/.exec(f)?.[1])).toEqual(['ControlPlaneIsStable', 'ControlPlaneVersionSkew', 'KubernetesVersionSkew', 'KubeadmVersionSkew']);
  });

  it('skips checks named in the annotation, or all of them', () => {
    const upgrading = input({ controlPlane: cp('v1.31.4', 'v1.30.5'), version: 'v1.30.5' });
    expect(machineSetPreflightChecks({ ...upgrading, annotations: { [SKIP_PREFLIGHT_CHECKS_ANNOTATION]: 'All' } })).toEqual([]);
    const some = machineSetPreflightChecks({ ...upgrading, annotations: { [SKIP_PREFLIGHT_CHECKS_ANNOTATION]: ' ControlPlaneIsStable , KubernetesVersionSkew' } });
    expect(some).toHaveLength(1);
    expect(some[0]).toMatch(/"KubeadmVersionSkew" preflight failed/);
  });

  it('words the hold as CAPI does', () => {
    expect(preflightHoldMessage('Scale up', ['A failed', 'B failed'])).toBe(
      'Performing "Scale up" on hold because A failed; B failed. The operation will continue after the preflight check(s) pass',
    );
  });
});

describe('controlPlaneViewOf', () => {
  const kcp = { kind: 'KubeadmControlPlane', name: 'dev-cp', version: 'v1.31.4' };
  it('status.version is the oldest machine version; none while no machine exists', () => {
    const machines = [{ version: 'v1.31.4' }, { version: 'v1.30.10' }, { version: 'v1.30.9' }];
    expect(controlPlaneViewOf('default', kcp, { machines })).toEqual({ ref: 'KubeadmControlPlane default/dev-cp', version: 'v1.31.4', statusVersion: 'v1.30.9' });
    expect(controlPlaneViewOf('default', kcp, { machines: [] })).toEqual({ ref: 'KubeadmControlPlane default/dev-cp', version: 'v1.31.4' });
    expect(controlPlaneViewOf('default', kcp, undefined).statusVersion).toBeUndefined();
    expect(controlPlaneViewOf('default', kcp, { machines }, true).topology).toBe(true);
    expect(controlPlaneViewOf('default', kcp, { machines })).not.toHaveProperty('topology');
  });
});
