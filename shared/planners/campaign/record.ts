import { pushEvent } from './plan';
import type { CampaignSnapshot, CampaignState, ClusterObservation, StartRequest } from './types';

/**
 * Folding the results of the workflow's activities into the campaign state (the "record status"
 * step): pure, so the workflow stays a thin loop and these rules are unit-tested.
 */

/**
 * Keeps, per cluster, the latest read (by sequence number: a slow watch never overwrites a newer
 * read), stamped with when it arrived (`now`, workflow time).
 */
export function recordObservations(state: CampaignState, observations: readonly ClusterObservation[], now?: number): void {
  for (const o of observations) {
    if (!state.clusters[o.key]) continue;
    const prev = state.observations[o.key];
    if (!prev || prev.seq <= o.seq) state.observations[o.key] = now === undefined ? o : { ...o, receivedAt: now };
  }
}

/** The cluster accepted the upgrade Update (or already wanted that version): wait for reads after this point. */
export function recordUpgradeRequested(
  snapshot: CampaignSnapshot,
  state: CampaignState,
  req: StartRequest,
  result: { changed: boolean; alreadyRequested: boolean; generation?: number },
  now: number,
): void {
  const c = state.clusters[req.key];
  if (!c || c.phase !== 'Upgrading' || c.step !== req.step) return;
  c.requested = true;
  c.requestSeq = state.seq;
  const staged = snapshot.kind === 'staged';
  const change = staged ? `rollout of revision ${req.version}` : `upgrade to ${req.version}`;
  c.reason = result.alreadyRequested
    ? staged
      ? `the cluster had already promoted revision ${req.version}; waiting for its rollout`
      : `the cluster already had ${req.version} as its version; waiting for it to get there`
    : `${change} requested${result.generation !== undefined ? ` (cluster generation ${result.generation})` : ''}`;
  const of = snapshot.clusters[req.key]!.steps.length;
  pushEvent(state, now, `${req.key}: ${change} requested${of > 1 ? ` (step ${req.step + 1} of ${of})` : ''}${result.alreadyRequested ? ' (already under way)' : ''}`);
}

/** The cluster refused the Update (validator), or could not be reached for it: the cluster fails. */
export function recordUpgradeRefused(state: CampaignState, req: StartRequest, message: string, now: number, staged = false): void {
  const c = state.clusters[req.key];
  if (!c || c.phase !== 'Upgrading' || c.step !== req.step) return;
  c.phase = 'Failed';
  c.reason = `could not request the ${staged ? `rollout of revision ${req.version}` : `upgrade to ${req.version}`}: ${message}`;
  c.requested = false;
  c.finishedAt = now;
  delete c.retried;
  pushEvent(state, now, `${req.key}: failed: ${c.reason}`);
}
