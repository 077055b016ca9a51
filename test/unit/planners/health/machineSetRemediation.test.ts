import {
  planMachineSetRemediation,
  sortMachinesToRemediate,
  type RemediationCandidate,
} from '../../../../shared/planners/health';
import { at, cond } from './fixtures';

function unhealthy(
  name: string,
  createdSeconds: number,
  patch: Partial<RemediationCandidate> = {},
): RemediationCandidate {
  return {
    name,
    createdAt: at(createdSeconds),
    annotations: {},
    conditions: [
      cond('HealthCheckSucceeded', 'False', -60, 'UnhealthyNode'),
      cond('OwnerRemediated', 'False', -60, 'WaitingForRemediation'),
    ],
    deleting: false,
    ...patch,
  };
}

describe('sortMachinesToRemediate', () => {
  it('puts remediate-machine first, then newest, then name', () => {
    const sorted = sortMachinesToRemediate([
      unhealthy('old', -9000),
      unhealthy('b-new', -100),
      unhealthy('a-new', -100),
      unhealthy('flagged', -99999, { annotations: { 'cluster.x-k8s.io/remediate-machine': '' } }),
    ]);
    expect(sorted.map((m) => m.name)).toEqual(['flagged', 'a-new', 'b-new', 'old']);
  });
});

describe('planMachineSetRemediation (MachineSet reconcileUnhealthyMachines)', () => {
  const three = [unhealthy('m1', -3000), unhealthy('m2', -2000), unhealthy('m3', -1000)];

  it('remediates every candidate when maxInFlight is unset, newest first, patching MachineDeleting before delete', () => {
    const plan = planMachineSetRemediation({ machines: three, deploymentChild: true, currentRevision: true });
    expect(plan.remediate).toEqual(['m3', 'm2', 'm1']);
    expect(
      plan.conditions.every(
        (c) => c.condition.reason === 'MachineDeleting' && c.condition.message === 'Machine is deleting',
      ),
    ).toBe(true);
  });

  it('limits to maxInFlight and defers the rest', () => {
    const plan = planMachineSetRemediation({
      machines: three,
      deploymentChild: true,
      currentRevision: true,
      maxInFlight: 1,
      deploymentReplicas: 3,
    });
    expect(plan.remediate).toEqual(['m3']);
    expect(plan.deferred).toEqual(['m2', 'm1']);
    expect(plan.conditions.find((c) => c.machine === 'm1')!.condition).toMatchObject({
      reason: 'RemediationDeferred',
      message:
        'Waiting because there are already too many remediations in progress (spec.strategy.remediation.maxInFlight is 1)',
    });
  });

  it('rounds a percentage maxInFlight up (25% of 6 is 2)', () => {
    const plan = planMachineSetRemediation({
      machines: three,
      deploymentChild: true,
      currentRevision: true,
      maxInFlight: '25%',
      deploymentReplicas: 6,
    });
    expect(plan.remediate).toEqual(['m3', 'm2']);
  });

  it('counts remediations still deleting against the budget', () => {
    const inFlight = unhealthy('gone', -5000, {
      deleting: true,
      conditions: [cond('OwnerRemediated', 'False', -30, 'MachineDeleting')],
    });
    const plan = planMachineSetRemediation({
      machines: [...three, inFlight],
      deploymentChild: true,
      currentRevision: true,
      maxInFlight: 1,
    });
    expect(plan.remediate).toEqual([]);
    expect(plan.deferred).toEqual(['m1', 'm2', 'm3']);
  });

  it('old revisions never remediate', () => {
    const plan = planMachineSetRemediation({
      machines: three,
      deploymentChild: true,
      currentRevision: false,
    });
    expect(plan.remediate).toEqual([]);
    expect(plan.conditions[0]!.condition).toMatchObject({
      reason: 'CannotBeRemediated',
      message: "Machine won't be remediated because it is pending removal due to rollout",
    });
  });

  it('waits on failed preflight checks and requeues in 15 s', () => {
    const plan = planMachineSetRemediation({
      machines: three,
      deploymentChild: false,
      currentRevision: true,
      preflightFailures: ['ControlPlane is upgrading'],
    });
    expect(plan).toMatchObject({ remediate: [], requeueAfterSeconds: 15 });
    expect(plan.conditions[0]!.condition).toMatchObject({
      reason: 'RemediationDeferred',
      message: '* ControlPlane is upgrading',
    });
  });

  it('clears a stale OwnerRemediated once HealthCheckSucceeded is True again', () => {
    const recovered = unhealthy('m9', -100, {
      conditions: [cond('HealthCheckSucceeded', 'True', -10), cond('OwnerRemediated', 'False', -60)],
    });
    const plan = planMachineSetRemediation({
      machines: [recovered],
      deploymentChild: true,
      currentRevision: true,
    });
    expect(plan).toMatchObject({
      clearOwnerRemediated: ['m9'],
      remediate: [],
      reason: 'no machine needs remediation',
    });
  });

  it('ignores Machines that are unhealthy but not yet marked by the MHC', () => {
    const unmarked = unhealthy('m1', -100, { conditions: [cond('HealthCheckSucceeded', 'False', -10)] });
    expect(
      planMachineSetRemediation({ machines: [unmarked], deploymentChild: false, currentRevision: true })
        .remediate,
    ).toEqual([]);
  });
});
