/**
 * Drives planCampaign the way upgradeCampaignWorkflow does (plan → send upgrade requests → read
 * → wait) against a fake fleet that upgrades in ticks, checks the campaign's invariants at every
 * step (it throws on a violation), and writes a transcript of what happened.
 */
import {
  activeExclusion,
  activeWaveIndex,
  maintenanceState,
  applyAbort,
  applyApprove,
  applyPause,
  applyResume,
  applyRetryFailed,
  applySkipCluster,
  applySkipWave,
  compareVersionStrings,
  planCampaign,
  recordObservations,
  recordUpgradeRefused,
  recordUpgradeRequested,
  snapshotCampaign,
  type CampaignSnapshot,
  type CampaignSpec,
  type CampaignState,
  type ClusterObservation,
  type FleetCluster,
} from '../../../../shared/planners/campaign';

export const T0 = Date.parse('2025-03-05T00:00:00Z'); // a Wednesday
export const TICK_MS = 10 * 60_000;

export interface FakeCluster {
  namespace?: string;
  name: string;
  labels: Record<string, string>;
  version: string;
  machines?: number;
  /** ticks one step takes (default 2) */
  upgradeTicks?: number;
  /** the upgrade to this version leaves a failed machine */
  failOn?: string;
  /** refuses the Update with this message */
  refuse?: string;
  paused?: boolean;
  unreachable?: boolean;
  /** not healthy before the upgrade until this tick */
  unhealthyUntil?: number;
}

interface Live {
  spec: FakeCluster;
  key: string;
  desired: string;
  machineVersion: string;
  progress: number;
  failed: boolean;
  requests: string[];
  generation: number;
}

export type Action =
  | { at: number; do: 'approve'; wave?: string; group?: string }
  | { at: number; do: 'pause' | 'resume' | 'abort' | 'retryFailed' }
  | { at: number; do: 'skipCluster'; cluster: string }
  | { at: number; do: 'skipWave'; wave: string }
  | { at: number; do: 'heal'; cluster: string }
  | { at: number; do: 'unpauseCluster'; cluster: string };

export interface Scenario {
  name: string;
  spec: CampaignSpec;
  fleet: FakeCluster[];
  actions?: Action[];
  maxTicks?: number;
}

export interface DriverResult {
  transcript: string;
  snapshot: CampaignSnapshot;
  state: CampaignState;
  finished: boolean;
  /** upgrade requests per cluster, in order */
  requests: Record<string, string[]>;
  /** most clusters upgrading at once, per wave */
  maxInFlight: Record<string, number>;
  ticks: number;
}

export class InvariantViolation extends Error {}

