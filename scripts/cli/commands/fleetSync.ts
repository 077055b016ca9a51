import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { FleetSyncPass, FleetSyncStatus } from '../../../workflows/fleetSync/definitions';
import { FleetSyncClient } from '../../client/FleetSyncClient';
import { CliError, withClient } from '../globalOptions';
import { loadRepositoryOrRefuse } from './gitops';

/** One pass in one line: when, what commit, what it did. */
export function formatPass(p: FleetSyncPass): string {
  if (!p.ok) return `${p.at} error: ${p.error}`;
  const r = p.run;
  const c = r.counts;
  const head = `${p.at} ${r.status}${r.commit ? ` at ${r.commit.slice(0, 12)}` : ''} (${r.files} file(s), ${p.durationMs} ms)`;
  if (r.status === 'Invalid') return `${head}: ${r.issueCount} validation error(s), nothing applied\n${r.issues.map((i) => `    ${i}`).join('\n')}`;
  const changes = r.changes.map((x) => `    ${x.key} ${x.action}${x.error ? `: ${x.error}` : ''}`).join('\n');
  return `${head}: ${c.created} created, ${c.configured} configured, ${c.staged ? `${c.staged} staged, ` : ''}${c.held ? `${c.held} waiting for a campaign, ` : ''}${c.deleted} deleted, ${c.failed} failed, ${c.unchanged} unchanged${c.wouldPrune ? `, ${c.wouldPrune} would be pruned (--prune)` : ''}${changes ? `\n${changes}` : ''}`;
}

export function formatSyncStatus(s: FleetSyncStatus): string[] {
  return [
    `repository ${s.repoId}: ${s.dir} every ${s.intervalSeconds}s${s.prune ? ', pruning' : ''}${s.stopping ? ' (stopping)' : ''}`,
    `passes: ${s.passes}${s.nextPassAt ? `, next at ${s.nextPassAt}` : ''}`,
    ...(s.last ? [`last:   ${formatPass(s.last)}`] : []),
    ...(s.lastChange && s.lastChange !== s.last && s.lastChange.at !== s.last?.at ? [`last change: ${formatPass(s.lastChange)}`] : []),
  ];
}

const fleetSync = async <T>(cmd: Command, fn: (c: FleetSyncClient) => Promise<T>): Promise<T> =>
  withClient(cmd, (capstan) => fn(new FleetSyncClient(capstan.client, capstan.taskQueue)));

export function registerFleetSync(program: Command): void {
  program
    .command('sync-start <dir>')
    .description('start the continuous GitOps sync of a checkout (workflow fleet-sync/<repo-id>): re-read and apply it every --interval')
    .option('--repo-id <id>', 'the repository id (label capstan.io/gitops-repo); default: the directory name')
    .option('--prune', 'delete the clusters of this repository that it no longer declares')
    .option('--interval <seconds>', 'seconds between passes (at least 5)', '60')
    .action(async (dir: string, opts: { repoId?: string; prune?: boolean; interval: string }, cmd: Command) => {
      // Refused here first when it does not compile; the worker reads the same path on every pass.
      const repo = loadRepositoryOrRefuse(dir, opts.repoId);
      const settings = { dir: resolve(dir), repoId: repo.repoId, prune: opts.prune ?? false, intervalSeconds: Number(opts.interval) };
      const id = await fleetSync(cmd, (c) => c.start(settings)).catch((err: unknown) => {
        throw new CliError(err instanceof Error ? err.message : String(err), 1);
      });
      console.log(`started ${id}: ${settings.dir} every ${settings.intervalSeconds}s${settings.prune ? ', pruning' : ''}`);
    });
  program
    .command('sync-status <repo-id>')
    .description('show the continuous sync of a repository: settings, the last pass and the last change')
    .action(async (repoId: string, _opts: unknown, cmd: Command) => {
      formatSyncStatus(await fleetSync(cmd, (c) => c.status(repoId))).forEach((l) => console.log(l));
    });
  program
    .command('sync-now <repo-id>')
    .description('run a pass of the continuous sync now and print it')
    .action(async (repoId: string, _opts: unknown, cmd: Command) => {
      const pass = await fleetSync(cmd, (c) => c.syncNow(repoId));
      console.log(formatPass(pass));
      if (!pass.ok || pass.run.status !== 'Synced') throw new CliError('', 1);
    });
  program
    .command('sync-stop <repo-id>')
    .description('stop the continuous sync after the pass in flight')
    .action(async (repoId: string, _opts: unknown, cmd: Command) => {
      const s = await fleetSync(cmd, (c) => c.stop(repoId));
      console.log(`stopped fleet-sync/${repoId} after ${s.passes} pass(es)`);
    });
}
