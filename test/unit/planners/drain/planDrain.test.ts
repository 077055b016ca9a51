import { planDrain, type DrainState, type MachineDrainRule } from '../../../../shared/planners/drain';
import { at, drainState, names, NOW, pdb, pod, PDB_REFUSAL, refused } from './fixtures';

interface Case {
  name: string;
  s: DrainState;
  evict: string[];
  skipped?: string[];
  waiting?: Record<string, string>;
  done?: boolean;
}

const rule = (name: string, r: Partial<MachineDrainRule>): MachineDrainRule => ({
  name,
  behavior: 'Drain',
  ...r,
});

const cases: Case[] = [
  {
    name: 'evicts ordinary Pods; skips DaemonSet and static (mirror) Pods',
    s: drainState({
      pods: [
        pod('web-1'),
        pod('kube-proxy-x', { namespace: 'kube-system', ownerKind: 'DaemonSet' }),
        pod('etcd-m1', {
          namespace: 'kube-system',
          ownerKind: 'none',
          annotations: { 'kubernetes.io/config.mirror': 'abc' },
        }),
        pod('apiserver-m1', { namespace: 'kube-system', ownerKind: 'none', mirror: true }),
      ],
    }),
    evict: ['default/web-1'],
    skipped: ['kube-system/apiserver-m1', 'kube-system/etcd-m1', 'kube-system/kube-proxy-x'],
  },
  {
    name: 'finished and orphaned DaemonSet Pods are evicted',
    s: drainState({
      pods: [
        pod('ds-done', { ownerKind: 'DaemonSet', phase: 'Succeeded' }),
        pod('ds-orphan', { ownerKind: 'DaemonSet', ownerMissing: true }),
      ],
    }),
    evict: ['default/ds-done', 'default/ds-orphan'],
  },
  {
    name: 'StatefulSet, Job and unreplicated Pods are all evicted (CAPI never refuses like kubectl drain)',
    s: drainState({
      pods: [
        pod('db-0', { ownerKind: 'StatefulSet' }),
        pod('batch', { ownerKind: 'Job' }),
        pod('bare', { ownerKind: 'none', localStorage: true }),
      ],
    }),
    evict: ['default/bare', 'default/batch', 'default/db-0'],
  },
  {
    name: 'label cluster.x-k8s.io/drain=skip skips the Pod',
    s: drainState({
      pods: [pod('csi-node', { labels: { app: 'csi', 'cluster.x-k8s.io/drain': 'skip' } }), pod('web')],
    }),
    evict: ['default/web'],
    skipped: ['default/csi-node'],
  },
  {
    name: 'label wait-completed: waited on, never evicted',
    s: drainState({
      pods: [
        pod('backup', { labels: { app: 'backup', 'cluster.x-k8s.io/drain': 'wait-completed' } }),
        pod('web'),
      ],
    }),
    evict: ['default/web'],
    waiting: { 'default/backup': 'waitCompleted' },
  },
  {
    name: 'label values are case-insensitive ("WaitCompleted", "Skip")',
    s: drainState({
      pods: [
        pod('a', { labels: { 'cluster.x-k8s.io/drain': 'WaitCompleted' } }),
        pod('b', { labels: { 'cluster.x-k8s.io/drain': 'Skip' } }),
      ],
    }),
    evict: [],
    skipped: ['default/b'],
    waiting: { 'default/a': 'waitCompleted' },
  },
  {
    name: 'the Pod label overrides a MachineDrainRule',
    s: drainState({
      pods: [pod('web', { labels: { app: 'web', 'cluster.x-k8s.io/drain': 'skip' } })],
      rules: [rule('wait-all', { behavior: 'WaitCompleted' })],
    }),
    evict: [],
    skipped: ['default/web'],
    done: true,
  },
  {
    name: 'MachineDrainRule Skip by pod selector',
    s: drainState({
      pods: [pod('portworx', { labels: { app: 'portworx' } }), pod('web')],
      rules: [
        rule('skip-portworx', {
          behavior: 'Skip',
          pods: [{ selector: { matchLabels: { app: 'portworx' } } }],
        }),
      ],
    }),
    evict: ['default/web'],
    skipped: ['default/portworx'],
  },
  {
    name: 'MachineDrainRule order: order 0 first, order 10 waits',
    s: drainState({
      pods: [pod('storage', { labels: { app: 'storage' } }), pod('web')],
      rules: [rule('storage-last', { order: 10, pods: [{ selector: { matchLabels: { app: 'storage' } } }] })],
    }),
    evict: ['default/web'],
    waiting: { 'default/storage': 'laterOrder' },
  },
  {
    name: 'a terminating lower-order Pod still holds back higher orders',
    s: drainState({
      pods: [pod('storage', { labels: { app: 'storage' } }), pod('web', { deletionTimestamp: at(-5) })],
      rules: [rule('storage-last', { order: 10, pods: [{ selector: { matchLabels: { app: 'storage' } } }] })],
    }),
    evict: [],
    waiting: { 'default/web': 'terminating', 'default/storage': 'laterOrder' },
  },
  {
    name: 'once lower orders are gone the next order is evicted',
    s: drainState({
      pods: [pod('storage', { labels: { app: 'storage' } })],
      rules: [rule('storage-last', { order: 10, pods: [{ selector: { matchLabels: { app: 'storage' } } }] })],
    }),
    evict: ['default/storage'],
  },
  {
    name: 'negative orders drain before order 0 (WaitCompleted is always order 0)',
    s: drainState({
      pods: [
        pod('first', { labels: { app: 'first' } }),
        pod('wc', { labels: { app: 'wc', 'cluster.x-k8s.io/drain': 'wait-completed' } }),
      ],
      rules: [rule('first', { order: -5, pods: [{ selector: { matchLabels: { app: 'first' } } }] })],
    }),
    evict: ['default/first'],
    waiting: { 'default/wc': 'waitCompletedLaterOrder' },
  },
  {
    name: 'the first matching rule by name wins',
    s: drainState({
      pods: [pod('web')],
      rules: [rule('b-drain', { behavior: 'Drain' }), rule('a-skip', { behavior: 'Skip' })],
    }),
    evict: [],
    skipped: ['default/web'],
    done: true,
  },
  {
    name: 'a rule whose machine selector does not match the Machine is ignored',
    s: drainState({
      pods: [pod('web')],
      rules: [
        rule('cp-only', {
          behavior: 'Skip',
          machines: [{ selector: { matchLabels: { 'cluster.x-k8s.io/control-plane': '' } } }],
        }),
      ],
    }),
    evict: ['default/web'],
  },
  {
    name: 'machine selector AND clusterSelector must both match',
    s: drainState({
      pods: [pod('web')],
      rules: [
        rule('dev-md0', {
          behavior: 'Skip',
          machines: [
            { selector: { matchLabels: { pool: 'md-0' } }, clusterSelector: { matchLabels: { env: 'dev' } } },
          ],
        }),
      ],
    }),
    evict: ['default/web'],
  },
  {
    name: 'namespaceSelector picks Pods by their Namespace labels',
    s: {
      ...drainState({ pods: [pod('a', { namespace: 'storage' }), pod('b')] }),
      namespaceLabels: { storage: { tier: 'storage' }, default: {} },
      rules: [
        rule('storage-ns', {
          behavior: 'WaitCompleted',
          pods: [{ namespaceSelector: { matchLabels: { tier: 'storage' } } }],
        }),
      ],
    },
    evict: ['default/b'],
    waiting: { 'storage/a': 'waitCompleted' },
  },
  {
    name: 'unreachable Node: Pods deleted more than 1 s ago are ignored, newer ones waited on',
    s: drainState({
      nodeUnreachable: true,
      pods: [
        pod('old', { deletionTimestamp: at(-30) }),
        pod('fresh', { deletionTimestamp: at(-1) }),
        pod('live'),
      ],
    }),
    evict: ['default/live'],
    skipped: ['default/old'],
    waiting: { 'default/fresh': 'terminating' },
  },
  {
    name: 'reachable Node: a deleting Pod is waited on however old',
    s: drainState({ pods: [pod('stuck', { deletionTimestamp: at(-3600) })] }),
    evict: [],
    waiting: { 'default/stuck': 'terminating' },
  },
  {
    name: 'only DaemonSet Pods left: the drain is done',
    s: drainState({ pods: [pod('ds', { ownerKind: 'DaemonSet' })] }),
    evict: [],
    skipped: ['default/ds'],
    done: true,
  },
];

