import { planDrain, type DrainPlan } from '../../../../shared/planners/drain';
import { drainEndViolation, passViolations, type PassView } from './checks';
import type { PodTreatment } from './oracle';
import { timeAt } from './world';

/** Every checker must be able to fail; otherwise a green randomized run proves nothing. */
const drain: PodTreatment = { behavior: 'Drain', order: 0, why: 'default' };
const view = (patch: Partial<PassView> = {}): PassView => ({
  second: 100,
  pods: [
    { key: 'default/web-1', treatment: drain, terminating: false },
    { key: 'default/late-1', treatment: { behavior: 'Drain', order: 5, why: 'rule' }, terminating: false },
    {
      key: 'kube-system/proxy',
      treatment: { behavior: 'Skip', order: 0, why: 'DaemonSet Pod' },
      terminating: false,
    },
    {
      key: 'default/batch',
      treatment: { behavior: 'WaitCompleted', order: 0, why: 'label' },
      terminating: false,
    },
    { key: 'default/old', treatment: drain, terminating: true },
  ],
  attempts: new Map(),
  drainStartedAt: 0,
  skipped: false,
  ...patch,
});
/** A real (empty) plan to break on purpose. */
const plan = (patch: Partial<DrainPlan>): DrainPlan => ({
  ...planDrain(
    {
      machine: { name: 'm', labels: {}, annotations: {} },
      clusterLabels: {},
      nodeName: 'n',
      nodeFound: true,
      nodeUnreachable: false,
      cordoned: true,
      pods: [],
      pdbs: [],
      rules: [],
      namespaceLabels: {},
      attempts: [],
      drainStartedAt: timeAt(0),
    },
    timeAt(100),
  ),
  done: false,
  proceed: false,
  ...patch,
});
const evicting = (key: string) => {
  const [namespace, name] = key.split('/') as [string, string];
  return plan({ evict: [{ namespace, name }] });
};
const rules = (p: DrainPlan, v = view()) => passViolations(p, v).map((x) => x.rule);

describe('drain invariant checkers', () => {
  it('pass when only a pod of the lowest order is evicted', () => {
    expect(rules(evicting('default/web-1'))).toEqual([]);
  });

  it.each([
    ['kube-system/proxy', 'evicts-skipped'],
    ['default/batch', 'evicts-wait-completed'],
    ['default/old', 'evicts-terminating'],
    ['default/late-1', 'drain-order'],
    ['default/ghost', 'evicts-unknown'],
  ])('evicting %s breaks %s', (key, rule) => {
    expect(rules(evicting(key))).toEqual([rule]);
  });

  it('retry-too-soon: a refused pod evicted again within 20 s', () => {
    const attempts = new Map([
      [
        'default/web-1',
        {
          namespace: 'default',
          name: 'web-1',
          firstAttemptAt: timeAt(50),
          lastAttemptAt: timeAt(90),
          lastError: "Cannot evict pod as it would violate the pod's disruption budget.",
        },
      ],
    ]);
    expect(rules(evicting('default/web-1'), view({ attempts }))).toEqual(['retry-too-soon']);
  });

  it('done-too-early and timeout-early', () => {
    expect(rules(plan({ done: true, proceed: true }))).toEqual(['done-too-early']);
    expect(
      rules(plan({ timedOut: true, proceed: true }), view({ pods: [], nodeDrainTimeoutSeconds: 300 })),
    ).toEqual(['timeout-early']);
  });

  it('drain-never-ends: still draining past the deadline', () => {
    expect(drainEndViolation(200, 150)?.rule).toBe('drain-never-ends');
    expect(drainEndViolation(160, 150)).toBeUndefined();
    expect(drainEndViolation(5000, undefined)).toBeUndefined();
  });
});
