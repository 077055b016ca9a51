/**
 * Campaigns that roll out staged ClusterClass changes (`stagedChanges: true`): the spec rules, the
 * snapshot (only clusters holding a staged change, each pinned to its revision), the verdicts on
 * a revision, and a whole two-wave rollout driven through planCampaign the way the workflow does.
 */
import {
  assessEligibility,
  assessStagedStep,
  campaignStatus,
  CLUSTER_PROMOTE_UPDATE,
  planCampaign,
  recordObservations,
  recordUpgradeRequested,
  snapshotCampaign,
  STAGED_STEPS,
  summarizeDescription,
  validateCampaignSpec,
  type CampaignSnapshot,
  type CampaignSpec,
  type CampaignState,
  type ClusterObservation,
  type FleetCluster,
} from '../../../../shared/planners/campaign';
import type { ClusterDescription, MachineDeploymentStatus } from '../../../../shared/status/types';
import { promoteStagedUpdate } from '../../../../workflows/cluster/definitions';

const T = Date.parse('2025-03-05T00:00:00Z');

/** A healthy cluster at v1.31.4, optionally holding a staged change and/or having promoted one. */
function description(o: { name?: string; staged?: string; promoted?: string; md?: Partial<MachineDeploymentStatus>; ready?: boolean; failed?: boolean } = {}): ClusterDescription {
  const name = o.name ?? 'a';
  const v = 'v1.31.4';
  return {
    namespace: 'default',
    name,
    provider: 'sim',
    phase: 'Provisioned',
    version: v,
    labels: {},
    generation: 3,
    observedGeneration: 3,
    ready: o.ready ?? true,
    paused: false,
    conditions: [],
    infrastructure: { kind: 'SimCluster', name, provisioned: true, failureDomains: [] },
    controlPlane: {
      kind: 'KubeadmControlPlane', name: `${name}-cp`, desiredReplicas: 1, replicas: 1, readyReplicas: 1, upToDateReplicas: 1, version: v,
      initialized: true, ready: true, deleted: false, conditions: [], machines: [], observedSpecVersion: 3,
    },
    machineDeployments: [
      {
        name: `${name}-md-0`, desiredReplicas: 2, replicas: 2, readyReplicas: 2, availableReplicas: 2, upToDateReplicas: 2, version: v, phase: 'Running',
        ready: true, deleted: false, conditions: [], machineSets: [], observedSpecVersion: 3,
        machines: o.failed
          ? [{ name: `${name}-md-0-x`, role: 'worker', version: v, phase: 'Failed', failureReason: 'quota', addresses: [], createdAt: '', lastUpdated: '', conditions: [] }]
          : [],
        ...o.md,
      },
    ],
    healthChecks: [],
    ...(o.staged ? { staged: { revision: o.staged, stagedAt: '2025-03-04T00:00:00Z', rollouts: ['MachineDeployment/a-md-0: 2 machine(s), SimMachineTemplate t → t-abc123'] } } : {}),
    ...(o.promoted ? { promotedRevision: o.promoted } : {}),
    createdAt: '',
    lastUpdated: '',
  };
}

const read = { seq: 5, at: T };
const obs = (o: NonNullable<Parameters<typeof description>[0]>) => summarizeDescription(`default/${o.name ?? 'a'}`, description(o), read);

describe('the promote Update a staged rollout sends is the cluster workflow\'s', () => {
  it('names it exactly', () => {
    expect(CLUSTER_PROMOTE_UPDATE).toBe(promoteStagedUpdate.name);
  });
});

