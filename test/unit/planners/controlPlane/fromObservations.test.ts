import { compileManifestTextOrThrow, type DesiredControlPlane } from '../../../../shared/model';
import {
  controlPlaneSpecFromDesired,
  controlPlaneStateFromObservations,
  controlPlaneTemplateHash,
  outdatedReasons,
  type ControlPlaneObservations,
  type ControlPlaneMachine,
  type EtcdMember,
  type RemediationRecord,
} from '../../../../shared/planners/controlPlane';
import type { Condition } from '../../../../shared/status/conditions';
import type { MachineStatus } from '../../../../shared/status/types';
import { simClusterYaml } from '../../../../scripts/manifests/simClusterYaml';
import { machine as machineStatus } from '../fixtures';

const NOW = '2026-03-01T12:00:00.000Z';
const NEW = 'v1.32.0';
const OLD = 'v1.31.4';

const desired: DesiredControlPlane = compileManifestTextOrThrow(
  simClusterYaml({ name: 'c1', cpReplicas: 3, version: NEW }),
  'c1.yaml',
)[0]!.controlPlane;

const cond = (type: string, status: Condition['status'], reason = ''): Condition => ({
  type, status, severity: status === 'True' ? '' : 'Info', reason, message: '', lastTransitionTime: NOW,
});

/** A control-plane machine named `name` on node `node-<name>`, Running at NEW. */
const m = (name: string, patch: Partial<MachineStatus> = {}): MachineStatus =>
  machineStatus(name, { role: 'control-plane', version: NEW, nodeName: `node-${name}`, ...patch });

function observe(patch: Partial<ControlPlaneObservations> = {}): ControlPlaneObservations {
  return {
    desired,
    machines: [m('a'), m('b'), m('c')],
    extras: {},
    health: [],
    etcdMembers: undefined,
    failureDomains: [],
    initialized: true,
    remediationMarks: [],
    ...patch,
  };
}

const byName = (machines: readonly ControlPlaneMachine[], name: string): ControlPlaneMachine => {
  const found = machines.find((x) => x.name === name);
  if (!found) throw new Error(`no machine ${name} in ${machines.map((x) => x.name).join(', ')}`);
  return found;
};

describe('controlPlaneStateFromObservations: health conditions by node name', () => {
  test.each<[string, Partial<ControlPlaneObservations>, ControlPlaneMachine['conditions']]>([
    ['no health observed: only the machine\'s own conditions', {}, { EtcdPodHealthy: 'True' }],
    [
      'health of its node overlays the machine\'s conditions',
      { health: [{ nodeName: 'node-a', conditions: { EtcdPodHealthy: 'False', APIServerPodHealthy: 'True' } }] },
      { EtcdPodHealthy: 'False', APIServerPodHealthy: 'True' },
    ],
    [
      'health of another node does not apply',
      { health: [{ nodeName: 'node-b', conditions: { EtcdPodHealthy: 'False' } }] },
      { EtcdPodHealthy: 'True' },
    ],
    [
      'matched by node name, not machine name',
      { health: [{ nodeName: 'a', conditions: { EtcdPodHealthy: 'False' } }] },
      { EtcdPodHealthy: 'True' },
    ],
    [
      'a machine without a node gets no health',
      { machines: [m('a', { nodeName: undefined, conditions: [cond('EtcdPodHealthy', 'True')] })], health: [{ nodeName: 'node-a', conditions: { EtcdPodHealthy: 'False' } }] },
      { EtcdPodHealthy: 'True' },
    ],
    [
      'Unknown health is carried as Unknown',
      { health: [{ nodeName: 'node-a', conditions: { EtcdMemberHealthy: 'Unknown' } }] },
      { EtcdPodHealthy: 'True', EtcdMemberHealthy: 'Unknown' },
    ],
  ])('%s', (_, patch, expected) => {
    // machine a reports EtcdPodHealthy=True plus conditions KCP does not read (Ready, NodeHealthy)
    const own = [cond('EtcdPodHealthy', 'True'), cond('Ready', 'True'), cond('NodeHealthy', 'False')];
    const machines = (patch.machines ?? [m('a'), m('b')]).map((x) => (x.name === 'a' && x.conditions.length === 0 ? { ...x, conditions: own } : x));
    const state = controlPlaneStateFromObservations(observe({ ...patch, machines }));
    expect(byName(state.machines, 'a').conditions).toEqual(expected);
  });

  test('every KCP machine condition is read from the status, other conditions are not', () => {
    const types = [
      'APIServerPodHealthy', 'ControllerManagerPodHealthy', 'SchedulerPodHealthy', 'EtcdPodHealthy',
      'EtcdMemberHealthy', 'NodeKubeadmLabelsAndTaintsSet', 'HealthCheckSucceeded', 'OwnerRemediated',
    ] as const;
    const statuses: Condition['status'][] = ['True', 'False', 'Unknown'];
    const conditions = [...types.map((t, i) => cond(t, statuses[i % 3]!)), cond('Ready', 'True'), cond('InfrastructureReady', 'False')];
    const state = controlPlaneStateFromObservations(observe({ machines: [m('a', { conditions })] }));
    expect(state.machines[0]!.conditions).toEqual(Object.fromEntries(types.map((t, i) => [t, statuses[i % 3]])));
  });

  test('each machine gets its own node\'s health', () => {
    const state = controlPlaneStateFromObservations(observe({
      health: [
        { nodeName: 'node-a', conditions: { APIServerPodHealthy: 'True' } },
        { nodeName: 'node-b', conditions: { APIServerPodHealthy: 'False' } },
      ],
    }));
    expect(state.machines.map((x) => [x.name, x.conditions.APIServerPodHealthy])).toEqual([['a', 'True'], ['b', 'False'], ['c', undefined]]);
  });
});

