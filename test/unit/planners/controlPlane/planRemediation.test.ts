import { REMEDIATE_MACHINE_ANNOTATION, planControlPlane } from '../../../../shared/planners/controlPlane';
import type {
  ControlPlaneIntent,
  ControlPlaneMachine,
  ControlPlaneState,
  RemediationRecord,
} from '../../../../shared/planners/controlPlane';
import { NOW, healthy, machine, membersFor, spec, state, threeMachines, unhealthy } from './fixtures';

const sick = (name: string, minute: number, patch: Partial<ControlPlaneMachine> = {}) =>
  machine(name, minute, { conditions: unhealthy({ EtcdMemberHealthy: 'False' }), ...patch });
const ownerRemediated = (s: ControlPlaneState, m: string) =>
  planControlPlane(s, NOW).conditions.machines[m]?.find((c) => c.type === 'OwnerRemediated');
const record = (minutesAgo: number, retryCount: number, machineName = 'm0'): RemediationRecord => ({
  machine: machineName,
  timestamp: new Date(Date.parse(NOW) - minutesAgo * 60_000).toISOString(),
  retryCount,
});

describe('planRemediation (reconcileUnhealthyMachines)', () => {
  it.each<[string, ControlPlaneState, Partial<ControlPlaneIntent>]>([
    [
      'one unhealthy Machine of 3 → delete it and record the remediation',
      state([machine('m1', 1), sick('m2', 2), machine('m3', 3)]),
      { type: 'markRemediation', machine: 'm2', record: { machine: 'm2', timestamp: NOW, retryCount: 0 } },
    ],
    [
      'the unhealthy Machine leads etcd → move leadership first',
      (() => {
        const ms = [machine('m1', 1), sick('m2', 2), machine('m3', 3)];
        return state(ms, { etcdMembers: membersFor(ms, 'm2') });
      })(),
      { type: 'forwardEtcdLeadership', from: 'm2', to: 'm3' },
    ],
    [
      'most broken first: no Node beats a failing etcd member',
      state(
        [
          machine('m1', 1),
          sick('m2', 2),
          sick('m3', 3, { nodeName: undefined }),
          machine('m4', 4),
          machine('m5', 5),
        ],
        {
          spec: spec({ replicas: 5 }),
        },
      ),
      { type: 'markRemediation', machine: 'm3' },
    ],
    [
      'the remediate-machine annotation beats everything',
      state(
        [
          machine('m1', 1),
          sick('m2', 2),
          machine('m3', 3, { annotations: { [REMEDIATE_MACHINE_ANNOTATION]: '' }, conditions: unhealthy() }),
          machine('m4', 4),
          machine('m5', 5),
        ],
        {
          spec: spec({ replicas: 5 }),
        },
      ),
      { type: 'markRemediation', machine: 'm3' },
    ],
    [
      'before initialization the failed kubeadm init Machine is replaced without quorum checks',
      state([sick('m1', 1, { nodeName: undefined })], { initialized: false, etcdMembers: [] }),
      { type: 'markRemediation', machine: 'm1' },
    ],
    [
      'a remediation in progress → the replacement is created, carrying the record',
      state([machine('m1', 1, { failureDomain: 'fd-a' }), machine('m3', 3, { failureDomain: 'fd-c' })], {
        remediationInProgress: record(5, 0, 'm2'),
      }),
      { type: 'createMachine', role: 'join', failureDomain: 'fd-b', remediationFor: record(5, 0, 'm2') },
    ],
    [
      'a record older than the newest Machine is stale and ignored',
      state([machine('m1', 1), sick('m2', 2), machine('m3', 3)], {
        remediationInProgress: record(200, 0, 'm9'),
      }),
      { type: 'markRemediation', machine: 'm2' },
    ],
    [
      'a replacement failing again within minHealthyPeriod is a retry',
      state([machine('m1', 1), sick('m2', 2, { remediationFor: record(30, 1) }), machine('m3', 3)]),
      { type: 'markRemediation', machine: 'm2', record: { machine: 'm2', timestamp: NOW, retryCount: 2 } },
    ],
    [
      'a Machine that never got a Node is remediated (no etcd member to protect)',
      state([
        machine('m1', 1),
        machine('m2', 2),
        machine('m3', 3),
        sick('m4', 4, { nodeName: undefined, conditions: unhealthy({}) }),
      ]),
      { type: 'markRemediation', machine: 'm4' },
    ],
    [
      'a failure after minHealthyPeriod starts a new sequence',
      state([machine('m1', 1), sick('m2', 2, { remediationFor: record(90, 4) }), machine('m3', 3)]),
      { type: 'markRemediation', machine: 'm2', record: { machine: 'm2', timestamp: NOW, retryCount: 0 } },
    ],
  ])('%s', (_name, s, expected) => {
    expect(planControlPlane(s, NOW).intent).toMatchObject(expected);
  });

  it.each<[string, ControlPlaneState, string, string]>([
    [
      'a single replica',
      state([sick('m1', 1, { conditions: unhealthy({ APIServerPodHealthy: 'Unknown' }) })], {
        spec: spec({ replicas: 1 }),
      }),
      'CannotBeRemediated',
      "KubeadmControlPlane can't remediate if current replicas are less or equal to 1",
    ],
    [
      'two unhealthy etcd members of 3 (quorum)',
      state([machine('m1', 1), sick('m2', 2), sick('m3', 3)]),
      'CannotBeRemediated',
      'etcd quorum loss',
    ],
    [
      'a healthy Machine still provisioning',
      state(
        [
          machine('m1', 1),
          sick('m2', 2),
          machine('m3', 3),
          machine('m4', 4, { nodeName: undefined, conditions: {} }),
        ],
        { spec: spec({ replicas: 5 }) },
      ),
      'RemediationDeferred',
      'waiting for control plane Machine provisioning to complete',
    ],
    [
      'within retryPeriod of the previous remediation',
      state([machine('m1', 1), sick('m2', 2, { remediationFor: record(5, 0) }), machine('m3', 3)], {
        spec: spec({ remediation: { retryPeriodSeconds: 600, minHealthyPeriodSeconds: 3600 } }),
      }),
      'RemediationDeferred',
      'already failed in the latest 10m0s (RetryPeriodSeconds)',
    ],
    [
      'maxRetry reached',
      state([machine('m1', 1), sick('m2', 2, { remediationFor: record(30, 2) }), machine('m3', 3)], {
        spec: spec({ remediation: { maxRetry: 2, retryPeriodSeconds: 0, minHealthyPeriodSeconds: 3600 } }),
      }),
      'CannotBeRemediated',
      'already failed 2 times (MaxRetry)',
    ],
  ])('refuses with %s', (_name, s, reason, message) => {
    const plan = planControlPlane(s, NOW);
    expect(plan.intent.type).toBe('wait');
    expect(plan.intent).not.toMatchObject({ type: 'markRemediation' });
    const condition = [...Object.values(plan.conditions.machines)]
      .flat()
      .find((c) => c.type === 'OwnerRemediated');
    expect(condition).toMatchObject({ status: 'False', reason });
    expect(condition?.message).toContain(message);
    expect(plan.conditions.controlPlane.find((c) => c.type === 'Remediating')).toMatchObject({
      status: 'True',
    });
  });

  it('does not start a second remediation while one is in progress', () => {
    // m3's API server is down too: the replacement for m2 comes first, and the remediation
    // exception to the preflight checks lets it through (etcd keeps quorum with the new member).
    const m3 = sick('m3', 3, { conditions: unhealthy({ APIServerPodHealthy: 'False' }) });
    const s = state([machine('m1', 1), m3], { remediationInProgress: record(5, 0, 'm2') });
    const plan = planControlPlane(s, NOW);
    expect(plan.intent).toMatchObject({ type: 'createMachine', remediationFor: { machine: 'm2' } });
    expect(plan.reasons.join('\n')).toContain('remediation of m2 is in progress');
  });

  it('no replacement while etcd would lose quorum with the new member counted unhealthy', () => {
    const s = state([machine('m1', 1), sick('m3', 3)], { remediationInProgress: record(5, 0, 'm2') });
    const plan = planControlPlane(s, NOW);
    expect(plan.intent.type).toBe('wait');
    expect(plan.intent).toMatchObject({
      reason: expect.stringContaining('adding a new control plane Machine can lead to etcd quorum loss'),
    });
  });

  it('explains a quorum refusal with the projected etcd cluster', () => {
    const plan = planControlPlane(state([machine('m1', 1), sick('m2', 2), sick('m3', 3)]), NOW);
    expect(plan.reasons).toContain('etcd without m2: 2 voting member(s), quorum 2; unhealthy: node-m3 (m3)');
  });

  it('marks the remediated Machine as deleting', () => {
    expect(ownerRemediated(state([machine('m1', 1), sick('m2', 2), machine('m3', 3)]), 'm2')).toMatchObject({
      status: 'False',
      reason: 'MachineDeleting',
      message: 'Machine is deleting',
    });
  });

  it('ignores Machines the MHC considers healthy again', () => {
    expect(planControlPlane(state(threeMachines()), NOW).intent.type).toBe('none');
    const recovered = machine('m2', 2, { conditions: { ...healthy(), OwnerRemediated: 'False' } });
    expect(planControlPlane(state([machine('m1', 1), recovered, machine('m3', 3)]), NOW).intent.type).toBe(
      'none',
    );
  });
});