describe('validateCampaignSpec: stagedChanges', () => {
  const base = { name: 'roll', waves: { byLabel: { label: 'upgrade-wave' } } };
  it('accepts stagedChanges alone, without a targetVersion', () => {
    expect(validateCampaignSpec({ ...base, stagedChanges: true })).toEqual([]);
  });
  it('refuses both a version and stagedChanges, naming the field', () => {
    expect(validateCampaignSpec({ ...base, stagedChanges: true, targetVersion: 'v1.32.0' })).toEqual([
      expect.objectContaining({ path: 'targetVersion', rule: 'campaign-one-target' }),
    ]);
    expect(validateCampaignSpec({ ...base, stagedChanges: true, intermediateVersions: ['v1.31.2'] })).toEqual([
      expect.objectContaining({ path: 'intermediateVersions', rule: 'campaign-one-target' }),
    ]);
  });
  it('still requires one of them', () => {
    expect(validateCampaignSpec(base)).toEqual([expect.objectContaining({ path: 'targetVersion', rule: 'required', message: expect.stringMatching(/stagedChanges: true/) })]);
    expect(validateCampaignSpec({ ...base, stagedChanges: 'yes' })).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'stagedChanges', rule: 'boolean' })]));
  });
});

describe('assessStagedStep: done only when that revision was promoted, every machine is up to date, and the cluster is healthy', () => {
  it.each([
    ['promoted, up to date, ready', { promoted: 'r1' }, 'Done'],
    ['still staged', { staged: 'r1' }, 'NotRequested'],
    ['staged again since (another revision)', { staged: 'r2', promoted: 'r1' }, 'Beyond'],
    ['another revision promoted', { promoted: 'r2' }, 'Beyond'],
    ['old MachineSet machines still there', { promoted: 'r1', md: { upToDateReplicas: 1, replicas: 3 } }, 'Progressing'],
    ['a report from before upToDateReplicas existed', { promoted: 'r1', md: { upToDateReplicas: undefined } }, 'Progressing'],
    ['not ready', { promoted: 'r1', ready: false }, 'Progressing'],
    ['a failed machine', { promoted: 'r1', failed: true }, 'Failed'],
  ] as const)('%s → %s', (_what, o, kind) => {
    expect(assessStagedStep(obs(o), 'r1').kind).toBe(kind);
  });

  it('says what replaced the pinned revision', () => {
    expect(assessStagedStep(obs({ staged: 'r2', promoted: 'r1' }), 'r1').reason).toBe(
      "the cluster's staged change was replaced outside the campaign (staged r2, promoted last r1)",
    );
  });

  it('eligibility: healthy and staged starts; already promoted is adopted; rolled out is done', () => {
    expect(assessEligibility(obs({ staged: 'r1' }), ['r1'], 0, false, STAGED_STEPS)).toEqual({ kind: 'Eligible', adopt: false });
    expect(assessEligibility(obs({ staged: 'r1', ready: false }), ['r1'], 0, false, STAGED_STEPS).kind).toBe('Pending');
    expect(assessEligibility(obs({ promoted: 'r1', md: { upToDateReplicas: 0 } }), ['r1'], 0, false, STAGED_STEPS)).toEqual({ kind: 'Eligible', adopt: true });
    expect(assessEligibility(obs({ promoted: 'r1' }), ['r1'], 0, false, STAGED_STEPS)).toEqual({ kind: 'AlreadyDone', reason: 'already at revision r1 and healthy' });
  });
});

describe('snapshotCampaign with stagedChanges', () => {
  const cluster = (name: string, wave: string, staged?: string): FleetCluster => ({
    namespace: 'default',
    name,
    labels: { 'upgrade-wave': wave },
    version: 'v1.31.4',
    observation: obs({ name, ...(staged ? { staged } : {}) }),
  });
  const spec: CampaignSpec = { name: 'roll', stagedChanges: true, waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 1 } } } };

  it('pins each cluster\'s staged revision and leaves out the clusters with nothing staged', () => {
    const r = snapshotCampaign(spec, [cluster('a', '1', 'ra'), cluster('b', '2', 'rb'), cluster('c', '2')], T);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.snapshot.kind).toBe('staged');
    expect(r.snapshot.targetVersion).toBe('staged changes');
    expect(Object.fromEntries(Object.values(r.snapshot.clusters).map((c) => [c.name, c.steps]))).toEqual({ a: ['ra'], b: ['rb'] });
    expect(r.snapshot.waves.map((w) => w.groups.flatMap((g) => g.clusters))).toEqual([['default/a'], ['default/b']]);
    expect(r.state.events[0]!.message).toBe('campaign started: staged changes of 2 cluster(s) in 2 wave(s) (1 selected cluster(s) hold nothing staged or did not answer: left out)');
  });

  it('refuses a campaign where nothing is staged, naming stagedChanges', () => {
    const r = snapshotCampaign(spec, [cluster('c', '1')], T);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([expect.objectContaining({ path: 'stagedChanges', rule: 'campaign-nothing-staged' })]);
  });
});

