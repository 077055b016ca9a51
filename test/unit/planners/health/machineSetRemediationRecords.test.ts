import {
  applyRemediationConditions,
  keepOwnerConditions,
  recordHealthVerdicts,
  type ConditionedRecord,
} from '../../../../shared/planners/health/machineSetRemediationRecords';
import { planMachineSetRemediation } from '../../../../shared/planners/health';
import { NOW, at, cond } from './fixtures';

const record = (name: string, ...conditions: ConditionedRecord['conditions']): ConditionedRecord => ({ name, conditions });
const conditionOf = (r: ConditionedRecord | undefined, type: string) => r?.conditions.find((c) => c.type === type);

describe('recordHealthVerdicts (the MHC patching its targets, on the owner\'s records)', () => {
  const verdict = { name: 'a', reason: 'UnhealthyNode', message: 'Condition Ready on node is reporting status False for more than 1s' };

  it('marks an unhealthy machine HealthCheckSucceeded=False with the check\'s reason and OwnerRemediated=False/WaitingForRemediation', () => {
    const [a, b] = recordHealthVerdicts([record('a'), record('b')], { unhealthy: [verdict], healthy: [] }, NOW);
    expect(conditionOf(a, 'HealthCheckSucceeded')).toMatchObject({ status: 'False', reason: 'UnhealthyNode', message: verdict.message, lastTransitionTime: NOW });
    expect(conditionOf(a, 'OwnerRemediated')).toMatchObject({ status: 'False', reason: 'WaitingForRemediation' });
    expect(b).toEqual(record('b'));
  });

  it('leaves an OwnerRemediated=False the owner already drives (deferred) as it is', () => {
    const deferred = cond('OwnerRemediated', 'False', -30, 'RemediationDeferred');
    const [a] = recordHealthVerdicts([record('a', deferred)], { unhealthy: [verdict], healthy: [] }, NOW);
    expect(conditionOf(a, 'OwnerRemediated')).toEqual(deferred);
  });

  it('sets OwnerRemediated again when it is True (remediation finished, machine failed again)', () => {
    const [a] = recordHealthVerdicts([record('a', cond('OwnerRemediated', 'True', -30))], { unhealthy: [verdict], healthy: [] }, NOW);
    expect(conditionOf(a, 'OwnerRemediated')).toMatchObject({ status: 'False', reason: 'WaitingForRemediation', lastTransitionTime: NOW });
  });

  it('marks a machine healthy again HealthCheckSucceeded=True, which lets the planner drop its stale OwnerRemediated', () => {
    const stale = record('a', cond('HealthCheckSucceeded', 'False', -60, 'UnhealthyNode'), cond('OwnerRemediated', 'False', -60, 'RemediationDeferred'));
    const recorded = recordHealthVerdicts([stale], { unhealthy: [], healthy: ['a'] }, NOW);
    expect(conditionOf(recorded[0], 'HealthCheckSucceeded')).toMatchObject({ status: 'True', lastTransitionTime: NOW });
    const plan = planMachineSetRemediation({
      machines: recorded.map((r) => ({ ...r, createdAt: at(-3600), annotations: {}, deleting: false })),
      deploymentChild: true,
      currentRevision: true,
    });
    expect(plan.clearOwnerRemediated).toEqual(['a']);
    expect(conditionOf(applyRemediationConditions(recorded, plan, NOW)[0], 'OwnerRemediated')).toBeUndefined();
  });
});

describe('applyRemediationConditions', () => {
  it('writes the plan\'s OwnerRemediated conditions on the named records only', () => {
    const records = [record('a'), record('b'), record('c')];
    const next = applyRemediationConditions(
      records,
      {
        clearOwnerRemediated: [],
        conditions: [
          { machine: 'a', condition: { type: 'OwnerRemediated', status: 'False', reason: 'MachineDeleting', message: 'Machine is deleting' } },
          { machine: 'b', condition: { type: 'OwnerRemediated', status: 'False', reason: 'RemediationDeferred', message: 'waiting' } },
        ],
      },
      NOW,
    );
    expect(next.map((r) => conditionOf(r, 'OwnerRemediated')?.reason)).toEqual(['MachineDeleting', 'RemediationDeferred', undefined]);
    expect(next[2]).toBe(records[2]);
  });
});

describe('keepOwnerConditions (a machine report replaces its record)', () => {
  it('carries the owner\'s HealthCheckSucceeded and OwnerRemediated over onto the report, unchanged', () => {
    const held = [cond('HealthCheckSucceeded', 'False', -60, 'UnhealthyNode'), cond('OwnerRemediated', 'False', -60, 'RemediationDeferred')];
    const previous = [record('a', cond('Ready', 'True', -600), ...held)];
    const report = [record('a', cond('Ready', 'False', -1), cond('InfrastructureReady', 'True', -600))];
    const [a] = keepOwnerConditions(previous, report);
    expect(a!.conditions.map((c) => c.type)).toEqual(['Ready', 'HealthCheckSucceeded', 'InfrastructureReady', 'OwnerRemediated']);
    expect(conditionOf(a, 'OwnerRemediated')).toEqual(held[1]);
    expect(conditionOf(a, 'Ready')?.status).toBe('False'); // the report's own conditions win
  });

  it('returns reports of machines the owner holds nothing for as they are', () => {
    const report = [record('b', cond('Ready', 'True', -1))];
    expect(keepOwnerConditions([record('a', cond('OwnerRemediated', 'False', -1, 'MachineDeleting'))], report)[0]).toBe(report[0]);
  });
});
