import {
  applyApprove,
  applyRetryFailed,
  applySkipCluster,
  applySkipWave,
  assessEligibility,
  assessStep,
  campaignStatus,
  CLUSTER_DESCRIBE_QUERY,
  CLUSTER_UPGRADE_UPDATE,
  maintenanceState,
  nextWindowOpening,
  planCampaign,
  recordObservations,
  snapshotCampaign,
  summarizeDescription,
  validateApprove,
  validatePause,
  validateResume,
  validateRetryFailed,
  validateSkipCluster,
  validateSkipWave,
  type CampaignSpec,
  type ClusterObservation,
  type FleetCluster,
} from '../../../../shared/planners/campaign';
import type { ClusterDescription, MachineStatus } from '../../../../shared/status/types';
import { describeQuery, upgradeUpdate } from '../../../../workflows/cluster/definitions';
import { runScenario, type FakeCluster } from './driver';

const T = Date.parse('2025-03-05T00:00:00Z'); // Wednesday
const HOUR = 3_600_000;

const machine = (name: string, version: string, phase: MachineStatus['phase'] = 'Running', failureReason?: string): MachineStatus => ({
  name,
  role: 'worker',
  version,
  phase,
  addresses: [],
  createdAt: '',
  lastUpdated: '',
  conditions: [],
  ...(failureReason ? { failureReason } : {}),
});

function description(over: Partial<ClusterDescription> & { cp?: string; workers?: MachineStatus[] } = {}): ClusterDescription {
  const version = over.version ?? 'v1.32.3';
  const cpVersion = over.cp ?? version;
  return {
    namespace: 'default',
    name: 'a',
    provider: 'sim',
    phase: 'Provisioned',
    version,
    labels: {},
    generation: 2,
    observedGeneration: 2,
    ready: true,
    paused: false,
    conditions: [],
    infrastructure: { kind: 'SimCluster', name: 'a', provisioned: true, failureDomains: [] },
    controlPlane: {
      kind: 'KubeadmControlPlane', name: 'a-cp', desiredReplicas: 1, replicas: 1, readyReplicas: 1, version: cpVersion,
      initialized: true, ready: true, deleted: false, conditions: [], machines: [machine('a-cp-1', cpVersion)], observedSpecVersion: 2,
    },
    machineDeployments: [
      {
        name: 'a-md-0', desiredReplicas: 1, replicas: 1, readyReplicas: 1, availableReplicas: 1, version, phase: 'Running', ready: true,
        deleted: false, conditions: [], machineSets: [], machines: over.workers ?? [machine('a-md-0-x', version)], observedSpecVersion: 2,
      },
    ],
    healthChecks: [],
    createdAt: '',
    lastUpdated: '',
    ...over,
  };
}

const read = { seq: 5, at: T };

describe('the cluster messages a campaign uses are the cluster workflow\'s', () => {
  it('names the describe query and the upgrade Update exactly', () => {
    expect(CLUSTER_DESCRIBE_QUERY).toBe(describeQuery.name);
    expect(CLUSTER_UPGRADE_UPDATE).toBe(upgradeUpdate.name);
  });
});

describe('assessStep: done only when at the step version AND healthy, from a fresh read', () => {
  it.each([
    ['all at step, ready', description(), 'Done'],
    ['desired still old', description({ version: 'v1.31.4', cp: 'v1.31.4' }), 'NotRequested'],
    ['desired past the step', description({ version: 'v1.33.0', cp: 'v1.33.0' }), 'Beyond'],
    ['a worker still old', description({ workers: [machine('w', 'v1.31.4')] }), 'Progressing'],
    ['control plane reports an old version', description({ cp: 'v1.31.4' }), 'Progressing'],
    ['not ready', description({ ready: false }), 'Progressing'],
    ['latest generation not observed', description({ observedGeneration: 1 }), 'Progressing'],
    ['paused', description({ paused: true }), 'Progressing'],
    ['a new machine failed', description({ workers: [machine('w', 'v1.32.3', 'Failed', 'quota exceeded')] }), 'Failed'],
    ['being deleted', description({ phase: 'Deleting' }), 'Gone'],
  ])('%s → %s', (_what, d, kind) => {
    expect(assessStep(summarizeDescription('default/a', d, read), 'v1.32.3').kind).toBe(kind);
  });

  it('an old machine that failed does not fail the new step (it is not the upgrade\'s)', () => {
    const d = description({ workers: [machine('w1', 'v1.32.3'), machine('w0', 'v1.31.4', 'Failed', 'old')] });
    expect(assessStep(summarizeDescription('default/a', d, read), 'v1.32.3').kind).toBe('Progressing');
  });

  it('a cluster that does not answer or does not exist is never done', () => {
    const unreachable: ClusterObservation = { key: 'default/a', ...read, found: true, reachable: false, error: 'timeout' };
    const gone: ClusterObservation = { key: 'default/a', ...read, found: false, reachable: true };
    expect(assessStep(unreachable, 'v1.32.3')).toEqual({ kind: 'Unknown', reason: 'cluster did not answer: timeout' });
    expect(assessStep(gone, 'v1.32.3').kind).toBe('Gone');
  });
});