export function runScenario(sc: Scenario): DriverResult {
  const lines: string[] = [];
  const live = new Map<string, Live>();
  for (const c of sc.fleet) {
    const key = `${c.namespace ?? 'default'}/${c.name}`;
    live.set(key, { spec: c, key, desired: c.version, machineVersion: c.version, progress: 0, failed: false, requests: [], generation: 1 });
  }
  let now = T0;
  let tick = 0;
  const observe = (key: string, seq: number): ClusterObservation => {
    const l = live.get(key)!;
    const n = l.spec.machines ?? 2;
    if (l.spec.unreachable) return { key, seq, at: now, found: true, reachable: false, error: 'context deadline exceeded' };
    const upgrading = l.desired !== l.machineVersion;
    const atNew = upgrading ? Math.min(n, l.progress) : 0;
    const versions: Record<string, number> = {};
    if (n - atNew > 0) versions[l.machineVersion] = n - atNew;
    if (atNew > 0) versions[l.desired] = (versions[l.desired] ?? 0) + atNew;
    const healthyBefore = l.spec.unhealthyUntil === undefined || tick >= l.spec.unhealthyUntil;
    return {
      key,
      seq,
      at: now,
      found: true,
      reachable: true,
      desiredVersion: l.desired,
      ready: !upgrading && healthyBefore,
      paused: !!l.spec.paused,
      deleting: false,
      generation: l.generation,
      observedGeneration: l.generation,
      machineVersions: versions,
      componentVersions: [l.desired],
      ...(l.failed ? { failedMachines: [{ name: `${l.spec.name}-md-x`, version: l.desired, reason: 'injected provisioning failure' }] } : {}),
      ...(upgrading ? { waitingFor: `WorkersAvailable: ${atNew}/${n} machines at ${l.desired}` } : {}),
    };
  };

  const fleet: FleetCluster[] = sc.fleet.map((c) => {
    const key = `${c.namespace ?? 'default'}/${c.name}`;
    return { namespace: c.namespace ?? 'default', name: c.name, labels: c.labels, version: c.version, observation: observe(key, 1) };
  });
  const resolved = snapshotCampaign(sc.spec, fleet, now);
  if (!resolved.ok) throw new Error(`scenario ${sc.name}: ${JSON.stringify(resolved.issues)}`);
  const { snapshot } = resolved;
  let state = resolved.state;
  const maxInFlight: Record<string, number> = {};
  const waveStartedAt: number[] = [];
  let finished = false;
  let lastEvent = 0;
  const flushEvents = () => {
    for (const e of state.events.slice(lastEvent)) lines.push(`t${pad(Math.round((e.at - T0) / TICK_MS))} ${e.message}`);
    lastEvent = state.events.length;
  };
  lines.push(`# ${sc.name}: ${Object.keys(snapshot.clusters).length} clusters to ${snapshot.targetVersion}; tick = 10m`);
  for (const w of snapshot.waves) {
    lines.push(
      `# wave ${w.name}: maxConcurrency ${w.gate.maxConcurrency}, maxAllowedFailures ${w.gate.maxAllowedFailures}, soak ${w.gate.soakSeconds}s${w.gate.requireApproval ? ', approval' : ''}; ` +
        w.groups.map((g) => `${g.name}[${g.clusters.join(' ')}]${g.gate.maxConcurrency !== null ? ` max ${g.gate.maxConcurrency}` : ''}`).join(' '),
    );
  }

  const maxTicks = sc.maxTicks ?? 200;
  for (; tick <= maxTicks; tick++) {
    now = T0 + tick * TICK_MS;
    for (const a of sc.actions ?? []) {
      if (a.at !== tick) continue;
      try {
        if (a.do === 'approve') applyApprove(snapshot, state, { ...(a.wave ? { wave: a.wave } : {}), ...(a.group ? { group: a.group } : {}), by: 'alice' }, now);
        else if (a.do === 'pause') applyPause(snapshot, state, { reason: 'change freeze' }, now);
        else if (a.do === 'resume') applyResume(snapshot, state, now);
        else if (a.do === 'abort') applyAbort(snapshot, state, {}, now);
        else if (a.do === 'retryFailed') {
          applyRetryFailed(snapshot, state, {}, now);
          // the "fix" an operator makes before retrying: the cluster's failed machine is replaced
          for (const l of live.values()) {
            if (!l.failed) continue;
            l.failed = false;
            l.spec = { ...l.spec, failOn: undefined };
          }
        } else if (a.do === 'skipCluster') applySkipCluster(snapshot, state, { cluster: a.cluster }, now);
        else if (a.do === 'skipWave') applySkipWave(snapshot, state, { wave: a.wave }, now);
        else if (a.do === 'heal') live.get(`default/${a.cluster}`)!.spec.unreachable = false;
        else if (a.do === 'unpauseCluster') live.get(`default/${a.cluster}`)!.spec.paused = false;
      } catch (err) {
        lines.push(`t${pad(tick)} ${a.do} refused: ${(err as Error).message}`);
      }
    }
    // The workflow's loop: plan, then requests, reads, until it only waits.
    let rounds = 0;
    for (;;) {
      if (++rounds > 50) throw new InvariantViolation(`${sc.name}: the plan does not settle at tick ${tick}`);
      const before = state;
      const plan = planCampaign({ snapshot, state, now, settleStartedWave: true });
      state = plan.state;
      check(before);
      if (plan.finished) {
        finished = true;
        break;
      }
      if (plan.start.length) {
        for (const req of plan.start) {
          const l = live.get(req.key)!;
          if (l.spec.refuse) {
            recordUpgradeRefused(state, req, l.spec.refuse, now);
            continue;
          }
          const already = compareVersionStrings(l.desired, req.version) >= 0;
          if (!already) {
            l.requests.push(req.version);
            l.desired = req.version;
            l.progress = 0;
            l.generation++;
          }
          recordUpgradeRequested(snapshot, state, req, { changed: !already, alreadyRequested: already, generation: l.generation }, now);
        }
        continue;
      }
      if (plan.observe.length) {
        const seq = ++state.seq;
        recordObservations(state, plan.observe.map((k) => observe(k, seq)));
        continue;
      }
      break;
    }
    flushEvents();
    if (finished) break;
    // Time passes: the fleet moves, and the watch reads the clusters it watches.
    for (const l of live.values()) {
      if (l.desired === l.machineVersion || l.failed) continue;
      l.progress++;
      if (l.spec.failOn === l.desired && l.progress === 1) l.failed = true;
      if (!l.failed && l.progress >= (l.spec.upgradeTicks ?? 2)) l.machineVersion = l.desired;
    }
    const seq = ++state.seq;
    recordObservations(state, Object.keys(state.clusters).filter((k) => state.clusters[k]!.phase === 'Upgrading' || state.clusters[k]!.phase === 'Pending').map((k) => observe(k, seq)));
  }
  flushEvents();
  lines.push(finished ? `finished after ${tick} ticks` : `not finished after ${maxTicks} ticks: ${state.waiting ?? ''}`);
  for (const [key, c] of Object.entries(state.clusters)) lines.push(`final ${key}: ${c.phase} (${c.reason})${live.get(key)!.requests.length ? ` requests ${live.get(key)!.requests.join(',')}` : ''}`);
  return {
    transcript: `${lines.join('\n')}\n`,
    snapshot,
    state,
    finished,
    requests: Object.fromEntries([...live.entries()].map(([k, l]) => [k, l.requests])),
    maxInFlight,
    ticks: tick,
  };

  function check(before: CampaignState): void {
    const wi = activeWaveIndex(state);
    snapshot.waves.forEach((w, i) => {
      const keys = w.groups.flatMap((g) => g.clusters);
      const up = keys.filter((k) => state.clusters[k]!.phase === 'Upgrading').length;
      maxInFlight[w.name] = Math.max(maxInFlight[w.name] ?? 0, up);
      if (up > w.gate.maxConcurrency!) throw new InvariantViolation(`${sc.name} t${tick}: wave ${w.name} has ${up} upgrading, over maxConcurrency ${w.gate.maxConcurrency}`);
      for (const g of w.groups) {
        const gu = g.clusters.filter((k) => state.clusters[k]!.phase === 'Upgrading').length;
        if (g.gate.maxConcurrency !== null && gu > g.gate.maxConcurrency) throw new InvariantViolation(`${sc.name} t${tick}: group ${g.name} has ${gu} upgrading, over ${g.gate.maxConcurrency}`);
      }
      if (state.waves[i]!.phase !== 'NotStarted' && waveStartedAt[i] === undefined) waveStartedAt[i] = tick;
      if (wi >= 0 && i > wi && up > 0) throw new InvariantViolation(`${sc.name} t${tick}: wave ${w.name} upgrades before wave ${snapshot.waves[wi]!.name} completed`);
    });
    // A cluster starts (its attempts grow) only while the campaign runs, outside exclusion
    // windows and inside its own maintenance window.
    for (const [key, c] of Object.entries(state.clusters)) {
      if (c.attempts === before.clusters[key]!.attempts) continue;
      if (before.pause.operator || before.pause.failureBudget) throw new InvariantViolation(`${sc.name} t${tick}: ${key} starts while the campaign is paused`);
      if (activeExclusion(snapshot.exclusionWindows, now)) throw new InvariantViolation(`${sc.name} t${tick}: ${key} starts inside an exclusion window`);
      const windows = snapshot.clusters[key]!.windows.map((i) => snapshot.maintenanceWindows[i]!);
      if (!maintenanceState(windows, now).open) throw new InvariantViolation(`${sc.name} t${tick}: ${key} starts outside its maintenance window`);
    }
    for (const l of live.values()) {
      const dup = l.requests.filter((v, i) => l.requests.indexOf(v) !== i);
      if (dup.length) throw new InvariantViolation(`${sc.name} t${tick}: ${l.key} was asked to upgrade to ${dup[0]} twice`);
    }
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
