import type { CampaignSpec, GatePolicy } from '../../../../shared/planners/campaign';
import type { FakeCluster, Scenario } from './driver';

const wave = (name: string, w: string, extra: Partial<FakeCluster> = {}): FakeCluster => ({
  name,
  labels: { 'upgrade-wave': w, env: w === '1' ? 'dev' : 'prod' },
  version: 'v1.31.4',
  ...extra,
});

const byLabel = (extra: Partial<CampaignSpec> = {}, defaults: GatePolicy = {}): CampaignSpec => ({
  name: 'to-132',
  targetVersion: 'v1.32.3',
  waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 2, ...defaults } } },
  ...extra,
});

/** 6 clusters in 3 waves (1, 3, 2), maxConcurrency 2. */
const SIX = [wave('a', '1'), wave('b', '2'), wave('c', '2'), wave('d', '2'), wave('e', '3'), wave('f', '3')];

export const SCENARIOS: Scenario[] = [
  {
    name: 'three-waves',
    spec: byLabel(),
    fleet: SIX,
  },
  {
    name: 'failure-budget-then-retry',
    spec: byLabel(),
    fleet: [wave('a', '1'), wave('b', '2', { failOn: 'v1.32.3' }), wave('c', '2'), wave('d', '2'), wave('e', '3'), wave('f', '3')],
    actions: [
      { at: 4, do: 'resume' }, // refused: the budget is still exceeded
      { at: 5, do: 'retryFailed' },
    ],
  },
  {
    name: 'tolerated-failure',
    spec: byLabel({}, { maxAllowedFailures: '34%' }), // ceil(34% of 3) = 2 in wave 2
    fleet: [wave('a', '1'), wave('b', '2', { failOn: 'v1.32.3' }), wave('c', '2'), wave('d', '2'), wave('e', '3')],
  },
  {
    name: 'refused-upgrade',
    spec: byLabel(),
    fleet: [wave('a', '1', { refuse: 'MachineDeployment/a-md-0 spec.template.spec.version: kubelet-version-skew' }), wave('b', '2')],
    actions: [{ at: 2, do: 'skipCluster', cluster: 'a' }, { at: 2, do: 'resume' }],
  },
  {
    name: 'multi-minor',
    spec: { name: 'to-132', targetVersion: 'v1.32.3', intermediateVersions: ['v1.31.8'], waves: { byLabel: { label: 'upgrade-wave' } } },
    fleet: [wave('old', '1', { version: 'v1.30.9' }), wave('patch', '1', { version: 'v1.32.1' }), wave('done', '1', { version: 'v1.32.3' })],
  },
  {
    name: 'soak-and-approval',
    spec: {
      name: 'to-132',
      targetVersion: 'v1.32.3',
      waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 2 }, overrides: { '1': { soak: '2h', requireApproval: true } } } },
    },
    fleet: [wave('a', '1'), wave('b', '2')],
    actions: [
      { at: 0, do: 'approve', wave: '1' }, // refused: no pre-approval
      { at: 5, do: 'approve' }, // during the soak: the soak still runs
    ],
  },
  {
    name: 'approval-after-soak',
    spec: {
      name: 'to-132',
      targetVersion: 'v1.32.3',
      waves: { byLabel: { label: 'upgrade-wave', overrides: { '1': { soak: '30m', requireApproval: true } } } },
    },
    fleet: [wave('a', '1'), wave('b', '2')],
    actions: [{ at: 12, do: 'approve', wave: '1' }],
  },
  {
    name: 'windows',
    spec: {
      name: 'to-132',
      targetVersion: 'v1.32.3',
      waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 3 } } },
      // T0 is Wednesday 00:00 UTC; nightly window 02:00-04:00 for prod, none for dev
      maintenanceWindows: [{ name: 'nightly', selector: { matchLabels: { env: 'prod' } }, start: '02:00', duration: '2h' }],
      exclusionWindows: [{ name: 'release-freeze', start: '2025-03-05T00:00:00Z', end: '2025-03-05T00:30:00Z' }],
    },
    fleet: [wave('dev1', '1'), wave('prod1', '2'), wave('prod2', '2')],
  },
  {
    name: 'groups-by-region',
    spec: {
      name: 'to-132',
      targetVersion: 'v1.32.3',
      waves: {
        stages: [
          { name: 'canary', selector: { matchLabels: { tier: 'canary' } } },
          { name: 'rest', selector: {}, maxConcurrency: 3, groupByLabel: 'region', groupDefaults: { maxConcurrency: 1 } },
        ],
      },
    },
    fleet: [
      { name: 'can', labels: { tier: 'canary', region: 'eu' }, version: 'v1.31.4' },
      { name: 'eu1', labels: { region: 'eu' }, version: 'v1.31.4' },
      { name: 'eu2', labels: { region: 'eu' }, version: 'v1.31.4' },
      { name: 'us1', labels: { region: 'us' }, version: 'v1.31.4' },
      { name: 'us2', labels: { region: 'us' }, version: 'v1.31.4' },
      { name: 'ap1', labels: { region: 'ap' }, version: 'v1.31.4' },
    ],
  },
  {
    name: 'pending-clusters',
    spec: byLabel(),
    fleet: [wave('ok', '1'), wave('gone-dark', '1', { unreachable: true }), wave('frozen', '1', { paused: true }), wave('sick', '1', { unhealthyUntil: 3 })],
    actions: [
      { at: 4, do: 'heal', cluster: 'gone-dark' },
      { at: 6, do: 'skipCluster', cluster: 'frozen' },
    ],
  },
  {
    name: 'pause-resume-skip-wave',
    spec: byLabel(),
    fleet: SIX,
    actions: [
      { at: 1, do: 'pause' },
      { at: 4, do: 'resume' },
      { at: 5, do: 'skipWave', wave: '2' },
    ],
  },
  {
    name: 'abort',
    spec: byLabel(),
    fleet: SIX,
    actions: [{ at: 3, do: 'abort' }],
  },
];