describe('assessEligibility', () => {
  const obs = (d: ClusterDescription) => summarizeDescription('default/a', d, read);
  it.each([
    ['healthy, behind', description({ version: 'v1.31.4', cp: 'v1.31.4' }), false, 'Eligible'],
    ['unhealthy, behind', description({ version: 'v1.31.4', cp: 'v1.31.4', ready: false }), false, 'Pending'],
    ['unhealthy, retried', description({ version: 'v1.31.4', cp: 'v1.31.4', ready: false }), true, 'Eligible'],
    ['mid-way to the step (adopted)', description({ ready: false, workers: [machine('w', 'v1.31.4')] }), false, 'Eligible'],
    ['paused', description({ version: 'v1.31.4', cp: 'v1.31.4', paused: true }), false, 'Pending'],
    ['already there and healthy', description(), false, 'AlreadyDone'],
  ])('%s → %s', (_what, d, retried, kind) => {
    expect(assessEligibility(obs(d), ['v1.32.3'], 0, retried).kind).toBe(kind);
  });
  it('skips a cluster whose workflow is gone', () => {
    expect(assessEligibility({ key: 'default/a', ...read, found: false, reachable: true }, ['v1.32.3'], 0, false).kind).toBe('Skip');
  });
});

describe('maintenance windows', () => {
  const nightly = { name: 'n', days: [6, 0], startMinute: 23 * 60, durationSeconds: 4 * 3600 }; // Sat+Sun 23:00-03:00 UTC
  it('opens on its days, spans midnight, and says when it opens next', () => {
    const sat2330 = Date.parse('2025-03-08T23:30:00Z');
    const sun0230 = Date.parse('2025-03-09T02:30:00Z');
    const mon0230 = Date.parse('2025-03-10T02:30:00Z');
    expect(maintenanceState([nightly], sat2330).open).toBe(true);
    expect(maintenanceState([nightly], sun0230).open).toBe(true); // Saturday's window, after midnight
    expect(maintenanceState([nightly], mon0230).open).toBe(true); // Sunday's window
    expect(maintenanceState([nightly], T)).toEqual({ open: false, constrained: true, nextOpen: Date.parse('2025-03-08T23:00:00Z') });
    expect(nextWindowOpening(nightly, sat2330)).toBe(Date.parse('2025-03-09T23:00:00Z'));
    expect(maintenanceState([], T)).toEqual({ open: true, constrained: false });
  });
});

const fleet = (n: number, wave: (i: number) => string): FleetCluster[] =>
  Array.from({ length: n }, (_, i) => ({
    namespace: 'default',
    name: `c${i}`,
    labels: { 'upgrade-wave': wave(i) },
    version: 'v1.31.4',
    observation: summarizeDescription(`default/c${i}`, description({ version: 'v1.31.4', cp: 'v1.31.4' }), { seq: 1, at: T }),
  }));

function started(spec: CampaignSpec, f: FleetCluster[]) {
  const r = snapshotCampaign(spec, f, T);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r;
}