describe('a staged rollout in two waves, driven like the workflow drives it', () => {
  /** The fake fleet: a promotion takes 2 reads to roll out. */
  const live: Record<string, { staged?: string; promoted?: string; rolling: number; promotions: string[] }> = {
    'default/a': { staged: 'ra', rolling: 0, promotions: [] },
    'default/b': { staged: 'rb', rolling: 0, promotions: [] },
  };
  let seq = 1;
  const read = (key: string, now: number): ClusterObservation => {
    const l = live[key]!;
    if (l.rolling > 0) l.rolling--;
    const name = key.split('/')[1]!;
    const o = { name, ...(l.staged ? { staged: l.staged } : {}), ...(l.promoted ? { promoted: l.promoted } : {}), ...(l.rolling > 0 ? { md: { upToDateReplicas: 0 } } : {}) };
    return summarizeDescription(key, description(o), { seq: ++seq, at: now });
  };

  it('promotes wave 1, waits for its rollout, then wave 2; each cluster once; fails none', () => {
    const fleet = Object.keys(live).map((key, i) => ({
      namespace: 'default', name: key.split('/')[1]!, labels: { 'upgrade-wave': String(i + 1) }, version: 'v1.31.4', observation: read(key, T),
    }));
    const r = snapshotCampaign({ name: 'roll', stagedChanges: true, waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 1 } } } }, fleet, T);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const snapshot: CampaignSnapshot = r.snapshot;
    let state: CampaignState = r.state;
    let now = T;
    const order: string[] = [];
    for (let pass = 0; pass < 40; pass++) {
      const plan = planCampaign({ snapshot, state, now, settleStartedWave: true });
      state = plan.state;
      if (plan.finished) break;
      for (const start of plan.start) {
        const l = live[start.key]!;
        expect(l.staged).toBe(start.version); // the pinned revision is what is promoted
        l.promotions.push(start.version);
        l.promoted = l.staged;
        delete l.staged;
        l.rolling = 2;
        order.push(start.key);
        recordUpgradeRequested(snapshot, state, start, { changed: true, alreadyRequested: false, generation: 4 }, now);
      }
      // a wave-2 cluster is never promoted while wave 1 rolls
      if (live['default/a']!.rolling > 0) expect(live['default/b']!.promotions).toEqual([]);
      state.seq++;
      recordObservations(state, [...new Set([...plan.observe, ...plan.watch.map((w) => w.key)])].map((k) => read(k, now)), now);
      now += 1000;
    }
    const view = campaignStatus(snapshot, state, now);
    expect(view).toMatchObject({ kind: 'staged', targetVersion: 'staged changes', phase: 'Completed', counts: { Succeeded: 2, Failed: 0 } });
    expect(order).toEqual(['default/a', 'default/b']);
    expect(live['default/a']!.promotions).toEqual(['ra']);
    expect(live['default/b']!.promotions).toEqual(['rb']);
    const a = view.waves[0]!.clusters[0]!;
    expect(a).toMatchObject({ phase: 'Succeeded', reason: 'at revision ra and healthy', stepVersion: 'ra' });
    expect(a.machinesAtStep).toBeUndefined();
    expect(state.events.map((e) => e.message)).toEqual(
      expect.arrayContaining(['default/a: rollout of revision ra started; 1/1 in flight in wave 1', 'default/a: rollout of revision ra requested', 'default/a: rolled out revision ra and healthy']),
    );
  });
});
