import { activeWaveIndex, budgetBreaches, isPaused, pushEvent } from './plan';
import type { CampaignSnapshot, CampaignState, ScopeState } from './types';

/**
 * Operator actions on a running campaign (the workflow's Updates). Each has a validator that
 * throws a sentence saying why the action does not apply now (the Update is then rejected and
 * never enters history) and a pure apply. Approvals cannot be given in advance and never expire
 * (Azure Fleet); skipping a scope waives its gates; a cluster already upgrading cannot be
 * recalled (its upgrade is the cluster's own business once requested).
 */
export interface ApproveRequest {
  wave?: string;
  group?: string;
  /** who approves (shown in status) */
  by?: string;
}
export interface PauseRequest {
  reason?: string;
}
export interface SkipClusterRequest {
  /** `namespace/name`, or a name that is unique in the campaign */
  cluster: string;
  reason?: string;
}
export interface SkipWaveRequest {
  wave: string;
  reason?: string;
}
export interface AbortRequest {
  reason?: string;
}
export interface RetryFailedRequest {
  /** only these (`namespace/name` or unique names); default every failed cluster of the active wave */
  clusters?: string[];
}

export interface OperatorResult {
  message: string;
}

export class CampaignActionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CampaignActionRefused';
  }
}

const refuse = (message: string): never => {
  throw new CampaignActionRefused(message);
};

function requireRunning(state: CampaignState): void {
  if (state.aborted) refuse('the campaign was aborted');
  if (state.finishedAt !== undefined) refuse('the campaign has completed');
}

function waveIndexByName(snapshot: CampaignSnapshot, name: unknown): number {
  if (typeof name !== 'string' || name === '') return refuse('name the wave');
  const i = snapshot.waves.findIndex((w) => w.name === name);
  if (i < 0) refuse(`unknown wave "${name}"; waves: ${snapshot.waves.map((w) => w.name).join(', ')}`);
  return i;
}

export function resolveClusterKey(snapshot: CampaignSnapshot, ref: unknown): string {
  if (typeof ref !== 'string' || ref === '') return refuse('name the cluster (namespace/name)');
  if (snapshot.clusters[ref]) return ref;
  const matches = Object.values(snapshot.clusters).filter((c) => c.name === ref);
  if (matches.length === 1) return matches[0]!.key;
  if (matches.length > 1) refuse(`"${ref}" is ambiguous: ${matches.map((m) => m.key).join(', ')}; use namespace/name`);
  return refuse(`cluster "${ref}" is not part of this campaign`);
}

interface ApprovalTarget {
  scope: ScopeState;
  label: string;
}

function approvalTargets(snapshot: CampaignSnapshot, state: CampaignState): ApprovalTarget[] {
  const out: ApprovalTarget[] = [];
  state.waves.forEach((w, wi) => {
    const sw = snapshot.waves[wi]!;
    if (w.phase === 'Gated' && w.approvalRequired && w.approvedAt === undefined) out.push({ scope: w, label: `wave ${sw.name}` });
    w.groups.forEach((g, gi) => {
      if (g.phase === 'Gated' && g.approvalRequired && g.approvedAt === undefined) out.push({ scope: g, label: `wave ${sw.name} group ${sw.groups[gi]!.name}` });
    });
  });
  return out;
}

function approvalTarget(snapshot: CampaignSnapshot, state: CampaignState, req: ApproveRequest): ApprovalTarget {
  requireRunning(state);
  if (req.wave === undefined) {
    if (req.group !== undefined) refuse('name the wave of the group');
    const open = approvalTargets(snapshot, state);
    if (open.length === 1) return open[0]!;
    if (open.length === 0) {
      return refuse('nothing awaits approval now: an approval gate opens when its scope\'s clusters are done, and approvals cannot be given in advance');
    }
    return refuse(`several gates await approval (${open.map((o) => o.label).join(', ')}): name the wave (and group)`);
  }
  const wi = waveIndexByName(snapshot, req.wave);
  const sw = snapshot.waves[wi]!;
  let scope: ScopeState = state.waves[wi]!;
  let label = `wave ${sw.name}`;
  let required = sw.gate.requireApproval;
  if (req.group !== undefined) {
    const gi = sw.groups.findIndex((g) => g.name === req.group);
    if (gi < 0) refuse(`unknown group "${req.group}" in wave ${sw.name}; groups: ${sw.groups.map((g) => g.name).join(', ')}`);
    scope = state.waves[wi]!.groups[gi]!;
    label = `wave ${sw.name} group ${req.group}`;
    required = sw.groups[gi]!.gate.requireApproval;
  }
  if (!required) refuse(`${label} has no approval gate (requireApproval is not set)`);
  if (scope.approvedAt !== undefined) refuse(`${label} was already approved${scope.approvedBy ? ` by ${scope.approvedBy}` : ''}`);
  if (scope.phase === 'Completed' || scope.phase === 'Skipped') refuse(`${label} is already ${scope.phase.toLowerCase()}`);
  if (scope.phase !== 'Gated') {
    refuse(`${label} is ${scope.phase}: its approval gate opens when its clusters are done (approvals cannot be given in advance)`);
  }
  return { scope, label };
}