describe('planCampaign', () => {
  const spec: CampaignSpec = { name: 'x', targetVersion: 'v1.32.3', waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 2 } } } };

  it('starts at most maxConcurrency clusters of the first wave and watches none it has not requested', () => {
    const { snapshot, state } = started(spec, fleet(5, (i) => (i < 3 ? '1' : '2')));
    const plan = planCampaign({ snapshot, state, now: T });
    expect(plan.start.map((s) => s.key)).toEqual(['default/c0', 'default/c1']);
    expect(plan.watch).toEqual([]);
    expect(plan.state.clusters['default/c2']!.reason).toMatch(/waiting for a free slot \(maxConcurrency 2 in wave 1\)/);
    expect(plan.state.clusters['default/c3']).toMatchObject({ phase: 'NotStarted', reason: 'waiting for wave 2' });
  });

  it('reads a cluster again before starting it when its last read is stale', () => {
    const { snapshot, state } = started(spec, fleet(1, () => '1'));
    const plan = planCampaign({ snapshot, state, now: T + 10 * 60_000 });
    expect(plan.start).toEqual([]);
    expect(plan.observe).toEqual(['default/c0']);
  });

  it('accepts a slow read just received (no endless re-reading), not an old one', () => {
    const { snapshot, state } = started(spec, fleet(1, () => '1'));
    const now = T + 10 * 60_000;
    state.seq = 2;
    const slow = { ...summarizeDescription('default/c0', description({ version: 'v1.31.4', cp: 'v1.31.4' }), { seq: 2, at: now - 60_000 }) };
    recordObservations(state, [slow], now);
    expect(planCampaign({ snapshot, state, now }).start.map((x) => x.key)).toEqual(['default/c0']);
    expect(planCampaign({ snapshot, state, now: now + 60_000 }).observe).toEqual(['default/c0']);
  });

  it('ignores a read taken before the upgrade request (no TOCTOU)', () => {
    const { snapshot, state } = started(spec, fleet(1, () => '1'));
    let s = planCampaign({ snapshot, state, now: T }).state;
    s.clusters['default/c0']!.requested = true;
    s.clusters['default/c0']!.requestSeq = 7;
    // a read numbered before the request shows the cluster at the target: it must not count
    recordObservations(s, [summarizeDescription('default/c0', description(), { seq: 7, at: T })]);
    s = planCampaign({ snapshot, state: s, now: T + 1000 }).state;
    expect(s.clusters['default/c0']!.phase).toBe('Upgrading');
    recordObservations(s, [summarizeDescription('default/c0', description(), { seq: 8, at: T + 1000 })]);
    s = planCampaign({ snapshot, state: s, now: T + 2000 }).state;
    expect(s.clusters['default/c0']!.phase).toBe('Succeeded');
  });

  it('fails a step that exceeds upgradeTimeout and wakes up for the deadline', () => {
    const { snapshot, state } = started({ ...spec, upgradeTimeout: '1h' }, fleet(1, () => '1'));
    const first = planCampaign({ snapshot, state, now: T });
    expect(first.wakeAt).toBe(T + HOUR);
    first.state.clusters['default/c0']!.requested = true;
    const later = planCampaign({ snapshot, state: first.state, now: T + HOUR });
    expect(later.state.clusters['default/c0']).toMatchObject({ phase: 'Failed', reason: 'did not reach v1.32.3 healthy within 1h0m0s (upgradeTimeout)' });
    expect(later.state.pause.failureBudget?.reason).toMatch(/wave 1: 1 cluster\(s\) failed, 0 allowed \(default\/c0\)/);
  });

  it('finishes a wave whose clusters are all already at the target in the same pass (nothing left to wait for)', () => {
    const atTarget = fleet(2, () => '1').map((c) => ({ ...c, version: 'v1.32.3', observation: summarizeDescription(`default/${c.name}`, description(), { seq: 1, at: T }) }));
    const { snapshot, state } = started(spec, atTarget);
    const plan = planCampaign({ snapshot, state, now: T, settleStartedWave: true });
    expect(plan.finished).toBe(true);
    expect(plan.state.waves[0]).toMatchObject({ phase: 'Completed' });
    expect(Object.values(plan.state.clusters).map((c) => c.phase)).toEqual(['Succeeded', 'Succeeded']);
    // Runs recorded before the fix kept the old pass: the wave stayed Running with nothing to
    // watch and no wake-up time, so the workflow waited for an operator (the bug).
    const old = planCampaign({ snapshot, state, now: T });
    expect({ finished: old.finished, wave: old.state.waves[0]!.phase, watch: old.watch, wakeAt: old.wakeAt }).toEqual({ finished: false, wave: 'Running', watch: [], wakeAt: undefined });
  });

  it('skips empty waves without waiting for their gates', () => {
    const s: CampaignSpec = { ...spec, waves: { byLabel: { label: 'upgrade-wave', order: ['0', '1'], overrides: { '0': { soak: '24h', requireApproval: true } } } } };
    const { snapshot, state } = started(s, fleet(1, () => '1'));
    const plan = planCampaign({ snapshot, state, now: T });
    expect(plan.state.waves[0]).toMatchObject({ phase: 'Skipped', reason: 'no clusters in this wave' });
    expect(plan.start.map((x) => x.key)).toEqual(['default/c0']);
  });
});

