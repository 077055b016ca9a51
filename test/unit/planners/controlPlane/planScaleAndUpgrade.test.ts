import { planControlPlane } from '../../../../shared/planners/controlPlane';
import type {
  ControlPlaneIntent,
  ControlPlaneMachine,
  ControlPlaneState,
} from '../../../../shared/planners/controlPlane';
import { NOW, OLD, healthy, machine, membersFor, spec, state, threeMachines } from './fixtures';

const plan = (s: ControlPlaneState) => planControlPlane(s, NOW);

describe('planControlPlane: init and scale (reconcile → scaleUp/scaleDown)', () => {
  it.each<[string, ControlPlaneState, Partial<ControlPlaneIntent>, string]>([
    [
      'no Machines: the kubeadm init Machine',
      state([], { initialized: false }),
      { type: 'createMachine', role: 'init', failureDomain: 'fd-a' },
      '',
    ],
    [
      'no join before initialization',
      state([machine('m1', 1, { nodeName: undefined, conditions: {}, failureDomain: 'fd-a' })], {
        initialized: false,
        etcdMembers: [],
      }),
      { type: 'wait' },
      'initialized',
    ],
    [
      'joins into the domain with the fewest Machines',
      state([machine('m1', 1, { failureDomain: 'fd-a' })]),
      { type: 'createMachine', role: 'join', failureDomain: 'fd-b' },
      '',
    ],
    [
      'one join at a time: preflight names the Machine and the condition',
      state([
        machine('m1', 1, { failureDomain: 'fd-a' }),
        machine('m2', 2, {
          failureDomain: 'fd-b',
          conditions: { ...healthy(), EtcdMemberHealthy: 'Unknown' },
        }),
      ]),
      { type: 'wait' },
      'Machine m2 reports EtcdMemberHealthy condition is unknown',
    ],
    ['at replicas: nothing to do', state(threeMachines()), { type: 'none' }, ''],
    [
      'scale down 5 → 3: oldest Machine of the fullest domain (not the leader)',
      state(
        [
          machine('m1', 1, { failureDomain: 'fd-a' }),
          machine('m2', 2, { failureDomain: 'fd-b' }),
          machine('m3', 3, { failureDomain: 'fd-c' }),
          machine('m4', 4, { failureDomain: 'fd-b' }),
          machine('m5', 5, { failureDomain: 'fd-c' }),
        ],
        { spec: spec({ replicas: 3 }) },
      ),
      { type: 'deleteMachine', name: 'm2' },
      '',
    ],
    [
      'even replicas are refused (stacked etcd)',
      state(threeMachines(), { spec: spec({ replicas: 4 }) }),
      { type: 'wait' },
      'cannot be an even number',
    ],
    [
      'maxSurge 0 needs at least 3 replicas',
      state([machine('m1', 1, { version: OLD })], { spec: spec({ replicas: 1, rollout: { maxSurge: 0 } }) }),
      { type: 'wait' },
      'maxSurge 0',
    ],
  ])('%s', (_name, s, expected, reasonPart) => {
    const { intent } = plan(s);
    expect(intent).toMatchObject(expected);
    if (reasonPart) expect('reason' in intent ? intent.reason : '').toContain(reasonPart);
  });

  it('moves etcd leadership away before deleting the leader on scale down', () => {
    const machines = [
      machine('m1', 1, { failureDomain: 'fd-a' }),
      machine('m2', 2, { failureDomain: 'fd-b' }),
      machine('m3', 3, { failureDomain: 'fd-a' }),
    ];
    const s = state(machines, { spec: spec({ replicas: 1 }), etcdMembers: membersFor(machines, 'm1') });
    expect(plan(s).intent).toEqual(
      expect.objectContaining({ type: 'forwardEtcdLeadership', from: 'm1', to: 'm3' }),
    );
  });

  it('does not delete a Machine while the etcd member list cannot be read (leadership unknown)', () => {
    const s = state(threeMachines(), { spec: spec({ replicas: 1 }), etcdMembers: undefined });
    expect(plan(s).intent).toMatchObject({
      type: 'wait',
      reason: expect.stringContaining('etcd member list is not available'),
    });
  });

  it('reports ScalingUp with the preflight reason', () => {
    const s = state([machine('m1', 1), machine('m2', 2, { nodeName: undefined, conditions: {} })]);
    const scalingUp = plan(s).conditions.controlPlane.find((c) => c.type === 'ScalingUp');
    expect(scalingUp).toMatchObject({ status: 'True', reason: 'ScalingUp' });
    expect(scalingUp?.message).toContain('Scaling up from 2 to 3 replicas');
    expect(scalingUp?.message).toContain('Machine m2 does not have a corresponding Node yet');
  });
});

describe('planControlPlaneUpgrade (rollingUpdate)', () => {
  const outdated3 = () => threeMachines(OLD);
  it.each<[string, ControlPlaneMachine[], Partial<ControlPlaneState>, Partial<ControlPlaneIntent>, string]>([
    [
      'maxSurge 1: create the new Machine first (3 → 4)',
      outdated3(),
      {},
      { type: 'createMachine', role: 'join', failureDomain: 'fd-a' },
      '',
    ],
    [
      'maxSurge 1: the surge Machine has no Node yet → wait',
      [...outdated3(), machine('m4', 4, { failureDomain: 'fd-a', nodeName: undefined, conditions: {} })],
      {},
      { type: 'wait' },
      'Machine m4 does not have a corresponding Node yet',
    ],
    [
      'maxSurge 1: 4 healthy → delete the oldest outdated in the fullest domain',
      [...outdated3(), machine('m4', 4, { failureDomain: 'fd-a' })],
      {},
      { type: 'deleteMachine', name: 'm1' },
      '',
    ],
    [
      'maxSurge 0: delete first (3 → 2)',
      outdated3(),
      { spec: spec({ rollout: { maxSurge: 0 } }) },
      { type: 'deleteMachine', name: 'm1' },
      '',
    ],
    [
      'maxSurge 0: then create (2 → 3)',
      outdated3().slice(1),
      { spec: spec({ rollout: { maxSurge: 0 } }) },
      { type: 'createMachine', role: 'join', failureDomain: 'fd-a' },
      '',
    ],
    [
      'rollout.after rolls out Machines with an unchanged template',
      threeMachines(),
      { spec: spec({ rollout: { maxSurge: 1, after: '2026-03-01T11:00:00.000Z' } }) },
      { type: 'createMachine', role: 'join' },
      '',
    ],
  ])('%s', (_name, machines, patch, expected, reasonPart) => {
    const { intent } = plan(state(machines, patch));
    expect(intent).toMatchObject(expected);
    if (reasonPart) expect('reason' in intent ? intent.reason : '').toContain(reasonPart);
  });

  it('forwards leadership to the up-to-date Machine when the victim leads etcd', () => {
    const machines = [...outdated3(), machine('m4', 4, { failureDomain: 'fd-a' })];
    const s = state(machines, { etcdMembers: membersFor(machines, 'm1') });
    expect(plan(s).intent).toMatchObject({ type: 'forwardEtcdLeadership', from: 'm1', to: 'm4' });
  });

  it('sets RollingOut and per-Machine UpToDate conditions', () => {
    const { conditions } = plan(state(outdated3()));
    expect(conditions.controlPlane.find((c) => c.type === 'RollingOut')).toMatchObject({
      status: 'True',
      message: 'Rolling out 3 not up-to-date replica(s)',
    });
    expect(conditions.machines.m1?.find((c) => c.type === 'UpToDate')).toMatchObject({
      status: 'False',
      reason: 'NotUpToDate',
    });
  });
});
