import {
  isAllowedRemediation,
  planHealthCheck,
  type HealthCheckMachine,
  type HealthCheckState,
} from '../../../../shared/planners/health';
import { at, check, cond, machine, notReady, NOW, readyCluster, withoutNode } from './fixtures';

function state(machines: HealthCheckMachine[], patch: Partial<HealthCheckState> = {}): HealthCheckState {
  return { check: check(), cluster: readyCluster(), machines, ...patch };
}

const fiveHealthy = ['m1', 'm2', 'm3', 'm4', 'm5'].map((n) => machine(n));
/** CNI outage: every Node NotReady for 10 minutes. */
const cniOutage = ['m1', 'm2', 'm3', 'm4', 'm5'].map((n) => notReady(n, -600));

describe('planHealthCheck: counting and the short-circuit (isAllowedRemediation)', () => {
  const cases: {
    name: string;
    s: HealthCheckState;
    allowed: boolean;
    expected: number;
    healthy: number;
    remediationsAllowed: number;
  }[] = [
    {
      name: 'all healthy, maxUnhealthy 40% of 5 rounds down to 2',
      s: state(fiveHealthy, { check: check({ maxUnhealthy: '40%' }) }),
      allowed: true,
      expected: 5,
      healthy: 5,
      remediationsAllowed: 2,
    },
    {
      name: 'CNI outage: every Node NotReady trips 40% — nothing is remediated',
      s: state(cniOutage, { check: check({ maxUnhealthy: '40%' }) }),
      allowed: false,
      expected: 5,
      healthy: 0,
      remediationsAllowed: 0,
    },
    {
      name: 'default maxUnhealthy is 100%: the short-circuit never trips',
      s: state(cniOutage),
      allowed: true,
      expected: 5,
      healthy: 0,
      remediationsAllowed: 0,
    },
    {
      name: 'Machines inside a timeout window count as unhealthy (expected − currentHealthy)',
      s: state([machine('m1'), notReady('m2', -900), notReady('m3', -60)], {
        check: check({ maxUnhealthy: 1 }),
      }),
      allowed: false,
      expected: 3,
      healthy: 1,
      remediationsAllowed: 0,
    },
    {
      name: 'Machines still waiting for their Node count as unhealthy too',
      s: state([machine('m1'), machine('m2'), withoutNode('m3', -60)], { check: check({ maxUnhealthy: 0 }) }),
      allowed: false,
      expected: 3,
      healthy: 2,
      remediationsAllowed: 0,
    },
    {
      name: 'percentages round down: 50% of 3 is 1',
      s: state([machine('m1'), notReady('m2', -900), notReady('m3', -900)], {
        check: check({ maxUnhealthy: '50%' }),
      }),
      allowed: false,
      expected: 3,
      healthy: 1,
      remediationsAllowed: 0,
    },
    {
      name: 'unhealthyRange takes precedence over maxUnhealthy',
      s: state([machine('m1'), machine('m2'), notReady('m3', -900)], {
        check: check({ maxUnhealthy: 0, unhealthyRange: '[1-2]' }),
      }),
      allowed: true,
      expected: 3,
      healthy: 2,
      remediationsAllowed: 1,
    },
    {
      name: 'below the range minimum remediation is not allowed either',
      s: state(fiveHealthy, { check: check({ unhealthyRange: '[1-2]' }) }),
      allowed: false,
      expected: 5,
      healthy: 5,
      remediationsAllowed: 0,
    },
    {
      name: 'skipped Machines are not expected; deleting ones are expected but not healthy',
      s: state([
        machine('m1'),
        machine('m2', { annotations: { 'cluster.x-k8s.io/skip-remediation': '' } }),
        machine('m3', { deleting: true }),
        machine('other', { labels: { pool: 'md-1' } }),
      ]),
      allowed: true,
      expected: 2,
      healthy: 1,
      remediationsAllowed: 1,
    },
  ];
  it.each(cases)('$name', ({ s, allowed, expected, healthy, remediationsAllowed }) => {
    const plan = planHealthCheck(s, NOW);
    expect(plan).toMatchObject({
      remediationAllowed: allowed,
      expectedMachines: expected,
      currentHealthy: healthy,
      remediationsAllowed,
    });
    expect(plan.unhealthyCount).toBe(expected - healthy);
  });
});