describe('controlPlaneStateFromObservations: MHC remediation marks', () => {
  test.each<[string, Partial<ControlPlaneObservations>, string[]]>([
    ['no marks', {}, []],
    ['one mark', { remediationMarks: ['b'] }, ['b']],
    ['a mark overrides a healthy observation', { remediationMarks: ['a'], health: [{ nodeName: 'node-a', conditions: { HealthCheckSucceeded: 'True', OwnerRemediated: 'True' } }] }, ['a']],
    ['a mark for an unknown machine marks nothing', { remediationMarks: ['zzz'] }, []],
    ['marks match machine names, not node names', { remediationMarks: ['node-c'] }, []],
  ])('%s', (_, patch, marked) => {
    const state = controlPlaneStateFromObservations(observe(patch));
    for (const x of state.machines) {
      if (marked.includes(x.name)) {
        expect(x.conditions).toMatchObject({ HealthCheckSucceeded: 'False', OwnerRemediated: 'False' });
      } else {
        expect(x.conditions.HealthCheckSucceeded).not.toBe('False');
        expect(x.conditions.OwnerRemediated).not.toBe('False');
      }
    }
  });

  test('a mark keeps the component conditions', () => {
    const state = controlPlaneStateFromObservations(observe({
      remediationMarks: ['a'],
      health: [{ nodeName: 'node-a', conditions: { EtcdPodHealthy: 'True', APIServerPodHealthy: 'False' } }],
    }));
    expect(byName(state.machines, 'a').conditions).toEqual({
      EtcdPodHealthy: 'True', APIServerPodHealthy: 'False', HealthCheckSucceeded: 'False', OwnerRemediated: 'False',
    });
  });
});

describe('controlPlaneStateFromObservations: which machines', () => {
  test.each<[string, MachineStatus[], string[]]>([
    ['all live', [m('a'), m('b'), m('c')], ['a', 'b', 'c']],
    ['Deleted machines are dropped', [m('a'), m('b', { phase: 'Deleted', deletionRequestedAt: NOW }), m('c')], ['a', 'c']],
    ['Deleting machines are kept', [m('a', { phase: 'Deleting', deletionRequestedAt: NOW }), m('b')], ['a', 'b']],
    ['Failed and Provisioning machines are kept', [m('a', { phase: 'Failed' }), m('b', { phase: 'Provisioning', nodeName: undefined })], ['a', 'b']],
    ['only Deleted', [m('a', { phase: 'Deleted' })], []],
  ])('%s', (_, machines, names) => {
    expect(controlPlaneStateFromObservations(observe({ machines })).machines.map((x) => x.name)).toEqual(names);
  });

  test('a deleting machine carries its deletion time', () => {
    const state = controlPlaneStateFromObservations(observe({ machines: [m('a', { phase: 'Deleting', deletionRequestedAt: NOW })] }));
    expect(state.machines[0]!.deletionRequestedAt).toBe(NOW);
  });
});

