import {
  approveCreationVersion,
  lifecycleHookCondition,
  planLifecycleHook,
  recordHookOutcome,
  type LifecycleHookInput,
  type LifecycleHookState,
} from '../../../../shared/planners/lifecycleHooks';

const NOW = '2026-11-24T10:00:00.000Z';
const cluster = { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Cluster', metadata: { name: 'c1', namespace: 'default' } };

function input(hooks: LifecycleHookState, over: Partial<LifecycleHookInput> = {}): LifecycleHookInput {
  return { hooks, desiredVersion: 'v1.31.4', controlPlaneSettledAt: 'v1.31.4', workersSettled: true, deleting: false, cluster, now: NOW, ...over };
}

const approved = (version: string): LifecycleHookState => approveCreationVersion(undefined, version);
const at = (seconds: number) => new Date(Date.parse(NOW) + seconds * 1000).toISOString();

describe('planLifecycleHook: which hook is due and what waits on it', () => {
  test('nothing is due at the approved version with nothing owed', () => {
    expect(planLifecycleHook(input(approved('v1.31.4')))).toEqual({});
  });

  test('a new version calls BeforeClusterUpgrade with from/to and holds everything', () => {
    const plan = planLifecycleHook(input(approved('v1.30.7'), { controlPlaneSettledAt: 'v1.30.7' }));
    expect(plan.call).toEqual({
      hook: 'BeforeClusterUpgrade',
      body: {
        apiVersion: 'hooks.runtime.cluster.x-k8s.io/v1alpha1',
        kind: 'BeforeClusterUpgradeRequest',
        cluster,
        fromKubernetesVersion: 'v1.30.7',
        toKubernetesVersion: 'v1.31.4',
      },
    });
    expect(plan.holdAll).toBe('waiting for hook "BeforeClusterUpgrade"');
    expect(plan.holdWorkers).toBeUndefined();
  });

  test('a blocked hook is not called before its retry time, and the hold says why', () => {
    const request = planLifecycleHook(input(approved('v1.30.7'))).call!;
    const blocked = recordHookOutcome(approved('v1.30.7'), request, { status: 'Blocked', handlers: 1, retryAfterSeconds: 30, message: 'ext/gate: backup running' }, NOW);
    const early = planLifecycleHook(input(blocked, { now: at(29) }));
    expect(early.call).toBeUndefined();
    expect(early.retryAt).toBe(at(30));
    expect(early.holdAll).toBe('hook "BeforeClusterUpgrade" is blocking: ext/gate: backup running');
    expect(planLifecycleHook(input(blocked, { now: at(30) })).call?.hook).toBe('BeforeClusterUpgrade');
  });

  test('a pass approves the version and owes AfterControlPlaneUpgrade, then AfterClusterUpgrade', () => {
    const request = planLifecycleHook(input(approved('v1.30.7'))).call!;
    const passed = recordHookOutcome(approved('v1.30.7'), request, { status: 'Passed', handlers: 2 }, NOW);
    expect(passed).toEqual({
      approvedVersion: 'v1.31.4',
      pending: [
        { hook: 'AfterControlPlaneUpgrade', version: 'v1.31.4' },
        { hook: 'AfterClusterUpgrade', version: 'v1.31.4' },
      ],
    });
    // control plane still rolling: nothing due, nothing held (the upgrade sequence holds the workers anyway)
    expect(planLifecycleHook(input(passed, { controlPlaneSettledAt: undefined, workersSettled: false }))).toEqual({});
    // control plane done: AfterControlPlaneUpgrade, workers held until it passes
    const cpDone = planLifecycleHook(input(passed, { workersSettled: false }));
    expect(cpDone.call?.body).toMatchObject({ kind: 'AfterControlPlaneUpgradeRequest', kubernetesVersion: 'v1.31.4' });
    expect(cpDone.holdWorkers).toBe('waiting for hook "AfterControlPlaneUpgrade"');
    expect(cpDone.holdAll).toBeUndefined();
    const afterCp = recordHookOutcome(passed, cpDone.call!, { status: 'Passed', handlers: 1 }, NOW);
    // workers still rolling: AfterClusterUpgrade waits for them
    expect(planLifecycleHook(input(afterCp, { workersSettled: false }))).toEqual({});
    const done = planLifecycleHook(input(afterCp));
    expect(done.call?.body).toMatchObject({ kind: 'AfterClusterUpgradeRequest', kubernetesVersion: 'v1.31.4' });
    expect(done.holdAll ?? done.holdWorkers).toBeUndefined();
    expect(recordHookOutcome(afterCp, done.call!, { status: 'Passed', handlers: 1 }, NOW).pending).toEqual([]);
  });

  test('deleting calls BeforeClusterDelete until it passes, whatever else is owed', () => {
    const owed: LifecycleHookState = { approvedVersion: 'v1.31.4', pending: [{ hook: 'AfterClusterUpgrade', version: 'v1.31.4' }] };
    const plan = planLifecycleHook(input(owed, { deleting: true, workersSettled: false }));
    expect(plan.call?.body).toEqual({ apiVersion: 'hooks.runtime.cluster.x-k8s.io/v1alpha1', kind: 'BeforeClusterDeleteRequest', cluster });
    const ok = recordHookOutcome(owed, plan.call!, { status: 'Passed', handlers: 1 }, NOW);
    expect(ok.okToDelete).toBe(true);
    expect(planLifecycleHook(input(ok, { deleting: true }))).toEqual({});
  });

  test('a version moved back to the approved one drops the stale block', () => {
    const request = planLifecycleHook(input(approved('v1.30.7'))).call!;
    const blocked = recordHookOutcome(approved('v1.30.7'), request, { status: 'Blocked', handlers: 1, retryAfterSeconds: 60, message: 'no' }, NOW);
    expect(planLifecycleHook(input(blocked, { desiredVersion: 'v1.30.7', controlPlaneSettledAt: 'v1.30.7' }))).toEqual({ dropBlock: true });
  });
});

describe('recordHookOutcome: failures back off, blocks keep their start', () => {
  const request = planLifecycleHook(input(approved('v1.30.7'))).call!;

  test('failed calls retry after 5 s, doubling to at most 5 min, keeping since', () => {
    let state = approved('v1.30.7');
    const waits: number[] = [];
    let now = NOW;
    for (let i = 0; i < 9; i++) {
      state = recordHookOutcome(state, request, { status: 'Failed', handlers: 1, message: 'ext: connection refused' }, now);
      waits.push((Date.parse(state.blocking!.retryAt) - Date.parse(now)) / 1000);
      now = state.blocking!.retryAt;
    }
    expect(waits).toEqual([5, 10, 20, 40, 80, 160, 300, 300, 300]);
    expect(state.blocking).toMatchObject({ failed: true, failures: 9, since: NOW });
  });

  test('a block after failures resets the count; the condition says what blocks and until when', () => {
    const failed = recordHookOutcome(approved('v1.30.7'), request, { status: 'Failed', handlers: 1, message: 'down' }, NOW);
    const blocked = recordHookOutcome(failed, request, { status: 'Blocked', handlers: 1, retryAfterSeconds: 10, message: 'ext/gate: backup 40% done' }, at(5));
    expect(blocked.blocking).toMatchObject({ failed: false, failures: 0, since: NOW, retryAt: at(15) });
    expect(lifecycleHookCondition(blocked)).toEqual({
      status: 'False',
      reason: 'LifecycleHookBlocking',
      message: `hook "BeforeClusterUpgrade" is blocking: ext/gate: backup 40% done (since ${NOW}; called again at ${at(15)})`,
    });
    expect(lifecycleHookCondition(failed).reason).toBe('LifecycleHookFailed');
    expect(lifecycleHookCondition({ approvedVersion: 'v1', pending: [{ hook: 'AfterClusterUpgrade', version: 'v1.31.4' }] })).toEqual({
      status: 'False',
      reason: 'LifecycleHooksPending',
      message: 'owed: AfterClusterUpgrade (v1.31.4); called once the whole cluster runs v1.31.4',
    });
    expect(lifecycleHookCondition({ approvedVersion: 'v1.31.4', pending: [] })).toEqual({ status: 'True', reason: 'NoHookBlocking', message: '' });
  });
});
