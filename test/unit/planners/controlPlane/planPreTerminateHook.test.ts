import {
  KCP_PRE_TERMINATE_HOOK,
  PRE_TERMINATE_HOOK_PREFIX,
  planControlPlane,
} from '../../../../shared/planners/controlPlane';
import type {
  ControlPlaneIntent,
  ControlPlaneMachine,
  ControlPlaneState,
  EtcdMember,
} from '../../../../shared/planners/controlPlane';
import { NOW, OLD, healthy, machine, membersFor, spec, state } from './fixtures';

const DELETED_AT = '2026-03-01T11:30:00.000Z';
const deleting = (patch: Partial<ControlPlaneMachine> = {}) =>
  machine('m1', 1, {
    version: OLD,
    deletionRequestedAt: DELETED_AT,
    waitingForPreTerminateHook: true,
    ...patch,
  });
const others = () => [machine('m2', 2), machine('m3', 3), machine('m4', 4)];

function withDeleting(
  patch: Partial<ControlPlaneMachine> = {},
  members?: (ms: ControlPlaneMachine[]) => EtcdMember[],
): ControlPlaneState {
  const machines = [deleting(patch), ...others()];
  return state(machines, { etcdMembers: members ? members(machines) : membersFor(machines) });
}

describe('planPreTerminateHook (reconcilePreTerminateHook)', () => {
  it.each<[string, ControlPlaneState, Partial<ControlPlaneIntent>, string]>([
    [
      'still draining → wait',
      withDeleting({ waitingForPreTerminateHook: false }),
      { type: 'wait' },
      'to be drained',
    ],
    [
      'drained → remove its etcd member',
      withDeleting(),
      { type: 'removeEtcdMember', memberId: 'id-1', memberName: 'node-m1', machine: 'm1' },
      '',
    ],
    [
      'drained and leader → move leadership to the newest healthy Machine first',
      withDeleting({}, (ms) => membersFor(ms, 'm1')),
      { type: 'forwardEtcdLeadership', from: 'm1', to: 'm4' },
      '',
    ],
    [
      'member already removed → remove the hook',
      withDeleting({}, (ms) => membersFor(ms).filter((m) => m.name !== 'node-m1')),
      { type: 'removePreTerminateHook', machine: 'm1' },
      '',
    ],
    [
      'last control plane Machine → just remove the hook',
      state([deleting()]),
      { type: 'removePreTerminateHook', machine: 'm1' },
      'last control plane Machine',
    ],
    [
      'removal would lose quorum → wait',
      state([
        deleting(),
        machine('m2', 2),
        machine('m3', 3, { conditions: { ...healthy(), EtcdMemberHealthy: 'False' } }),
      ]),
      { type: 'wait' },
      'etcd would lose quorum',
    ],
    [
      'hook already removed → wait for the Machine to go',
      withDeleting({ annotations: {} }),
      { type: 'wait' },
      'pre-terminate hook already removed',
    ],
    [
      'Kubernetes ≥ 1.31: other pre-terminate hooks run first',
      withDeleting({
        annotations: { [KCP_PRE_TERMINATE_HOOK]: '', [`${PRE_TERMINATE_HOOK_PREFIX}/backup`]: '' },
      }),
      { type: 'wait' },
      `${PRE_TERMINATE_HOOK_PREFIX}/backup`,
    ],
    [
      'Kubernetes 1.30: other pre-terminate hooks do not block',
      {
        ...withDeleting({
          annotations: { [KCP_PRE_TERMINATE_HOOK]: '', [`${PRE_TERMINATE_HOOK_PREFIX}/backup`]: '' },
        }),
        spec: spec({ version: 'v1.30.9' }),
      },
      { type: 'removeEtcdMember', machine: 'm1' },
      '',
    ],
  ])('%s', (_name, s, expected, reasonPart) => {
    const { intent } = planControlPlane(s, NOW);
    expect(intent).toMatchObject(expected);
    expect('reason' in intent ? intent.reason : '').toContain(reasonPart);
  });

  it('handles the oldest deletion first and starts nothing else meanwhile', () => {
    const machines = [
      machine('m1', 1, { deletionRequestedAt: '2026-03-01T11:50:00.000Z', waitingForPreTerminateHook: true }),
      machine('m2', 2, { deletionRequestedAt: '2026-03-01T11:40:00.000Z', waitingForPreTerminateHook: true }),
      machine('m3', 3),
      machine('m4', 4),
      machine('m5', 5),
    ];
    const s = state(machines, { spec: spec({ replicas: 5 }) });
    expect(planControlPlane(s, NOW).intent).toMatchObject({ type: 'removeEtcdMember', machine: 'm2' });
  });
});

describe('planEtcdMemberCleanup (reconcileEtcdMembers)', () => {
  const orphan: EtcdMember = {
    id: 'id-x',
    name: 'node-gone',
    isLearner: false,
    isLeader: false,
    healthy: true,
  };
  it.each<[string, ControlPlaneState, Partial<ControlPlaneIntent>]>([
    [
      'removes a member no Machine owns',
      state([machine('m1', 1), machine('m2', 2), machine('m3', 3)], {
        etcdMembers: [...membersFor([machine('m1', 1), machine('m2', 2), machine('m3', 3)]), orphan],
      }),
      { type: 'removeEtcdMember', memberId: 'id-x' },
    ],
    [
      'not while a Machine has no Node (its member could be joining)',
      (() => {
        const ms = [
          machine('m1', 1),
          machine('m2', 2),
          machine('m3', 3),
          machine('m4', 4, { nodeName: undefined, conditions: {} }),
        ];
        return state(ms, { spec: spec({ replicas: 5 }), etcdMembers: [...membersFor(ms), orphan] });
      })(),
      { type: 'wait' },
    ],
    [
      'not when removing it would lose quorum',
      (() => {
        const ms = [
          machine('m1', 1),
          machine('m2', 2, { conditions: { ...healthy(), EtcdMemberHealthy: 'False' } }),
        ];
        return state(ms, { spec: spec({ replicas: 3 }), etcdMembers: [...membersFor(ms), orphan] });
      })(),
      { type: 'wait' },
    ],
  ])('%s', (_name, s, expected) => {
    const { intent } = planControlPlane(s, NOW);
    expect(intent).toMatchObject(expected);
    if (expected.type === 'wait') expect(intent).not.toMatchObject({ type: 'removeEtcdMember' });
  });
});