export function validateApprove(snapshot: CampaignSnapshot, state: CampaignState, req: ApproveRequest): void {
  approvalTarget(snapshot, state, req ?? {});
}

export function applyApprove(snapshot: CampaignSnapshot, state: CampaignState, req: ApproveRequest, now: number): OperatorResult {
  const { scope, label } = approvalTarget(snapshot, state, req ?? {});
  scope.approvedAt = now;
  if (req?.by) scope.approvedBy = req.by;
  const message = `${label} approved${req?.by ? ` by ${req.by}` : ''}${scope.soakUntil !== undefined && now < scope.soakUntil ? `; its soak still runs until ${new Date(scope.soakUntil).toISOString()}` : ''}`;
  pushEvent(state, now, message);
  return { message };
}

export function validatePause(_snapshot: CampaignSnapshot, state: CampaignState, _req: PauseRequest): void {
  requireRunning(state);
  if (state.pause.operator) refuse('the campaign is already paused by an operator');
}

export function applyPause(snapshot: CampaignSnapshot, state: CampaignState, req: PauseRequest, now: number): OperatorResult {
  validatePause(snapshot, state, req);
  state.pause.operator = { reason: req?.reason ?? '', at: now };
  const message = `campaign paused by an operator${req?.reason ? `: ${req.reason}` : ''}; clusters already upgrading finish, no new one starts`;
  pushEvent(state, now, message);
  return { message };
}

export function validateResume(snapshot: CampaignSnapshot, state: CampaignState): void {
  requireRunning(state);
  if (!isPaused(state)) refuse('the campaign is not paused');
  const wi = activeWaveIndex(state);
  const breaches = wi >= 0 ? budgetBreaches(snapshot, state, wi) : [];
  if (breaches.length) {
    refuse(`the failure budget is still exceeded (${breaches.join('; ')}): retry-failed or skip-cluster the failed clusters (or skip-wave) first`);
  }
}

export function applyResume(snapshot: CampaignSnapshot, state: CampaignState, now: number): OperatorResult {
  validateResume(snapshot, state);
  state.pause = {};
  pushEvent(state, now, 'campaign resumed');
  return { message: 'campaign resumed' };
}

export function validateSkipCluster(snapshot: CampaignSnapshot, state: CampaignState, req: SkipClusterRequest): string {
  requireRunning(state);
  const key = resolveClusterKey(snapshot, req?.cluster);
  const c = state.clusters[key]!;
  if (c.phase === 'Upgrading') refuse(`${key} is upgrading: a requested upgrade cannot be recalled; wait for it to finish or fail`);
  if (c.phase === 'Succeeded' || c.phase === 'Skipped') refuse(`${key} is already ${c.phase.toLowerCase()}`);
  return key;
}

export function applySkipCluster(snapshot: CampaignSnapshot, state: CampaignState, req: SkipClusterRequest, now: number): OperatorResult {
  const key = validateSkipCluster(snapshot, state, req);
  const c = state.clusters[key]!;
  c.phase = 'Skipped';
  c.reason = `skipped by an operator${req.reason ? `: ${req.reason}` : ''}`;
  c.finishedAt = now;
  delete c.retried;
  const message = `${key} skipped`;
  pushEvent(state, now, message);
  return { message };
}

export function validateSkipWave(snapshot: CampaignSnapshot, state: CampaignState, req: SkipWaveRequest): number {
  requireRunning(state);
  const wi = waveIndexByName(snapshot, req?.wave);
  const w = state.waves[wi]!;
  if (w.phase === 'Completed' || w.phase === 'Skipped') refuse(`wave ${req.wave} is already ${w.phase.toLowerCase()}`);
  return wi;
}