describe('operator actions', () => {
  const spec: CampaignSpec = {
    name: 'x',
    targetVersion: 'v1.32.3',
    waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 2 }, overrides: { '1': { requireApproval: true } } } },
  };
  const fresh = () => started(spec, fleet(3, (i) => (i === 0 ? '1' : '2')));

  it('refuses approvals in advance, of unknown waves, and of waves without a gate', () => {
    const { snapshot, state } = fresh();
    expect(() => validateApprove(snapshot, state, {})).toThrow(/nothing awaits approval now.*cannot be given in advance/);
    expect(() => validateApprove(snapshot, state, { wave: '1' })).toThrow(/wave 1 is NotStarted: its approval gate opens when its clusters are done/);
    expect(() => validateApprove(snapshot, state, { wave: '9' })).toThrow(/unknown wave "9"; waves: 1, 2/);
    expect(() => validateApprove(snapshot, state, { wave: '2' })).toThrow(/wave 2 has no approval gate/);
  });

  it('approves the one gate awaiting approval; a second approval is refused', () => {
    const { snapshot, state } = fresh();
    state.waves[0]!.phase = 'Gated';
    expect(applyApprove(snapshot, state, { by: 'bob' }, T).message).toBe('wave 1 approved by bob');
    expect(() => validateApprove(snapshot, state, { wave: '1' })).toThrow(/already approved by bob/);
  });

  it('refuses resume while not paused or while the failure budget is still exceeded', () => {
    const { snapshot, state } = fresh();
    expect(() => validateResume(snapshot, state)).toThrow(/not paused/);
    state.waves[0]!.phase = 'Halted';
    state.clusters['default/c0']!.phase = 'Failed';
    state.pause.failureBudget = { reason: 'x', at: T };
    expect(() => validateResume(snapshot, state)).toThrow(/failure budget is still exceeded \(wave 1: 1 cluster\(s\) failed, 0 allowed \(default\/c0\)\)/);
    expect(() => validatePause(snapshot, state, {})).not.toThrow(); // an operator may pause on top
  });

  it('never skips a cluster whose upgrade is in flight; skips failed or waiting ones', () => {
    const { snapshot, state } = fresh();
    state.clusters['default/c0']!.phase = 'Upgrading';
    expect(() => validateSkipCluster(snapshot, state, { cluster: 'c0' })).toThrow(/default\/c0 is upgrading: a requested upgrade cannot be recalled/);
    expect(() => validateSkipCluster(snapshot, state, { cluster: 'nope' })).toThrow(/cluster "nope" is not part of this campaign/);
    expect(applySkipCluster(snapshot, state, { cluster: 'default/c1', reason: 'decommissioned' }, T).message).toBe('default/c1 skipped');
    expect(state.clusters['default/c1']).toMatchObject({ phase: 'Skipped', reason: 'skipped by an operator: decommissioned' });
  });

  it('skips a wave (waiving its gates) but lets clusters in flight finish', () => {
    const { snapshot, state } = fresh();
    state.clusters['default/c1']!.phase = 'Upgrading';
    expect(applySkipWave(snapshot, state, { wave: '2' }, T).message).toBe('wave 2 skipped: 1 cluster(s) skipped, 1 already upgrading finish first; its gates are waived');
    expect(state.waves[1]!.phase).toBe('NotStarted');
    expect(state.clusters['default/c2']!.phase).toBe('Skipped');
    expect(() => validateSkipWave(snapshot, { ...state, waves: state.waves.map((w) => ({ ...w, phase: 'Completed' as const })) }, { wave: '2' })).toThrow(/already completed/);
  });

  it('retries the failed clusters of the active wave only, with the same pinned version', () => {
    const { snapshot, state } = fresh();
    expect(() => validateRetryFailed(snapshot, state, {})).toThrow(/no cluster has failed/);
    state.waves[0]!.phase = 'Halted';
    state.clusters['default/c0']!.phase = 'Failed';
    state.pause.failureBudget = { reason: 'x', at: T };
    expect(applyRetryFailed(snapshot, state, {}, T).message).toBe('retrying 1 failed cluster(s): default/c0');
    expect(state.clusters['default/c0']).toMatchObject({ phase: 'NotStarted', retried: true, reason: 'retry requested (attempt 1), same pinned version v1.32.3' });
    expect(state.pause.failureBudget).toBeUndefined();
    expect(state.waves[0]!.phase).toBe('Running');
  });
});

