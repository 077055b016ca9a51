import { compileManifestTextOrThrow, type DesiredControlPlane } from '../../../shared/model';
import { summarizeControlPlane, type ControlPlaneSummaryInput } from '../../../shared/planners/controlPlaneStatus';
import { getCondition, type ConditionInput } from '../../../shared/status/conditions';
import type { MachineStatus } from '../../../shared/status/types';
import { simClusterYaml } from '../../../scripts/manifests/simClusterYaml';
import { machine } from './fixtures';

const NOW = '2026-03-01T12:00:00.000Z';
const NEW = 'v1.32.0';

const spec: DesiredControlPlane = compileManifestTextOrThrow(simClusterYaml({ name: 'c1', cpReplicas: 3, version: NEW }), 'c1.yaml')[0]!.controlPlane;

const m = (name: string, patch: Partial<MachineStatus> = {}): MachineStatus => machine(name, { role: 'control-plane', version: NEW, ...patch });

function input(patch: Partial<ControlPlaneSummaryInput> = {}): ControlPlaneSummaryInput {
  return {
    spec,
    specVersion: 4,
    machines: [m('c1-cp-a'), m('c1-cp-b'), m('c1-cp-c')],
    initialized: true,
    deleting: false,
    intent: { reason: 'nothing to do' },
    now: NOW,
    ...patch,
  };
}

const ROLLING: ConditionInput = { type: 'RollingOut', status: 'True', reason: 'RollingOut', message: 'Rolling 3 replicas with outdated spec (1 Machine is outdated)' };

describe('summarizeControlPlane: planned conditions', () => {
  test.each<[string, ConditionInput]>([
    ['RollingOut', ROLLING],
    ['Remediating', { type: 'Remediating', status: 'True', reason: 'RemediationInProgress', message: 'Machine c1-cp-a deleted' }],
    ['RollingOut False', { type: 'RollingOut', status: 'False', reason: 'NotRollingOut' }],
    ['a planned condition with no message', { type: 'EtcdClusterHealthy', status: 'Unknown', reason: 'EtcdClusterUnknown' }],
  ])('%s is copied', (_, planned) => {
    const st = summarizeControlPlane(input({ planned: { controlPlane: [planned], machines: {} } }));
    expect(getCondition(st.conditions, planned.type)).toMatchObject({
      status: planned.status,
      reason: planned.reason ?? '',
      message: planned.message ?? '',
      lastTransitionTime: NOW,
    });
  });

  test.each<[string, 'ScalingUp' | 'ScalingDown', MachineStatus[], 'True' | 'False']>([
    ['ScalingUp from the planner is ignored: counted from machines (False)', 'ScalingUp', [m('a'), m('b'), m('c')], 'False'],
    ['ScalingDown from the planner is ignored: counted from machines (False)', 'ScalingDown', [m('a'), m('b'), m('c')], 'False'],
    ['ScalingUp from the planner is ignored: counted from machines (True)', 'ScalingUp', [m('a')], 'True'],
  ])('%s', (_, type, machines, expected) => {
    const planned: ConditionInput = { type, status: expected === 'True' ? 'False' : 'True', reason: 'FromPlanner', message: 'planner words' };
    const st = summarizeControlPlane(input({ machines, intent: { reason: 'summary words' }, planned: { controlPlane: [planned], machines: {} } }));
    const c = getCondition(st.conditions, type)!;
    expect(c.status).toBe(expected);
    expect(c.reason).not.toBe('FromPlanner');
    expect(c.message).not.toBe('planner words');
    expect(c.message).toBe(expected === 'True' ? 'summary words' : '');
  });

  test('no planned conditions: only the summary\'s own', () => {
    const st = summarizeControlPlane(input());
    expect(st.conditions.map((c) => c.type).sort()).toEqual(['Available', 'Initialized', 'MachinesReady', 'Ready', 'ScalingDown', 'ScalingUp']);
  });
});

describe('summarizeControlPlane: waiting', () => {
  test.each<[string, ConditionInput[], string | undefined, Record<string, string>]>([
    ['appended to a True planned condition', [ROLLING], 'waiting for etcd member to join', { RollingOut: `${ROLLING.message}\n* waiting for etcd member to join` }],
    ['not appended to a False one', [{ ...ROLLING, status: 'False', message: 'done' }], 'waiting for etcd', { RollingOut: 'done' }],
    // Remediating carries the planner's refusals itself; repeating the wait reason there doubled them.
    ['appended to RollingOut only', [ROLLING, { type: 'Remediating', status: 'True', message: 'fixing a' }, { type: 'Other', status: 'False', message: 'x' }], 'blocked', {
      RollingOut: `${ROLLING.message}\n* blocked`, Remediating: 'fixing a', Other: 'x',
    }],
    ['not appended twice when the message already says it', [{ ...ROLLING, message: 'Rolling\n* blocked by preflight' }], 'blocked by preflight', { RollingOut: 'Rolling\n* blocked by preflight' }],
    ['nothing appended without waiting', [ROLLING], undefined, { RollingOut: ROLLING.message! }],
    ['not appended to ScalingUp (which keeps the summary\'s words)', [{ type: 'ScalingUp', status: 'True', message: 'x' }], 'blocked', { ScalingUp: '' }],
  ])('%s', (_, planned, waiting, messages) => {
    const st = summarizeControlPlane(input({ planned: { controlPlane: planned, machines: {} }, ...(waiting === undefined ? {} : { waiting }) }));
    for (const [type, message] of Object.entries(messages)) expect(getCondition(st.conditions, type)?.message).toBe(message);
  });
});

