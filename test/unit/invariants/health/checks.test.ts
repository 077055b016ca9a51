import { planHealthCheck, planMachineSetRemediation } from '../../../../shared/planners/health';
import type { HealthCheckPlan } from '../../../../shared/planners/health';
import { machineSetViolations, mhcViolations, type MhcExpectation } from './checks';
import type { Verdict } from './oracle';

/** Every checker must be able to fail; otherwise a green randomized run proves nothing. */
const NOW = '2026-03-01T12:00:00.000Z';
const plan = (): HealthCheckPlan =>
  planHealthCheck(
    {
      check: { name: 'mhc', selector: {}, unhealthyConditions: [] },
      cluster: { paused: false, conditions: [] },
      machines: [],
    },
    NOW,
  );
/** Three targets: a counted healthy one, two unhealthy ones; at most one may be remediated. */
const expectation = (patch: Partial<MhcExpectation> = {}): MhcExpectation => ({
  verdicts: new Map<string, Verdict>([
    ['ok', 'counted'],
    ['bad-1', 'unhealthy'],
    ['bad-2', 'unhealthy'],
  ]),
  allowed: true,
  max: 1,
  describe: 'maxUnhealthy 1',
  paused: false,
  remediable: new Set(['ok', 'bad-1', 'bad-2']),
  ...patch,
});
const counted = (p: HealthCheckPlan) => ({
  ...p,
  expectedMachines: 3,
  currentHealthy: 1,
  remediationAllowed: true,
});
const rules = (p: HealthCheckPlan, x: MhcExpectation) => mhcViolations(p, x).map((v) => v.rule);

describe('health invariant checkers', () => {
  it('pass when the plan matches the expectation', () => {
    expect(rules({ ...counted(plan()), markOwnerRemediated: ['bad-1'] }, expectation())).toEqual([]);
  });

  it('mhc-count: the planner counts differently from the fates', () => {
    expect(rules(plan(), expectation())).toContain('mhc-count');
  });

  it('short-circuit: remediation ordered although too many are unhealthy', () => {
    const p = { ...counted(plan()), remediationAllowed: false, markOwnerRemediated: ['bad-1'] };
    expect(rules(p, expectation({ allowed: false }))).toEqual(['short-circuit']);
  });

  it('remediations-bound: more remediations than the limit allows', () => {
    const p = { ...counted(plan()), markOwnerRemediated: ['bad-1', 'bad-2'] };
    expect(rules(p, expectation())).toEqual(['remediations-bound']);
  });

  it('remediates-healthy and remediates-unowned', () => {
    expect(rules({ ...counted(plan()), markOwnerRemediated: ['ok'] }, expectation())).toEqual([
      'remediates-healthy',
    ]);
    const unowned = expectation({ remediable: new Set(['ok']) });
    expect(rules({ ...counted(plan()), markOwnerRemediated: ['bad-1'] }, unowned)).toEqual([
      'remediates-unowned',
    ]);
  });

  it('paused-remediates', () => {
    expect(rules({ ...plan(), markOwnerRemediated: ['bad-1'] }, expectation({ paused: true }))).toEqual([
      'paused-remediates',
    ]);
  });

  it('max-in-flight, remediation-held, remediates-unmarked', () => {
    const ms = {
      ...planMachineSetRemediation({ machines: [], deploymentChild: true, currentRevision: true }),
      remediate: ['a'],
    };
    const base = { budget: 1, inFlightBefore: 0, candidates: new Set(['a']) };
    expect(machineSetViolations(ms, base)).toEqual([]);
    expect(machineSetViolations(ms, { ...base, inFlightBefore: 1 }).map((v) => v.rule)).toEqual([
      'max-in-flight',
    ]);
    expect(machineSetViolations(ms, { ...base, mustHold: 'an old revision' }).map((v) => v.rule)).toEqual([
      'remediation-held',
    ]);
    expect(machineSetViolations(ms, { ...base, candidates: new Set() }).map((v) => v.rule)).toEqual([
      'remediates-unmarked',
    ]);
  });
});