describe('campaign status', () => {
  it('shows waves, clusters, reasons and timings', () => {
    const { snapshot, state } = started(
      { name: 'x', targetVersion: 'v1.32.3', waves: { byLabel: { label: 'upgrade-wave', defaults: { soak: '72h' } } } },
      fleet(2, (i) => String(i + 1)),
    );
    const s = planCampaign({ snapshot, state, now: T }).state;
    const view = campaignStatus(snapshot, s, T + 60_000);
    expect(view).toMatchObject({ name: 'x', targetVersion: 'v1.32.3', phase: 'Running', activeWave: '1', counts: { total: 2, Upgrading: 1, NotStarted: 1 } });
    expect(view.waves[0]).toMatchObject({ name: '1', phase: 'Running', soak: '72h0m0s', maxConcurrency: 1, upgrading: 1, startedAt: new Date(T).toISOString() });
    expect(view.waves[0]!.clusters[0]).toMatchObject({ cluster: 'default/c0', phase: 'Upgrading', stepVersion: 'v1.32.3', durationSeconds: 60, machinesAtStep: '0/2' });
  });
});

describe('campaign invariants over generated fleets', () => {
  // A small deterministic generator: fleets of 1..12 clusters over 1..4 waves, with failures,
  // slow clusters, windows and caps; every run must keep the invariants the driver checks.
  function rng(seed: number) {
    let x = seed >>> 0;
    return () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32);
  }
  it.each(Array.from({ length: 40 }, (_, i) => [i + 1]))('seed %i', (seed) => {
    const r = rng(seed);
    const n = 1 + Math.floor(r() * 12);
    const waves = 1 + Math.floor(r() * 4);
    const fleetSpec: FakeCluster[] = Array.from({ length: n }, (_, i) => ({
      name: `c${i}`,
      labels: { 'upgrade-wave': String(1 + Math.floor(r() * waves)), region: r() < 0.5 ? 'eu' : 'us', env: r() < 0.5 ? 'prod' : 'dev' },
      version: r() < 0.2 ? 'v1.30.5' : 'v1.31.4',
      upgradeTicks: 1 + Math.floor(r() * 4),
      ...(r() < 0.15 ? { failOn: 'v1.32.3' } : {}),
    }));
    const maxAllowedFailures = r() < 0.5 ? 0 : '50%';
    const result = runScenario({
      name: `seed-${seed}`,
      spec: {
        name: 'fuzz',
        targetVersion: 'v1.32.3',
        intermediateVersions: ['v1.31.8'],
        waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 1 + Math.floor(r() * 3), maxAllowedFailures, soak: r() < 0.3 ? '30m' : '0s' }, groupByLabel: 'region', groupDefaults: { maxConcurrency: 1 } } },
        maintenanceWindows: r() < 0.5 ? [{ selector: { matchLabels: { env: 'prod' } }, start: '01:00', duration: '1h' }] : [],
      },
      fleet: fleetSpec,
      // an operator who retries whatever failed, every few ticks
      actions: Array.from({ length: 300 }, (_, i) => ({ at: 5 + i * 5, do: 'retryFailed' as const })),
      maxTicks: 1500, // windows open once a day (144 ticks)
    });
    if (!result.finished) throw new Error(`campaign did not finish:\n${result.transcript.split('\n').slice(-40).join('\n')}`);
    // each cluster was asked for each version at most once, and only for the versions of its path
    for (const [key, versions] of Object.entries(result.requests)) {
      const steps = result.snapshot.clusters[key]!.steps;
      expect(versions.every((v) => steps.includes(v))).toBe(true);
    }
  });

});
