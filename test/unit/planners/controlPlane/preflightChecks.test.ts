import { preflightFailures } from '../../../../shared/planners/controlPlane/preflightChecks';
import type { ControlPlaneMachine } from '../../../../shared/planners/controlPlane';
import { NOW, healthy, machine, state, threeMachines } from './fixtures';

const withM3 = (patch: Partial<ControlPlaneMachine>) => [
  ...threeMachines().slice(0, 2),
  machine('m3', 3, patch),
];

describe('preflight checks (checkHealthiness)', () => {
  it.each<[string, ControlPlaneMachine[], string | undefined]>([
    ['all healthy', threeMachines(), undefined],
    [
      'a Machine without a Node',
      withM3({ nodeName: undefined, conditions: {} }),
      'Machine m3 does not have a corresponding Node yet (Machine.status.nodeRef not set)',
    ],
    [
      'a missing condition',
      withM3({ conditions: { ...healthy(), EtcdPodHealthy: undefined } }),
      'Machine m3 does not have EtcdPodHealthy condition',
    ],
    [
      'a False condition',
      withM3({ conditions: { ...healthy(), SchedulerPodHealthy: 'False' } }),
      'Machine m3 reports SchedulerPodHealthy condition is false',
    ],
    [
      'an Unknown condition',
      withM3({ conditions: { ...healthy(), EtcdMemberHealthy: 'Unknown' } }),
      'Machine m3 reports EtcdMemberHealthy condition is unknown',
    ],
    ['a deleting Machine', withM3({ deletionRequestedAt: NOW }), 'waiting for Machines to be deleted: m3'],
  ])('%s', (_name, machines, failure) => {
    const failures = preflightFailures(state(machines), { isScaleUp: true });
    if (failure === undefined) expect(failures).toEqual([]);
    else expect(failures).toContain(failure);
  });

  it('skips the Machine being scaled down', () => {
    const machines = withM3({ conditions: { ...healthy(), APIServerPodHealthy: 'False' } });
    expect(preflightFailures(state(machines), { isScaleUp: false, exclude: 'm3' })).toEqual([]);
  });

  it('while a remediation is in progress, a scale up only needs one healthy component set and etcd quorum', () => {
    // m3 was remediated (deleted); m2's scheduler is failing: normal preflight fails, the exception passes.
    const machines = [
      machine('m1', 1),
      machine('m2', 2, { conditions: { ...healthy(), SchedulerPodHealthy: 'False' } }),
    ];
    const s = state(machines, {
      remediationInProgress: { machine: 'm3', timestamp: '2026-03-01T11:00:00.000Z', retryCount: 0 },
    });
    expect(preflightFailures({ ...s, remediationInProgress: undefined }, { isScaleUp: true })).not.toEqual(
      [],
    );
    expect(preflightFailures(s, { isScaleUp: true })).toEqual([]);
  });
});