describe('planHealthCheck: the CNI outage in detail', () => {
  const plan = planHealthCheck(state(cniOutage, { check: check({ maxUnhealthy: '40%' }) }), NOW);

  it('marks nothing for remediation and says why, with the numbers', () => {
    expect(plan.markOwnerRemediated).toEqual([]);
    expect(plan.createRemediationRequests).toEqual([]);
    expect(plan.condition).toMatchObject({
      type: 'RemediationAllowed',
      status: 'False',
      reason: 'TooManyUnhealthy',
    });
    expect(plan.condition.message).toBe(
      'Remediation is not allowed, the number of not started or unhealthy machines exceeds maxUnhealthy (total: 5, unhealthy: 5, maxUnhealthy: 40%); ' +
        '5 of 5 machines are not healthy (expected 5 − currently healthy 0; machines still inside a startup or condition timeout count), at most 2 (40% of 5, rounded down) allowed',
    );
    expect(plan.event).toEqual({
      type: 'Warning',
      reason: 'RemediationRestricted',
      message: plan.condition.message,
    });
    expect(plan.requeue).toBe(true);
  });

  it('still writes HealthCheckSucceeded=False on every Machine, so the short-circuit is visible on them', () => {
    expect(plan.machineConditions).toHaveLength(5);
    expect(
      plan.machineConditions.every(
        (c) => c.condition.type === 'HealthCheckSucceeded' && c.condition.status === 'False',
      ),
    ).toBe(true);
  });
});