describe('planDrain: which Pods are evicted, waited on, skipped', () => {
  it.each(cases)('$name', ({ s, evict, skipped, waiting, done }) => {
    const plan = planDrain(s, NOW);
    expect(plan.errors).toEqual([]);
    expect(names(plan.evict)).toEqual(evict);
    if (skipped) expect(names(plan.skipped).sort()).toEqual(skipped);
    if (waiting)
      expect(Object.fromEntries(plan.waitingFor.map((w) => [`${w.namespace}/${w.name}`, w.why]))).toEqual(
        waiting,
      );
    expect(plan.done).toBe(done ?? false);
  });
});

describe('planDrain: skipping, timeouts, cordon, errors', () => {
  it('skips with the exclude-node-draining annotation', () => {
    const plan = planDrain(
      drainState({
        machine: {
          name: 'm1',
          labels: {},
          annotations: { 'machine.cluster.x-k8s.io/exclude-node-draining': '' },
        },
        pods: [pod('web')],
      }),
      NOW,
    );
    expect(plan).toMatchObject({
      skip: { reason: 'ExcludeNodeDrainingAnnotation' },
      proceed: true,
      evict: [],
      cordon: false,
    });
  });

  it('a missing Node means there is nothing to drain', () => {
    expect(planDrain(drainState({ nodeFound: false, pods: [pod('web')] }), NOW)).toMatchObject({
      skip: { reason: 'NodeNotFound' },
      done: true,
      proceed: true,
    });
  });

  it('cordons first when the Node is still schedulable', () => {
    expect(planDrain(drainState({ cordoned: false, pods: [pod('web')] }), NOW).cordon).toBe(true);
  });

  it('uses a 1 s grace period on an unreachable Node', () => {
    expect(planDrain(drainState({ nodeUnreachable: true, pods: [pod('web')] }), NOW).gracePeriodSeconds).toBe(
      1,
    );
    expect(planDrain(drainState({ pods: [pod('web')] }), NOW).gracePeriodSeconds).toBeUndefined();
  });

  it('warns about Pods evicted despite local storage or no controller', () => {
    const plan = planDrain(
      drainState({ pods: [pod('bare', { ownerKind: 'none', localStorage: true })] }),
      NOW,
    );
    expect(plan.warnings.map((w) => w.message)).toEqual([
      'evicting Pod with local storage',
      'evicting Pod that has no controller',
    ]);
  });

  it('fails the pass when a Pod Namespace does not exist', () => {
    const plan = planDrain(
      { ...drainState({ pods: [pod('web', { namespace: 'ghost' })] }), namespaceLabels: {} },
      NOW,
    );
    expect(plan.errors).toEqual(['Pod ghost/web: Pod Namespace does not exist']);
    expect(plan).toMatchObject({ evict: [], done: false, nextAttemptAt: at(20) });
  });

  it('times out once nodeDrainTimeout has elapsed since the drain started (≥)', () => {
    const plan = planDrain(
      drainState({ pods: [pod('web')], drainStartedAt: at(-600), nodeDrainTimeoutSeconds: 600 }),
      NOW,
    );
    expect(plan).toMatchObject({
      timedOut: true,
      proceed: true,
      done: false,
      skip: { reason: 'DrainTimeoutExceeded' },
    });
  });

  it('nodeDrainTimeout 0 means no limit', () => {
    const plan = planDrain(
      drainState({ pods: [pod('web')], drainStartedAt: at(-99999), nodeDrainTimeoutSeconds: 0 }),
      NOW,
    );
    expect(plan).toMatchObject({ timedOut: false, proceed: false });
  });

  it('retries every 20 s, but not later than the drain timeout', () => {
    expect(planDrain(drainState({ pods: [pod('web')] }), NOW).nextAttemptAt).toBe(at(20));
    expect(
      planDrain(
        drainState({ pods: [pod('web')], drainStartedAt: at(-590), nodeDrainTimeoutSeconds: 600 }),
        NOW,
      ).nextAttemptAt,
    ).toBe(at(10));
  });
});