export function applySkipWave(snapshot: CampaignSnapshot, state: CampaignState, req: SkipWaveRequest, now: number): OperatorResult {
  const wi = validateSkipWave(snapshot, state, req);
  const w = state.waves[wi]!;
  const sw = snapshot.waves[wi]!;
  let skipped = 0;
  for (const key of sw.groups.flatMap((g) => g.clusters)) {
    const c = state.clusters[key]!;
    if (c.phase === 'NotStarted' || c.phase === 'Pending' || c.phase === 'Failed') {
      c.phase = 'Skipped';
      c.reason = `wave ${sw.name} skipped by an operator${req.reason ? `: ${req.reason}` : ''}`;
      c.finishedAt = now;
      delete c.retried;
      skipped++;
    }
  }
  w.skipped = true;
  w.groups.forEach((g) => (g.skipped = true));
  const inFlight = sw.groups.flatMap((g) => g.clusters).filter((k) => state.clusters[k]!.phase === 'Upgrading').length;
  if (inFlight === 0) {
    w.phase = 'Skipped';
    w.reason = `skipped by an operator${req.reason ? `: ${req.reason}` : ''}`;
    w.completedAt = now;
    w.groups.forEach((g) => {
      if (g.phase !== 'Completed') g.phase = 'Skipped';
    });
  }
  const message = `wave ${sw.name} skipped: ${skipped} cluster(s) skipped${inFlight ? `, ${inFlight} already upgrading finish first` : ''}; its gates are waived`;
  pushEvent(state, now, message);
  return { message };
}

export function validateAbort(_snapshot: CampaignSnapshot, state: CampaignState): void {
  requireRunning(state);
}

export function applyAbort(snapshot: CampaignSnapshot, state: CampaignState, req: AbortRequest, now: number): OperatorResult {
  validateAbort(snapshot, state);
  const inFlight = Object.entries(state.clusters).filter(([, c]) => c.phase === 'Upgrading');
  for (const [, c] of inFlight) c.reason = `campaign aborted while upgrading: the cluster finishes its requested upgrade on its own (${c.reason})`;
  state.aborted = { reason: req?.reason ?? '', at: now };
  const message = `campaign aborted${req?.reason ? `: ${req.reason}` : ''}${inFlight.length ? `; ${inFlight.length} cluster upgrade(s) already requested continue on their own` : ''}`;
  pushEvent(state, now, message);
  return { message };
}

/** The failed clusters a retry applies to: those of the active wave (later waves have none). */
function retryTargets(snapshot: CampaignSnapshot, state: CampaignState, req: RetryFailedRequest): string[] {
  requireRunning(state);
  const wi = activeWaveIndex(state);
  const active = wi >= 0 ? new Set(snapshot.waves[wi]!.groups.flatMap((g) => g.clusters)) : new Set<string>();
  if (req?.clusters !== undefined) {
    if (!Array.isArray(req.clusters) || req.clusters.length === 0) refuse('clusters must be a non-empty list');
    return req.clusters.map((ref) => {
      const key = resolveClusterKey(snapshot, ref);
      if (state.clusters[key]!.phase !== 'Failed') refuse(`${key} has not failed (it is ${state.clusters[key]!.phase})`);
      if (!active.has(key)) refuse(`${key} failed in wave ${snapshot.waves[snapshot.clusters[key]!.wave]!.name}, which is completed: start a new campaign for it`);
      return key;
    });
  }
  const failed = [...active].filter((k) => state.clusters[k]!.phase === 'Failed');
  if (failed.length === 0) {
    const elsewhere = Object.entries(state.clusters).filter(([, c]) => c.phase === 'Failed').map(([k]) => k);
    refuse(
      elsewhere.length
        ? `no failed cluster in the active wave; ${elsewhere.join(', ')} failed in completed waves: start a new campaign for them`
        : 'no cluster has failed',
    );
  }
  return failed;
}

export function validateRetryFailed(snapshot: CampaignSnapshot, state: CampaignState, req: RetryFailedRequest): void {
  retryTargets(snapshot, state, req);
}

/**
 * Failed clusters go back to the queue with the same pinned steps (and the step they reached),
 * so they start again under the same concurrency cap. They may start while unhealthy: a failed
 * upgrade leaves the cluster mid-way, and the retry re-requests the same version (a no-op for
 * the cluster if it still has it) and waits for it to be reached. A pause for the failure budget
 * is lifted; an operator's pause is not.
 */
export function applyRetryFailed(snapshot: CampaignSnapshot, state: CampaignState, req: RetryFailedRequest, now: number): OperatorResult {
  const keys = retryTargets(snapshot, state, req);
  for (const key of keys) {
    const c = state.clusters[key]!;
    c.phase = 'NotStarted';
    c.reason = `retry requested (attempt ${c.attempts + 1}), same pinned ${snapshot.kind === 'staged' ? 'revision' : 'version'} ${snapshot.clusters[key]!.steps[c.step] ?? snapshot.targetVersion}`;
    c.retried = true;
    c.requested = false;
    delete c.finishedAt;
  }
  delete state.pause.failureBudget;
  const wi = activeWaveIndex(state);
  if (wi >= 0 && state.waves[wi]!.phase === 'Halted') state.waves[wi]!.phase = 'Running';
  const message = `retrying ${keys.length} failed cluster(s): ${keys.join(', ')}`;
  pushEvent(state, now, message);
  return { message };
}