describe('controlPlaneStateFromObservations: template hash and extras', () => {
  const spec = controlPlaneSpecFromDesired(desired);
  const record = { templateHash: 'some-other-template', annotations: { 'pre-terminate.delete.hook.machine.cluster.x-k8s.io/kcp-cleanup': '' } };

  test('the spec\'s template hash is computed from the desired machine template', () => {
    expect(spec.templateHash).toBe(controlPlaneTemplateHash(desired.machineTemplate));
    const state = controlPlaneStateFromObservations(observe());
    expect(state.spec).toEqual(spec);
  });

  test.each<[string, MachineStatus, Record<string, typeof record>, string[]]>([
    ['no record, at the spec version: up to date', m('a'), {}, []],
    ['no record, at an older version: outdated by version only', m('a', { version: OLD }), {}, [`Machine version "${OLD}" is not equal to KCP version "${NEW}"`]],
    ['a record with another template: outdated by template', m('a'), { a: record }, [`machine template changed (some-other-template → ${spec.templateHash})`]],
    ['a record with the spec\'s template: up to date', m('a'), { a: { ...record, templateHash: spec.templateHash } }, []],
    ['another machine\'s record does not apply', m('a'), { b: record }, []],
  ])('%s', (_, status, extras, reasons) => {
    const state = controlPlaneStateFromObservations(observe({ machines: [status], extras }));
    const x = state.machines[0]!;
    expect(x.templateHash).toBe(extras[status.name]?.templateHash ?? spec.templateHash);
    expect(x.annotations).toEqual(extras[status.name]?.annotations ?? {});
    expect(outdatedReasons(x, state.spec, NOW)).toEqual(reasons);
  });

  test('remediationFor and the certificate expiry come from the record', () => {
    const remediationFor: RemediationRecord = { machine: 'old', timestamp: NOW, retryCount: 1 };
    const state = controlPlaneStateFromObservations(observe({
      machines: [m('a'), m('b')],
      extras: { a: { ...record, remediationFor, certificatesExpiryDate: '2027-01-01T00:00:00.000Z' } },
    }));
    expect(byName(state.machines, 'a')).toMatchObject({ remediationFor, certificatesExpiryDate: '2027-01-01T00:00:00.000Z' });
    expect(byName(state.machines, 'b')).not.toHaveProperty('remediationFor');
    expect(byName(state.machines, 'b')).not.toHaveProperty('certificatesExpiryDate');
  });
});

describe('controlPlaneStateFromObservations: pre-terminate hook', () => {
  test.each<[string, Condition[], boolean]>([
    ['Deleting True, WaitingForPreTerminateHook', [cond('Deleting', 'True', 'WaitingForPreTerminateHook')], true],
    ['Deleting True, still draining', [cond('Deleting', 'True', 'DrainingNode')], false],
    ['Deleting False with that reason', [cond('Deleting', 'False', 'WaitingForPreTerminateHook')], false],
    ['another condition with that reason', [cond('Ready', 'True', 'WaitingForPreTerminateHook')], false],
    ['no Deleting condition', [], false],
  ])('%s', (_, conditions, waiting) => {
    const state = controlPlaneStateFromObservations(observe({ machines: [m('a', { phase: 'Deleting', deletionRequestedAt: NOW, conditions })] }));
    expect(state.machines[0]!.waitingForPreTerminateHook).toBe(waiting);
  });
});

describe('controlPlaneStateFromObservations: the rest of the state', () => {
  const members: EtcdMember[] = [{ id: '1', name: 'node-a', isLearner: false, isLeader: true, healthy: true }];
  const record: RemediationRecord = { machine: 'x', timestamp: NOW, retryCount: 0 };

  test.each<[string, Partial<ControlPlaneObservations>]>([
    ['bare', {}],
    ['etcd, failure domains, not initialized', { etcdMembers: members, failureDomains: [{ name: 'fd-a', controlPlane: true }], initialized: false }],
    ['remediation records', { remediationInProgress: record, lastRemediation: { ...record, retryCount: 2 } }],
  ])('%s: passed through', (_, patch) => {
    const o = observe(patch);
    const state = controlPlaneStateFromObservations(o);
    expect(state.etcdMembers).toBe(o.etcdMembers);
    expect(state.failureDomains).toEqual(o.failureDomains);
    expect(state.initialized).toBe(o.initialized);
    if (o.remediationInProgress) expect(state.remediationInProgress).toEqual(o.remediationInProgress);
    else expect(state).not.toHaveProperty('remediationInProgress');
    if (o.lastRemediation) expect(state.lastRemediation).toEqual(o.lastRemediation);
    else expect(state).not.toHaveProperty('lastRemediation');
  });
});
