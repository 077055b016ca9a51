import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Context } from '@temporalio/activity';
import { formatIssue } from '../../shared/errors';
import { emptyPruneRefusal, type FleetSyncRun } from '../../shared/planners/gitops';
import type { FleetClusters } from './fleetClusters';
import { executeFleetSync, loadFleetRepository, planRepositorySync } from './fleetRepository';

export interface SyncFleetRepositoryInput {
  /** the checkout, as the worker sees it */
  dir: string;
  repoId?: string;
  prune: boolean;
}

/** At most this many issues and changes are returned (the result goes into workflow history). */
const MAX_LISTED = 50;

async function gitCommit(dir: string): Promise<string | undefined> {
  if (!existsSync(join(dir, '.git'))) return undefined;
  try {
    const { stdout } = await promisify(execFile)('git', ['-C', dir, 'rev-parse', 'HEAD'], { timeout: 10_000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined; // not a git checkout after all, or no commit yet: the fingerprint still says what was read
  }
}

/**
 * One pass of the continuous GitOps sync, the same as `capstan sync DIR`: read and compile the
 * checkout; if anything is invalid apply nothing (a half-valid repository must not half-apply);
 * else plan against fresh reads of the live clusters and apply creates, updates and, with
 * `prune`, deletes. Idempotent: a retried pass re-plans from what is live, and `apply` is a
 * no-op for a cluster already at its desired state.
 */
export function fleetSyncActivities(deps: { fleetClusters: () => Promise<FleetClusters> }) {
  return {
    async syncFleetRepository(input: SyncFleetRepositoryInput): Promise<FleetSyncRun> {
      const commit = await gitCommit(input.dir);
      const repo = loadFleetRepository(input.dir, input.repoId ? { repoId: input.repoId } : {});
      const base = { repoId: repo.repoId, files: repo.files.length, fingerprint: repo.fingerprint, ...(commit ? { commit } : {}) };
      const refuse = (issues: string[], issueCount = issues.length): FleetSyncRun => ({
        ...base,
        status: 'Invalid',
        issueCount,
        issues: issues.slice(0, MAX_LISTED),
        counts: { created: 0, configured: 0, staged: 0, held: 0, unchanged: 0, deleted: 0, failed: 0, wouldPrune: 0 },
        changes: [],
      });
      if (repo.issues.length > 0) return refuse(repo.issues.slice(0, MAX_LISTED).map(formatIssue), repo.issues.length);
      const fleet = await deps.fleetClusters();
      const plan = await planRepositorySync(fleet, repo, input.prune);
      // The CLI's --allow-empty has no continuous form: a one-off `capstan sync --prune --allow-empty` does it.
      const empty = emptyPruneRefusal(repo, plan);
      if (empty) return refuse([`${empty}; run \`capstan sync --prune --allow-empty\` once if that is meant`]);
      let done = 0;
      const outcomes = await executeFleetSync(fleet, plan, { onOutcome: () => Context.current().heartbeat({ applied: ++done }) });
      const count = (action: string) => outcomes.filter((o) => o.action === action).length;
      const failed = count('failed');
      return {
        ...base,
        status: failed > 0 ? 'PartiallyFailed' : 'Synced',
        issueCount: 0,
        issues: [],
        counts: {
          created: count('created'),
          configured: count('configured'),
          staged: count('staged'),
          held: plan.held.length,
          unchanged: plan.unchanged.length + count('unchanged'),
          deleted: count('deleted'),
          failed,
          wouldPrune: plan.deletes.filter((d) => !d.prune).length,
        },
        changes: outcomes.filter((o) => o.action !== 'unchanged').slice(0, MAX_LISTED),
      };
    },
  };
}
