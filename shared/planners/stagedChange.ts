/**
 * Staged changes: a ClusterClass change that would replace machines, held in the cluster's own
 * workflow instead of rolling out at once (the class's `capstan.io/rollout-policy: Campaign`).
 * `capstan sync` stages it; an upgrade campaign with `stagedChanges: true` (or `capstan promote`)
 * promotes it, cluster by cluster, wave by wave. Pure: the workflow keeps the state.
 */
import { canonicalJson } from '../canonicalJson';
import type { DesiredCluster } from '../model/desired';
import { stableHash } from '../naming';
import { rolloutImpact } from './gitops/rolloutImpact';

export interface StagedChange {
  /** stagedRevisionOf(desired): what a campaign pins and promotes */
  revision: string;
  desired: DesiredCluster;
  stagedAt: string;
  /** which owners replace machines once promoted, and why (rolloutImpact) */
  rollouts: string[];
}

/** What `describe` shows of a staged change (never the whole desired state). */
export interface StagedChangeView {
  revision: string;
  stagedAt: string;
  rollouts: string[];
  /** the ClusterClass of the staged desired state, when topology-based */
  clusterClass?: string;
}

/** A desired state's revision: the same state always gives the same 6 characters. */
export function stagedRevisionOf(desired: DesiredCluster): string {
  return stableHash(canonicalJson(desired));
}

export type StageOutcome =
  | { kind: 'Staged'; staged: StagedChange }
  | { kind: 'AlreadyStaged'; staged: StagedChange }
  /** the change is what the cluster already has: nothing to stage, and a stale staged change is dropped */
  | { kind: 'AlreadyApplied' };

/** What staging `next` does, given what the cluster holds (idempotent: the same state stages once). */
export function planStage(current: DesiredCluster, staged: StagedChange | undefined, next: DesiredCluster, now: string): StageOutcome {
  if (canonicalJson(next) === canonicalJson(current)) return { kind: 'AlreadyApplied' };
  const revision = stagedRevisionOf(next);
  if (staged?.revision === revision) return { kind: 'AlreadyStaged', staged };
  return { kind: 'Staged', staged: { revision, desired: next, stagedAt: now, rollouts: rolloutImpact(current, next).rollouts } };
}

/**
 * Why promoting `revision` is refused, or undefined. Promoting the revision promoted last (and
 * not staged again since) is accepted as a no-op, so a retried promotion is harmless.
 */
export function promotionRefusal(staged: StagedChange | undefined, promotedRevision: string | undefined, revision: string): string | undefined {
  if (!staged) {
    if (promotedRevision === revision) return undefined;
    return `nothing is staged (revision ${revision} is not staged${promotedRevision ? `; ${promotedRevision} was promoted last` : ''})`;
  }
  if (staged.revision !== revision) {
    return `the staged change is revision ${staged.revision}, not ${revision}: it was staged again since (sync the campaign's pinned revision or start a new campaign)`;
  }
  return undefined;
}

export function stagedChangeView(staged: StagedChange | undefined): StagedChangeView | undefined {
  if (!staged) return undefined;
  return {
    revision: staged.revision,
    stagedAt: staged.stagedAt,
    rollouts: staged.rollouts,
    ...(staged.desired.topology ? { clusterClass: staged.desired.topology.class } : {}),
  };
}