describe('planDrain: PodDisruptionBudget refusals', () => {
  const api = [1, 2].map((i) => pod(`api-${i}`, { namespace: 'payments', labels: { app: 'api' } }));
  const budget = pdb('payments', 'api', 'api', { minAvailable: 3, expectedPods: 3 });

  it('does not retry a refused Pod within 20 s of the refusal; retries it after', () => {
    const s = drainState({
      pods: api,
      pdbs: [budget],
      attempts: [refused(api[0]!, -300, -5), refused(api[1]!, -300, -20)],
    });
    const plan = planDrain(s, NOW);
    expect(names(plan.evict)).toEqual(['payments/api-2']);
    expect(plan.waitingFor).toEqual([
      expect.objectContaining({
        name: 'api-1',
        why: 'evictionRefused',
        retryAt: at(15),
        detail: PDB_REFUSAL,
      }),
    ]);
    expect(plan.nextAttemptAt).toBe(at(15));
  });

  it('writes the condition message the way CAPI does', () => {
    const s = drainState({
      pods: [...api, pod('web', { deletionTimestamp: at(-5) }), pod('later', { labels: { app: 'later' } })],
      pdbs: [budget],
      attempts: [refused(api[0]!, -300, -30), refused(api[1]!, -300, -30)],
      rules: [
        {
          name: 'later',
          behavior: 'Drain',
          order: 5,
          pods: [{ selector: { matchLabels: { app: 'later' } } }],
        },
      ],
      drainStartedAt: '2026-03-01T11:50:00.250Z',
    });
    expect(planDrain(s, NOW).conditionMessage).toBe(
      'Drain not completed yet (started at 2026-03-01T11:50:00Z):\n' +
        '* Pod default/web: deletionTimestamp set, but still not removed from the Node\n' +
        "* Pods payments/api-1, payments/api-2: cannot evict pod as it would violate the pod's disruption budget. The disruption budget api needs 3 healthy pods and has 3 currently\n" +
        'After above Pods have been removed from the Node, the following Pods will be evicted: default/later',
    );
  });

  it('says "failed to evict Pod" for other errors', () => {
    const p = pod('web');
    const plan = planDrain(
      drainState({
        pods: [p],
        attempts: [refused(p, -60, -5, 'Internal error occurred: etcdserver: timeout')],
      }),
      NOW,
    );
    expect(plan.conditionMessage).toContain(
      '* Pod default/web: failed to evict Pod, Internal error occurred: etcdserver: timeout',
    );
    expect(plan.explanation).toBe(
      '1 pod failing eviction for 1m (default/web): Internal error occurred: etcdserver: timeout; no nodeDrainTimeout set, so the drain waits as long as it takes',
    );
  });
});