describe('summarizeControlPlane: outdated machines and readiness', () => {
  test.each<[string, Partial<ControlPlaneSummaryInput>, { upToDate: number; ready: boolean; replicas: number; readyReplicas: number }]>([
    ['all up to date, all running', {}, { upToDate: 3, ready: true, replicas: 3, readyReplicas: 3 }],
    ['outdated empty', { outdated: [] }, { upToDate: 3, ready: true, replicas: 3, readyReplicas: 3 }],
    ['one outdated', { outdated: ['c1-cp-a'] }, { upToDate: 2, ready: false, replicas: 3, readyReplicas: 3 }],
    ['all outdated', { outdated: ['c1-cp-a', 'c1-cp-b', 'c1-cp-c'] }, { upToDate: 0, ready: false, replicas: 3, readyReplicas: 3 }],
    ['an outdated name that is not a machine changes nothing', { outdated: ['gone'] }, { upToDate: 3, ready: true, replicas: 3, readyReplicas: 3 }],
    [
      'a deleting machine is not up to date',
      { machines: [m('c1-cp-a', { deletionRequestedAt: NOW }), m('c1-cp-b'), m('c1-cp-c')] },
      { upToDate: 2, ready: false, replicas: 3, readyReplicas: 2 },
    ],
    [
      'a surge machine: 4 live, the outdated one is not counted',
      { machines: [m('c1-cp-a'), m('c1-cp-b'), m('c1-cp-c'), m('c1-cp-d')], outdated: ['c1-cp-a'] },
      { upToDate: 3, ready: false, replicas: 4, readyReplicas: 4 },
    ],
    [
      'a Deleted machine is not counted at all',
      { machines: [m('c1-cp-a', { phase: 'Deleted' }), m('c1-cp-b'), m('c1-cp-c'), m('c1-cp-d')], outdated: ['c1-cp-a'] },
      { upToDate: 3, ready: true, replicas: 3, readyReplicas: 3 },
    ],
    ['a machine not Running', { machines: [m('c1-cp-a', { phase: 'Provisioned' }), m('c1-cp-b'), m('c1-cp-c')] }, { upToDate: 3, ready: false, replicas: 3, readyReplicas: 2 }],
    ['deleting', { deleting: true }, { upToDate: 3, ready: false, replicas: 3, readyReplicas: 3 }],
  ])('%s', (_, patch, expected) => {
    const st = summarizeControlPlane(input(patch));
    expect({ upToDate: st.upToDateReplicas, ready: st.ready, replicas: st.replicas, readyReplicas: st.readyReplicas }).toEqual(expected);
    expect(st.desiredReplicas).toBe(3);
    expect(st.version).toBe(NEW);
    expect(st.observedSpecVersion).toBe(4);
  });
});

describe('summarizeControlPlane: planned machine conditions', () => {
  const planned = {
    controlPlane: [],
    machines: {
      'c1-cp-a': [{ type: 'UpToDate', status: 'False', reason: 'NotUpToDate', message: 'Version v1.31.4, v1.32.0 required' }],
      'c1-cp-b': [{ type: 'UpToDate', status: 'True' }, { type: 'OwnerRemediated', status: 'False', reason: 'WaitingForRemediation' }],
      gone: [{ type: 'UpToDate', status: 'False' }],
    },
  } satisfies ControlPlaneSummaryInput['planned'];

  test.each<[string, string, Record<string, { status: string; reason: string; message: string }>]>([
    ['one condition', 'c1-cp-a', { UpToDate: { status: 'False', reason: 'NotUpToDate', message: 'Version v1.31.4, v1.32.0 required' } }],
    ['two conditions, with the machine\'s own kept', 'c1-cp-b', {
      UpToDate: { status: 'True', reason: '', message: '' },
      OwnerRemediated: { status: 'False', reason: 'WaitingForRemediation', message: '' },
      Ready: { status: 'True', reason: '', message: '' },
    }],
    ['none planned: the machine\'s own only', 'c1-cp-c', { Ready: { status: 'True', reason: '', message: '' } }],
  ])('%s', (_, name, expected) => {
    const own = { type: 'Ready', status: 'True' as const, severity: '' as const, reason: '', message: '', lastTransitionTime: NOW };
    const st = summarizeControlPlane(input({
      planned,
      machines: [m('c1-cp-c', { conditions: [own] }), m('c1-cp-b', { conditions: [own] }), m('c1-cp-a')],
    }));
    expect(st.machines.map((x) => x.name)).toEqual(['c1-cp-a', 'c1-cp-b', 'c1-cp-c']);
    const x = st.machines.find((y) => y.name === name)!;
    expect(Object.fromEntries(x.conditions.map((c) => [c.type, { status: c.status, reason: c.reason, message: c.message }]))).toEqual(expected);
  });

  test('a machine without planned conditions is returned as it was', () => {
    const c = m('c1-cp-c');
    const st = summarizeControlPlane(input({ planned, machines: [m('c1-cp-a'), m('c1-cp-b'), c] }));
    expect(st.machines[2]).toBe(c);
  });
});
