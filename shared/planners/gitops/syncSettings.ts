import { checkRepoId } from './labels';

/** The shortest interval between continuous sync passes: each pass reads every cluster it manages. */
export const MIN_SYNC_INTERVAL_SECONDS = 5;

/** Checks a continuous sync's settings; returns the refusal naming the field, or undefined. */
export function fleetSyncSettingsIssue(s: { dir?: string; repoId?: string; intervalSeconds?: number; prune?: unknown }): string | undefined {
  if (s.dir !== undefined && !s.dir.startsWith('/')) return `dir must be an absolute path (the worker reads it), got "${s.dir}"`;
  const badRepo = s.repoId === undefined ? undefined : checkRepoId(s.repoId);
  if (badRepo) return badRepo;
  if (s.intervalSeconds !== undefined && (!Number.isInteger(s.intervalSeconds) || s.intervalSeconds < MIN_SYNC_INTERVAL_SECONDS)) {
    return `intervalSeconds must be an integer of at least ${MIN_SYNC_INTERVAL_SECONDS}, got ${s.intervalSeconds}`;
  }
  if (s.prune !== undefined && typeof s.prune !== 'boolean') return 'prune must be true or false';
  return undefined;
}
