import { ApplicationFailure } from '@temporalio/common';
import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { GenericActivities } from '../../activities';
import { ErrorTypes } from '../../shared/errors';
import { fleetSyncSettingsIssue } from '../../shared/planners/gitops';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import { nowIso, nowMs } from '../common/time';
import {
  configureFleetSyncUpdate,
  fleetSyncStatusQuery,
  stopFleetSyncUpdate,
  syncNowUpdate,
  type FleetSyncCarried,
  type FleetSyncInput,
  type FleetSyncPass,
  type FleetSyncSettings,
} from './definitions';

// Generic activities run on the workflow's own task queue (the worker that can see the checkout).
// A pass over a large fleet applies many clusters: heartbeats come per applied cluster. Three
// attempts, then the pass is recorded as failed and the next interval tries again.
const sync = proxyActivities<GenericActivities>({
  startToCloseTimeout: '30m',
  retry: { initialInterval: '2s', maximumInterval: '30s', maximumAttempts: 3 },
});

const RECENT = 20;

/**
 * `fleet-sync/<repoId>`: the continuous form of `capstan sync DIR`. Every `intervalSeconds` (or
 * at once on `syncNow`) one activity re-reads the checkout and applies it exactly as the CLI
 * does: nothing when the repository does not compile, creates and updates through each
 * cluster's `apply` Update, deletes only with `prune`. The workflow keeps the audit: every pass's
 * headline (commit, changed, failed) and the last pass that changed something.
 */
export async function fleetSyncWorkflow(input: FleetSyncInput): Promise<FleetSyncCarried> {
  const invalid = fleetSyncSettingsIssue(input);
  if (invalid) throw ApplicationFailure.create({ type: ErrorTypes.InvalidSpec, message: invalid, nonRetryable: true });
  const settings: FleetSyncSettings = { dir: input.dir, repoId: input.repoId, prune: input.prune, intervalSeconds: input.intervalSeconds };
  const carried: FleetSyncCarried = input.carried ?? { passes: 0, recent: [] };
  let stopping = false;
  let requested = 0;
  let completed = 0;
  let nextPassAt: string | undefined;

  setHandler(fleetSyncStatusQuery, () => ({ ...settings, ...carried, stopping, ...(nextPassAt ? { nextPassAt } : {}) }));
  setHandler(
    syncNowUpdate,
    async () => {
      const mine = ++requested;
      await condition(() => completed >= mine);
      return carried.last!;
    },
    { validator: () => assertRunning(stopping) },
  );
  setHandler(
    configureFleetSyncUpdate,
    (change) => {
      Object.assign(settings, change);
      requested++; // a pass with the new settings now
      return { ...settings };
    },
    {
      validator: (change) => {
        assertRunning(stopping);
        const issue = fleetSyncSettingsIssue(change);
        if (issue) throw new Error(issue);
      },
    },
  );
  setHandler(stopFleetSyncUpdate, () => {
    stopping = true;
    return { ...settings, ...carried, stopping };
  });

  async function pass(): Promise<FleetSyncPass> {
    const at = nowIso();
    const started = nowMs();
    try {
      const run = await sync.syncFleetRepository({ dir: settings.dir, repoId: settings.repoId, prune: settings.prune });
      return { at, durationMs: nowMs() - started, ok: true, run };
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      return { at, durationMs: nowMs() - started, ok: false, error: cause ?? String(err) };
    }
  }

  function record(p: FleetSyncPass): void {
    carried.passes++;
    carried.last = p;
    const changed = p.ok ? p.run.counts.created + p.run.counts.configured + p.run.counts.deleted : 0;
    const failed = p.ok ? p.run.counts.failed : 1;
    if (changed > 0 || failed > 0 || (p.ok && p.run.status === 'Invalid')) carried.lastChange = p;
    const status = p.ok ? p.run.status : 'Error';
    carried.recent = [{ at: p.at, status, ...(p.ok && p.run.commit ? { commit: p.run.commit } : {}), changed, failed }, ...carried.recent].slice(0, RECENT);
  }

  while (!stopping) {
    const serving = requested;
    record(await pass());
    completed = serving;
    if (stopping) break;
    if (shouldContinueAsNew(input.continueAsNewAfterEvents) && requested === completed) {
      await drainHandlers();
      await continueAsNew<typeof fleetSyncWorkflow>({ ...settings, continueAsNewAfterEvents: input.continueAsNewAfterEvents, carried });
    }
    nextPassAt = new Date(nowMs() + settings.intervalSeconds * 1000).toISOString();
    await condition(() => stopping || requested > completed, settings.intervalSeconds * 1000);
    nextPassAt = undefined;
  }
  // A syncNow that raced the stop is answered with the last pass rather than left hanging.
  completed = requested;
  await drainHandlers();
  return carried;
}

function assertRunning(stopping: boolean): void {
  if (stopping) throw new Error('the sync is stopping');
}
