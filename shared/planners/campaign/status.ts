import { formatGoDuration } from '../goDuration';
import { activeWaveIndex, iso } from './plan';
import type { CampaignClusterPhase, CampaignSnapshot, CampaignState, ScopePhase, ScopeState } from './types';

export type CampaignPhase = 'Running' | 'Paused' | 'Completed' | 'CompletedWithFailures' | 'Aborted';

export interface ClusterStatusView {
  cluster: string;
  group: string;
  phase: CampaignClusterPhase;
  reason: string;
  fromVersion: string;
  /** pinned steps, e.g. [v1.31.8, v1.32.3] */
  steps: string[];
  /** the step version in progress or next */
  stepVersion?: string;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  /** seconds from the first start to the end (or to now while upgrading) */
  durationSeconds?: number;
  /** the desired version of the cluster's last read */
  observedVersion?: string;
  /** machines at the step version, of all, from the last read */
  machinesAtStep?: string;
}

export interface ScopeStatusView {
  name: string;
  phase: ScopePhase;
  reason: string;
  maxConcurrency: number | null;
  maxAllowedFailures: number | null;
  soak: string;
  requireApproval: boolean;
  startedAt?: string;
  clustersDoneAt?: string;
  soakUntil?: string;
  approvedAt?: string;
  approvedBy?: string;
  completedAt?: string;
  upgrading: number;
  failed: number;
  succeeded: number;
  total: number;
}

export interface WaveStatusView extends ScopeStatusView {
  groups: ScopeStatusView[];
  clusters: ClusterStatusView[];
}

export interface CampaignStatusView {
  name: string;
  /** `staged` for a rollout of staged changes (steps are revisions); absent for a version campaign */
  kind?: 'staged';
  targetVersion: string;
  phase: CampaignPhase;
  /** what the campaign waits for right now, in words */
  waiting?: string;
  /** when it next wakes up by itself (soak end, window opening, deadline) */
  wakeAt?: string;
  pausedBy?: { operator?: string; failureBudget?: string };
  abortedReason?: string;
  activeWave?: string;
  resolvedAt: string;
  startedAt: string;
  finishedAt?: string;
  counts: Record<CampaignClusterPhase, number> & { total: number };
  waves: WaveStatusView[];
  /** recent events, oldest first */
  events: Array<{ at: string; message: string }>;
}

export function campaignPhase(state: CampaignState): CampaignPhase {
  if (state.aborted) return 'Aborted';
  if (state.finishedAt !== undefined) {
    return Object.values(state.clusters).some((c) => c.phase === 'Failed') ? 'CompletedWithFailures' : 'Completed';
  }
  return state.pause.operator || state.pause.failureBudget ? 'Paused' : 'Running';
}

/** The `status` query: waves, groups, clusters with reasons and timings. */
export function campaignStatus(snapshot: CampaignSnapshot, state: CampaignState, now: number, eventLimit = 50): CampaignStatusView {
  const counts = { total: 0, NotStarted: 0, Pending: 0, Upgrading: 0, Succeeded: 0, Failed: 0, Skipped: 0 };
  for (const c of Object.values(state.clusters)) {
    counts.total++;
    counts[c.phase]++;
  }
  const active = activeWaveIndex(state);
  const optIso = (ms: number | undefined) => (ms === undefined ? undefined : iso(ms));
  const scope = (name: string, st: ScopeState, gate: CampaignSnapshot['waves'][number]['gate'], keys: readonly string[]): ScopeStatusView => {
    const count = (p: CampaignClusterPhase) => keys.filter((k) => state.clusters[k]?.phase === p).length;
    return compact({
      name,
      phase: st.phase,
      reason: st.reason,
      maxConcurrency: gate.maxConcurrency,
      maxAllowedFailures: gate.maxAllowedFailures,
      soak: formatGoDuration(gate.soakSeconds),
      requireApproval: gate.requireApproval,
      startedAt: optIso(st.startedAt),
      clustersDoneAt: optIso(st.clustersDoneAt),
      soakUntil: optIso(st.soakUntil),
      approvedAt: optIso(st.approvedAt),
      approvedBy: st.approvedBy,
      completedAt: optIso(st.completedAt),
      upgrading: count('Upgrading'),
      failed: count('Failed'),
      succeeded: count('Succeeded'),
      total: keys.length,
    });
  };
  const waves = snapshot.waves.map((sw, wi): WaveStatusView => {
    const keys = sw.groups.flatMap((g) => g.clusters);
    return {
      ...scope(sw.name, state.waves[wi]!, sw.gate, keys),
      groups: sw.groups.map((g, gi) => scope(g.name, state.waves[wi]!.groups[gi]!, g.gate, g.clusters)),
      clusters: sw.groups.flatMap((g) =>
        g.clusters.map((key): ClusterStatusView => {
          const c = state.clusters[key]!;
          const snap = snapshot.clusters[key]!;
          const stepVersion = snap.steps[c.step];
          const obs = state.observations[key];
          const versions = obs?.machineVersions;
          const total = versions ? Object.values(versions).reduce((a, b) => a + b, 0) : undefined;
          const end = c.finishedAt ?? (c.phase === 'Upgrading' ? now : undefined);
          return compact({
            cluster: key,
            group: g.name,
            phase: c.phase,
            reason: c.reason,
            fromVersion: snap.fromVersion,
            steps: snap.steps,
            stepVersion,
            attempts: c.attempts,
            startedAt: optIso(c.startedAt),
            finishedAt: optIso(c.finishedAt),
            durationSeconds: c.startedAt !== undefined && end !== undefined ? Math.round((end - c.startedAt) / 1000) : undefined,
            observedVersion: obs?.desiredVersion,
            // a staged rollout's step is a revision: machines are counted by version only
            machinesAtStep: versions && stepVersion && snapshot.kind !== 'staged' ? `${versions[stepVersion] ?? 0}/${total}` : undefined,
          });
        }),
      ),
    };
  });
  return compact({
    name: snapshot.name,
    kind: snapshot.kind === 'staged' ? ('staged' as const) : undefined,
    targetVersion: snapshot.targetVersion,
    phase: campaignPhase(state),
    waiting: state.waiting || undefined,
    wakeAt: optIso(state.wakeAt),
    pausedBy:
      state.pause.operator || state.pause.failureBudget
        ? compact({ operator: state.pause.operator ? state.pause.operator.reason || 'paused' : undefined, failureBudget: state.pause.failureBudget?.reason })
        : undefined,
    abortedReason: state.aborted ? state.aborted.reason || 'aborted' : undefined,
    activeWave: active >= 0 ? snapshot.waves[active]!.name : undefined,
    resolvedAt: snapshot.resolvedAt,
    startedAt: iso(state.startedAt),
    finishedAt: optIso(state.finishedAt),
    counts,
    waves,
    events: state.events.slice(-eventLimit).map((e) => ({ at: iso(e.at), message: e.message })),
  });
}

/** Drops undefined fields (they would show as `null`s in JSON and clutter YAML output). */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
