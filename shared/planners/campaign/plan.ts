import { formatGoDuration } from '../goDuration';
import { assessEligibility, observationFingerprint, stepTargetOf } from './assess';
import type {
  CampaignClusterState,
  CampaignPlan,
  CampaignSnapshot,
  CampaignState,
  ScopeState,
  WatchEntry,
} from './types';
import { activeExclusion, maintenanceState } from './windows';

/** A read older than this (workflow time) is re-done before a decision that starts or finishes a cluster. */
export const FRESH_MS = 30_000;
/** Events kept in the campaign's state (the status query shows the latest). */
export const MAX_EVENTS = 200;

export interface PlanInput {
  snapshot: CampaignSnapshot;
  state: CampaignState;
  /** workflow time, ms */
  now: number;
  /**
   * Re-judge the wave after clusters finished while being started (already at the target,
   * skipped): without it, a wave whose last clusters finished that way was left Running with
   * nothing to watch, and the campaign waited for an operator. Off for runs recorded before.
   */
  settleStartedWave?: boolean;
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Skipped']);
export const isTerminal = (c: CampaignClusterState): boolean => TERMINAL.has(c.phase);
export const iso = (ms: number): string => new Date(ms).toISOString();
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function isPaused(s: CampaignState): boolean {
  return !!(s.pause.operator || s.pause.failureBudget);
}

export function pushEvent(s: CampaignState, at: number, message: string): void {
  s.events.push({ at, message });
  if (s.events.length > MAX_EVENTS) s.events.splice(0, s.events.length - MAX_EVENTS);
}

/** Both gates of a scope: the soak has elapsed and, when required, an approval was given. */
export function gateSatisfied(scope: ScopeState, now: number): boolean {
  return (scope.soakUntil === undefined || now >= scope.soakUntil) && (!scope.approvalRequired || scope.approvedAt !== undefined);
}

function gateReason(scope: ScopeState, now: number, what: string): string {
  const parts: string[] = [];
  if (scope.soakUntil !== undefined && now < scope.soakUntil) parts.push(`soaking until ${iso(scope.soakUntil)}`);
  if (scope.approvalRequired && scope.approvedAt === undefined) parts.push(`waiting for approval of ${what}`);
  return parts.join('; ');
}

/** Failures of a wave over its budget, or of a group over its own, in words; [] within budget. */
export function budgetBreaches(snapshot: CampaignSnapshot, state: CampaignState, waveIndex: number): string[] {
  const sw = snapshot.waves[waveIndex]!;
  const failedOf = (keys: readonly string[]) => keys.filter((k) => state.clusters[k]?.phase === 'Failed');
  const out: string[] = [];
  const all = sw.groups.flatMap((g) => g.clusters);
  const failed = failedOf(all);
  if (failed.length > sw.gate.maxAllowedFailures!) {
    out.push(`wave ${sw.name}: ${failed.length} cluster(s) failed, ${sw.gate.maxAllowedFailures} allowed (${failed.join(', ')})`);
  }
  for (const g of sw.groups) {
    const gf = failedOf(g.clusters);
    if (g.gate.maxAllowedFailures !== null && gf.length > g.gate.maxAllowedFailures) {
      out.push(`wave ${sw.name} group ${g.name}: ${gf.length} cluster(s) failed, ${g.gate.maxAllowedFailures} allowed (${gf.join(', ')})`);
    }
  }
  return out;
}

/** The wave being worked on: the first that is neither Completed nor Skipped. */
export function activeWaveIndex(state: CampaignState): number {
  return state.waves.findIndex((w) => w.phase !== 'Completed' && w.phase !== 'Skipped');
}

/**
 * One planning pass of a campaign, pure: folds the latest reads into the clusters in flight,
 * moves waves and groups through Running → (Halted) → Gated (soak ∥ approval) → Completed,
 * and picks the clusters to start under the wave's and groups' concurrency caps, the failure
 * budgets, the exclusion windows and each cluster's maintenance windows. It returns what the
 * workflow must do next: read clusters, send upgrade Updates, watch clusters, or sleep until.
 */
export function planCampaign(input: PlanInput): CampaignPlan {
  const { snapshot, now } = input;
  const s = clone(input.state);
  const plan: CampaignPlan = { state: s, observe: [], start: [], watch: [], finished: false };
  const ev = (message: string) => pushEvent(s, now, message);
  const t = stepTargetOf(snapshot);
  /** `upgrade to v1.32.0` / `rollout of revision k3x9qa` */
  const change = (step: string | undefined) => (t.kind === 'staged' ? `rollout of revision ${step}` : `upgrade to ${step}`);
  const wakes: number[] = [];
  const watchPending = new Set<string>();

  if (s.aborted) {
    s.finishedAt ??= now;
    s.waiting = undefined;
    s.wakeAt = undefined;
    plan.finished = true;
    return plan;
  }

  // 1. What the latest reads say about the clusters in flight.
  for (const [key, c] of Object.entries(s.clusters)) {
    if (c.phase !== 'Upgrading') continue;
    const snap = snapshot.clusters[key]!;
    for (let guard = 0; guard <= snap.steps.length && c.phase === 'Upgrading' && c.requested; guard++) {
      const step = snap.steps[c.step]!;
      const obs = s.observations[key];
      if (!obs || obs.seq <= c.requestSeq) break;
      const v = t.assess(obs, step);
      if (v.kind === 'Done') {
        if (c.step + 1 < snap.steps.length) {
          c.step++;
          c.requested = false;
          c.stepStartedAt = now;
          c.reason = `reached ${step}; requesting ${snap.steps[c.step]}`;
          ev(`${key}: reached ${step} (step ${c.step} of ${snap.steps.length}), next ${snap.steps[c.step]}`);
        } else {
          finish(c, 'Succeeded', `at ${t.label(step)} and healthy`);
          ev(`${key}: ${t.kind === 'staged' ? `rolled out revision ${step}` : `upgraded to ${step}`} and healthy`);
        }
        break;
      }
      if (v.kind === 'Failed' || v.kind === 'Gone') {
        finish(c, 'Failed', v.reason);
        ev(`${key}: failed: ${v.reason}`);
        break;
      }
      if (v.kind === 'Beyond') {
        const idx = snap.steps.findIndex((x) => t.position(obs, x) === 0);
        if (idx > c.step) {
          // someone moved the cluster on to a later step of ours: follow it (no second request needed)
          c.step = idx;
          c.stepStartedAt = now;
          continue;
        }
        finish(c, 'Failed', t.movedOutside(obs));
        ev(`${key}: failed: ${t.kind === 'staged' ? t.movedOutside(obs) : `version changed outside the campaign to ${obs.desiredVersion}`}`);
        break;
      }
      c.reason = v.kind === 'NotRequested' ? `${change(step)} requested; ${v.reason}` : v.reason;
      break;
    }
    if (c.phase === 'Upgrading' && c.stepStartedAt !== undefined) {
      const deadline = c.stepStartedAt + snapshot.upgradeTimeoutSeconds * 1000;
      if (now >= deadline) {
        const reason = `did not reach ${snap.steps[c.step]} healthy within ${formatGoDuration(snapshot.upgradeTimeoutSeconds)} (upgradeTimeout)`;
        finish(c, 'Failed', reason);
        ev(`${key}: failed: ${reason}`);
      } else {
        wakes.push(deadline);
      }
    }
  }

  // 2. Waves, in order; several may finish in one pass (empty waves, satisfied gates).
  for (let guard = 0; guard <= snapshot.waves.length; guard++) {
    const wi = activeWaveIndex(s);
    if (wi < 0) {
      if (s.finishedAt === undefined) {
        s.finishedAt = now;
        const count = (p: string) => Object.values(s.clusters).filter((c) => c.phase === p).length;
        ev(`campaign completed: ${count('Succeeded')} succeeded, ${count('Failed')} failed, ${count('Skipped')} skipped`);
      }
      plan.finished = true;
      break;
    }
    if (!advanceWave(wi)) break;
  }

  // 3. What to ask of the workflow.
  for (const [key, c] of Object.entries(s.clusters)) {
    const snap = snapshot.clusters[key]!;
    if (c.phase === 'Upgrading' && !c.requested) {
      plan.start.push({ key, version: snap.steps[c.step]!, attempt: c.attempts, step: c.step });
    } else if (c.phase === 'Upgrading' || watchPending.has(key)) {
      const version = snap.steps[Math.min(c.step, snap.steps.length - 1)] ?? snapshot.targetVersion;
      const entry: WatchEntry = { key, version, fingerprint: observationFingerprint(s.observations[key], version, t) };
      plan.watch.push(entry);
    }
  }
  plan.observe = [...new Set(plan.observe)];
  const future = wakes.filter((t) => t > now);
  plan.wakeAt = plan.finished || future.length === 0 ? undefined : Math.min(...future);
  s.wakeAt = plan.wakeAt;
  s.waiting = plan.finished ? undefined : describeWaiting();
  return plan;

  function finish(c: CampaignClusterState, phase: 'Succeeded' | 'Failed' | 'Skipped', reason: string): void {
    c.phase = phase;
    c.reason = reason;
    c.finishedAt = now;
    c.requested = false;
    delete c.retried;
  }

  function describeWaiting(): string {
    if (s.pause.failureBudget) return `paused: ${s.pause.failureBudget.reason}`;
    if (s.pause.operator) return `paused by an operator${s.pause.operator.reason ? `: ${s.pause.operator.reason}` : ''}`;
    const wi = activeWaveIndex(s);
    if (wi < 0) return '';
    const w = s.waves[wi]!;
    return `wave ${snapshot.waves[wi]!.name}: ${w.reason}`;
  }

  /** Moves wave `wi` on; true when it completed (the next one may start in this pass). */
  function advanceWave(wi: number): boolean {
    const w = s.waves[wi]!;
    const sw = snapshot.waves[wi]!;
    const keys = sw.groups.flatMap((g) => g.clusters);
    if (w.phase === 'NotStarted') {
      if (keys.length === 0) {
        w.phase = 'Skipped';
        w.reason = 'no clusters in this wave';
        w.completedAt = now;
        ev(`wave ${sw.name} skipped: no clusters`);
        return true;
      }
      if (isPaused(s)) {
        w.reason = 'not started: the campaign is paused';
        return false;
      }
      w.phase = 'Running';
      w.startedAt = now;
      sw.groups.forEach((g, gi) => {
        const gs = w.groups[gi]!;
        if (gs.phase !== 'NotStarted') return;
        if (g.clusters.length === 0) {
          gs.phase = 'Skipped';
          gs.reason = 'no clusters';
        } else {
          gs.phase = 'Running';
          gs.startedAt = now;
        }
      });
      ev(`wave ${sw.name} started: ${keys.length} cluster(s), maxConcurrency ${sw.gate.maxConcurrency}, maxAllowedFailures ${sw.gate.maxAllowedFailures}`);
    }

    const breaches = budgetBreaches(snapshot, s, wi);
    if (breaches.length > 0) {
      const reason = `failure budget exceeded: ${breaches.join('; ')}`;
      if (!s.pause.failureBudget) {
        s.pause.failureBudget = { reason, at: now };
        ev(`campaign paused: ${reason}`);
      } else {
        s.pause.failureBudget.reason = reason;
      }
      if (w.phase === 'Running' || w.phase === 'Gated') w.phase = 'Halted';
      w.reason = `halted: ${breaches.join('; ')}; clusters already upgrading finish, no new one starts (retry-failed, skip-cluster, skip-wave or abort)`;
      return false;
    }
    if (w.phase === 'Halted') w.phase = 'Running';

    // Group gates: a group whose clusters are all done soaks / waits for approval on its own.
    sw.groups.forEach((g, gi) => {
      const gs = w.groups[gi]!;
      if (gs.phase === 'Completed' || gs.phase === 'Skipped' || gs.phase === 'NotStarted') return;
      if (!g.clusters.every((k) => isTerminal(s.clusters[k]!))) {
        gs.reason = `${g.clusters.filter((k) => s.clusters[k]!.phase === 'Upgrading').length} upgrading`;
        return;
      }
      if (gs.phase !== 'Gated') {
        gs.clustersDoneAt = now;
        if (!gs.skipped && (g.gate.soakSeconds > 0 || g.gate.requireApproval)) {
          gs.phase = 'Gated';
          if (g.gate.soakSeconds > 0) gs.soakUntil = now + g.gate.soakSeconds * 1000;
          ev(`wave ${sw.name} group ${g.name}: clusters done; gate: ${gateReason(gs, now, `group ${g.name}`)}`);
        }
      }
      if (gs.phase !== 'Gated' || gs.skipped || gateSatisfied(gs, now)) {
        if (gs.phase === 'Gated') ev(`wave ${sw.name} group ${g.name}: gate passed`);
        gs.phase = 'Completed';
        gs.completedAt = now;
        gs.reason = '';
        return;
      }
      gs.reason = gateReason(gs, now, `group ${g.name}`);
      if (gs.soakUntil !== undefined && gs.soakUntil > now) wakes.push(gs.soakUntil);
    });

    const allDone = keys.every((k) => isTerminal(s.clusters[k]!));
    const groupsDone = w.groups.every((g) => g.phase === 'Completed' || g.phase === 'Skipped');
    if (w.phase === 'Running' && allDone && groupsDone) {
      w.clustersDoneAt = now;
      if (!w.skipped && (sw.gate.soakSeconds > 0 || sw.gate.requireApproval)) {
        w.phase = 'Gated';
        if (sw.gate.soakSeconds > 0) w.soakUntil = now + sw.gate.soakSeconds * 1000;
        ev(`wave ${sw.name}: clusters done; gate: ${gateReason(w, now, `wave ${sw.name}`)}`);
      } else {
        return completeWave();
      }
    }
    if (w.phase === 'Gated') {
      if (w.skipped || gateSatisfied(w, now)) {
        ev(`wave ${sw.name}: gate passed`);
        return completeWave();
      }
      w.reason = gateReason(w, now, `wave ${sw.name}`);
      if (w.soakUntil !== undefined && w.soakUntil > now) wakes.push(w.soakUntil);
      return false;
    }
    if (w.phase !== 'Running') return false;
    if (isPaused(s)) {
      w.reason = `paused; ${keys.filter((k) => s.clusters[k]!.phase === 'Upgrading').length} upgrading finish, no new one starts`;
      return false;
    }
    // clusters that finished while being started may have completed the wave: judge it again
    if (startClusters(wi) && input.settleStartedWave) return advanceWave(wi);
    return false;

    function completeWave(): boolean {
      w.phase = 'Completed';
      w.completedAt = now;
      w.reason = '';
      const failed = keys.filter((k) => s.clusters[k]!.phase === 'Failed').length;
      ev(`wave ${sw.name} completed${failed ? ` with ${failed} tolerated failure(s)` : ''}`);
      return true;
    }
  }

  /** Starts what the caps allow; true when a cluster finished on the spot (already done, or skipped). */
  function startClusters(wi: number): boolean {
    let finished = false;
    const w = s.waves[wi]!;
    const sw = snapshot.waves[wi]!;
    const upgrading = (keys: readonly string[]) => keys.filter((k) => s.clusters[k]!.phase === 'Upgrading').length;
    let waveFree = sw.gate.maxConcurrency! - upgrading(sw.groups.flatMap((g) => g.clusters));
    const groupFree = sw.groups.map((g) => (g.gate.maxConcurrency === null ? Infinity : g.gate.maxConcurrency - upgrading(g.clusters)));
    const exclusion = activeExclusion(snapshot.exclusionWindows, now);
    if (exclusion) wakes.push(exclusion.endMs);

    // Interleave the groups (they run in parallel); inside a group, clusters whose window is open first.
    const ranked: Array<{ key: string; group: number; rank: number }> = [];
    sw.groups.forEach((g, gi) => {
      const order = g.clusters
        .filter((k) => s.clusters[k]!.phase === 'NotStarted' || s.clusters[k]!.phase === 'Pending')
        .map((k, i) => {
          const ms = maintenanceState(windowsOf(k), now);
          return { k, i, pri: ms.constrained ? (ms.open ? 0 : 2) : 1 };
        })
        .sort((a, b) => a.pri - b.pri || a.i - b.i);
      order.forEach((o, rank) => ranked.push({ key: o.k, group: gi, rank }));
    });
    ranked.sort((a, b) => a.rank - b.rank || a.group - b.group);

    for (const { key, group } of ranked) {
      const c = s.clusters[key]!;
      const snap = snapshot.clusters[key]!;
      if (exclusion) {
        pend(c, `campaign exclusion window ${exclusion.name} until ${iso(exclusion.endMs)}`, key);
        continue;
      }
      const ms = maintenanceState(windowsOf(key), now);
      if (!ms.open) {
        pend(c, `outside its maintenance window${ms.nextOpen !== undefined ? `; next opens ${iso(ms.nextOpen)}` : ''}`, key);
        if (ms.nextOpen !== undefined) wakes.push(ms.nextOpen);
        continue;
      }
      const obs = s.observations[key];
      const free = waveFree > 0 && groupFree[group]! > 0;
      // fresh: read recently; or the workflow's latest read, just received (a read slower than
      // FRESH_MS must not be re-done forever)
      const fresh = obs !== undefined && (now - obs.at <= FRESH_MS || (obs.seq >= s.seq && now - (obs.receivedAt ?? obs.at) <= FRESH_MS));
      if (!obs) {
        if (free) {
          plan.observe.push(key);
          waveFree--;
          groupFree[group]!--;
        }
        c.reason = free ? 'reading its state' : slotReason();
        continue;
      }
      const el = assessEligibility(obs, snap.steps, c.step, !!c.retried, t);
      if (el.kind === 'Skip') {
        finish(c, 'Skipped', el.reason);
        ev(`${key}: skipped: ${el.reason}`);
        finished = true;
        continue;
      }
      if (el.kind === 'AlreadyDone') {
        if (fresh) {
          finish(c, 'Succeeded', el.reason);
          finished = true;
          ev(`${key}: ${el.reason}`);
        } else {
          plan.observe.push(key);
          c.reason = 'reading its state';
        }
        continue;
      }
      if (el.kind === 'Pending') {
        if (!fresh && free) plan.observe.push(key);
        pend(c, el.reason, key);
        watchPending.add(key);
        continue;
      }
      if (!free) {
        c.phase = 'NotStarted';
        c.reason = slotReason();
        continue;
      }
      waveFree--;
      groupFree[group]!--;
      if (!fresh) {
        plan.observe.push(key);
        c.reason = 'reading its state before starting';
        continue;
      }
      let step = c.step;
      while (step < snap.steps.length - 1 && t.position(obs, snap.steps[step]!) > 0) step++;
      c.phase = 'Upgrading';
      c.step = step;
      c.requested = false;
      c.attempts++;
      c.startedAt ??= now;
      c.stepStartedAt = now;
      c.reason = `requesting the ${change(snap.steps[step])}`;
      delete c.finishedAt;
      const inFlight = sw.gate.maxConcurrency! - waveFree;
      ev(`${key}: ${change(snap.steps[step])} started${c.attempts > 1 ? ` (attempt ${c.attempts})` : ''}${el.adopt ? ' (already on its way)' : ''}; ${inFlight}/${sw.gate.maxConcurrency} in flight in wave ${sw.name}`);
      wakes.push(now + snapshot.upgradeTimeoutSeconds * 1000);
    }
    const up = upgrading(sw.groups.flatMap((g) => g.clusters));
    const pending = sw.groups.flatMap((g) => g.clusters).filter((k) => s.clusters[k]!.phase === 'Pending').length;
    const left = sw.groups.flatMap((g) => g.clusters).filter((k) => s.clusters[k]!.phase === 'NotStarted').length;
    w.reason = [`${up} upgrading`, pending ? `${pending} pending` : '', left ? `${left} not started` : ''].filter(Boolean).join(', ');
    return finished;

    function slotReason(): string {
      return `waiting for a free slot (maxConcurrency ${sw.gate.maxConcurrency} in wave ${sw.name})`;
    }
  }

  function pend(c: CampaignClusterState, reason: string, key: string): void {
    if (c.phase !== 'Pending') ev(`${key}: pending: ${reason}`);
    c.phase = 'Pending';
    c.reason = reason;
  }

  function windowsOf(key: string) {
    return snapshot.clusters[key]!.windows.map((i) => snapshot.maintenanceWindows[i]!);
  }
}