describe('planDrain: the PDB deadlock (minAvailable = replicas)', () => {
  const api = [1, 2].map((i) => pod(`api-${i}`, { namespace: 'payments', labels: { app: 'api' } }));
  const budget = pdb('payments', 'api', 'api', {
    minAvailable: 3,
    expectedPods: 3,
    currentHealthy: 3,
    disruptionsAllowed: 0,
  });
  const startedAt = at(-14 * 60);
  const stateAt = (timeout?: number) =>
    drainState({
      pods: api,
      pdbs: [budget],
      drainStartedAt: startedAt,
      nodeDrainTimeoutSeconds: timeout,
      attempts: api.map((p) => refused(p, -14 * 60, -10)),
    });

  it('never completes while the budget refuses, and says exactly why and until when', () => {
    const plan = planDrain(stateAt(20 * 60), NOW);
    expect(plan).toMatchObject({ done: false, timedOut: false, proceed: false });
    expect(plan.explanation).toBe(
      '2 pods blocked by PodDisruptionBudget payments/api (minAvailable 3) for 14m; drain timeout in 6m; ' +
        'PodDisruptionBudget payments/api can never allow an eviction (minAvailable 3 with 3 expected pods): only nodeDrainTimeout or a change to the budget ends this drain',
    );
  });

  it('keeps refusing across passes until nodeDrainTimeout, then lets deletion proceed', () => {
    const passes = [0, 60, 300, 359].map((offset) => planDrain(stateAt(20 * 60), at(offset)));
    expect(passes.every((p) => !p.proceed)).toBe(true);
    const final = planDrain(stateAt(20 * 60), at(360));
    expect(final).toMatchObject({ timedOut: true, proceed: true, skip: { reason: 'DrainTimeoutExceeded' } });
    expect(final.explanation).toBe(
      'nodeDrainTimeout 20m exceeded (drain started 20m ago); deletion continues without draining the remaining 2 pods',
    );
  });

  it('without nodeDrainTimeout the explanation says the drain will never finish', () => {
    const plan = planDrain(stateAt(undefined), at(3600));
    expect(plan.explanation).toBe(
      '2 pods blocked by PodDisruptionBudget payments/api (minAvailable 3) for 1h14m; no nodeDrainTimeout set, so the drain waits as long as it takes; ' +
        'PodDisruptionBudget payments/api can never allow an eviction (minAvailable 3 with 3 expected pods): this drain never completes unless the budget changes or nodeDrainTimeout is set',
    );
    expect(plan.proceed).toBe(false);
  });

  it('a budget that only needs time (maxUnavailable 1) is not called a deadlock', () => {
    const s = {
      ...stateAt(20 * 60),
      pdbs: [
        pdb('payments', 'api', 'api', { minAvailable: undefined, maxUnavailable: 1, disruptionsAllowed: 0 }),
      ],
    };
    expect(planDrain(s, NOW).explanation).toBe(
      '2 pods blocked by PodDisruptionBudget payments/api (maxUnavailable 1) for 14m; drain timeout in 6m',
    );
  });
});