describe('planHealthCheck: what gets marked', () => {
  it('marks unhealthy Machines OwnerRemediated=False/WaitingForRemediation and healthy ones HealthCheckSucceeded=True', () => {
    const plan = planHealthCheck(state([machine('m1'), notReady('m2', -900)]), NOW);
    expect(plan.markOwnerRemediated).toEqual(['m2']);
    expect(plan.machineConditions).toEqual(
      expect.arrayContaining([
        {
          machine: 'm1',
          condition: { type: 'HealthCheckSucceeded', status: 'True', reason: 'HealthCheckSucceeded' },
        },
        expect.objectContaining({
          machine: 'm2',
          condition: expect.objectContaining({
            type: 'HealthCheckSucceeded',
            status: 'False',
            reason: 'UnhealthyNode',
          }),
        }),
        expect.objectContaining({
          machine: 'm2',
          condition: expect.objectContaining({
            type: 'OwnerRemediated',
            status: 'False',
            reason: 'WaitingForRemediation',
            message: 'Waiting for remediation',
          }),
        }),
      ]),
    );
    expect(plan.condition).toMatchObject({ type: 'RemediationAllowed', status: 'True' });
  });

  it('marks KubeadmControlPlane-owned Machines too', () => {
    const cp = notReady('cp-0', -900, { role: 'control-plane', ownerKind: 'KubeadmControlPlane' });
    expect(planHealthCheck(state([cp]), NOW).markOwnerRemediated).toEqual(['cp-0']);
  });

  it('reports Machines no owner would remediate instead of marking them', () => {
    const plan = planHealthCheck(
      state([
        notReady('m1', -900, { ownerKind: 'MachinePool' }),
        notReady('m2', -900, { ownerKind: undefined }),
      ]),
      NOW,
    );
    expect(plan.markOwnerRemediated).toEqual([]);
    expect(plan.notRemediable.map((n) => n.machine)).toEqual(['m1', 'm2']);
    expect(plan.notRemediable[0]!.reason).toContain(
      'only Machines owned by a MachineSet or a KubeadmControlPlane',
    );
  });

  it('leaves OwnerRemediated alone once it is False (the owner is on it) but re-marks it when True', () => {
    const pending = notReady('m1', -900, {
      conditions: [cond('OwnerRemediated', 'False', -30, 'RemediationDeferred')],
    });
    const done = notReady('m2', -900, { conditions: [cond('OwnerRemediated', 'True', -30)] });
    expect(planHealthCheck(state([pending, done]), NOW).markOwnerRemediated).toEqual(['m2']);
  });

  it('does not mark a Machine that is already being deleted', () => {
    expect(
      planHealthCheck(state([notReady('m1', -900, { deleting: true })]), NOW).markOwnerRemediated,
    ).toEqual([]);
  });

  it('with a remediationTemplate creates one request named like each unhealthy Machine and deletes those of healthy ones', () => {
    const template = {
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
      kind: 'Metal3RemediationTemplate',
      name: 'reboot',
    };
    const plan = planHealthCheck(
      state([machine('m1'), notReady('m2', -900), notReady('m3', -900)], {
        check: check({ remediationTemplate: template }),
        remediationRequests: [{ name: 'm1' }, { name: 'm3' }],
      }),
      NOW,
    );
    expect(plan.createRemediationRequests).toEqual([{ name: 'm2', template, ownerMachine: 'm2' }]);
    expect(plan.deleteRemediationRequests).toEqual(['m1']);
    expect(plan.markOwnerRemediated).toEqual([]);
    expect(plan.machineConditions).toContainEqual({
      machine: 'm2',
      condition: {
        type: 'ExternallyRemediated',
        status: 'False',
        reason: 'WaitingForRemediation',
        severity: 'Warning',
      },
    });
  });

  it('does nothing while the Cluster is paused', () => {
    const plan = planHealthCheck(state(cniOutage, { cluster: readyCluster({ paused: true }) }), NOW);
    expect(plan).toMatchObject({
      paused: 'the Cluster is paused',
      markOwnerRemediated: [],
      machineConditions: [],
    });
  });

  it('does nothing while the MachineHealthCheck is paused', () => {
    expect(planHealthCheck(state(cniOutage, { checkPaused: true }), NOW).paused).toBe(
      'the MachineHealthCheck is paused',
    );
  });

  it('rechecks at the earliest time a Machine turns unhealthy, plus 1 s', () => {
    const plan = planHealthCheck(
      state([notReady('m1', -100), notReady('m2', -250), withoutNode('m3', -30)]),
      NOW,
    );
    expect(plan.nextCheckAt).toBe(at(51));
    expect(plan.targets).toEqual(['m1', 'm2', 'm3']);
  });

  it('has no recheck time when nothing is pending', () => {
    expect(planHealthCheck(state(fiveHealthy), NOW).nextCheckAt).toBeUndefined();
  });

  it('sends no RemediationRestricted event when nothing needs remediation', () => {
    const plan = planHealthCheck(
      state([machine('m1'), withoutNode('m2', -30)], { check: check({ maxUnhealthy: 0 }) }),
      NOW,
    );
    expect(plan.remediationAllowed).toBe(false);
    expect(plan.event).toBeUndefined();
    expect(plan.condition.message).toContain('(total: 2, unhealthy: 0, maxUnhealthy: 0)');
  });
});

describe('isAllowedRemediation edge cases', () => {
  it('an int maxUnhealthy is used as is; a non-percentage string is refused like Kubernetes intstr does', () => {
    expect(isAllowedRemediation({ maxUnhealthy: 2 }, 5, 3)).toMatchObject({
      allowed: true,
      remediationsAllowed: 0,
    });
    expect(isAllowedRemediation({ maxUnhealthy: '2' }, 5, 5)).toMatchObject({
      allowed: false,
      invalid: 'invalid maxUnhealthy "2"',
    });
  });
});
