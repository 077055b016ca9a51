import type { Command } from 'commander';
import { formatIssue } from '../../../shared/errors';
import { emptyPruneRefusal, formatPlan, planHasChanges, type FleetSyncPlan } from '../../../shared/planners/gitops';
import type { CapstanClient } from '../../client/CapstanClient';
import { fleetClustersOf } from '../../client/fleetClusters';
import { executeFleetSync, loadFleetRepository, planRepositorySync, type FleetRepository } from '../../../activities/gitops/fleetRepository';
import { CliError, withClient } from '../globalOptions';
import { parseOutputFormat, printStructured } from '../render/output';

/** Where the commands print (console by default; tests capture it). */
export interface GitopsIo {
  out(line: string): void;
  err(line: string): void;
}
const consoleIo: GitopsIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

export interface GitopsOptions {
  repoId?: string;
  prune?: boolean;
  /** allow a plan that prunes while the repository declares no cluster at all */
  allowEmpty?: boolean;
  output?: string;
}

/**
 * Reads and compiles the repository; bad manifests are refused with the compiler's field errors
 * (exit 2) before the server is even contacted, as `capstan apply` does.
 */
export function loadRepositoryOrRefuse(dir: string, repoId?: string): FleetRepository {
  let repo: FleetRepository;
  try {
    repo = loadFleetRepository(dir, repoId !== undefined ? { repoId } : {});
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), 2);
  }
  if (repo.issues.length > 0) {
    throw new CliError(
      `${repo.issues.length} validation error(s) in ${repo.files.length} file(s) of ${dir}; nothing was applied:\n` +
        repo.issues.map((i) => `  ${formatIssue(i)}`).join('\n'),
      2,
    );
  }
  return repo;
}

/** The plan without the desired states (what `-o json` prints). */
function planView(plan: FleetSyncPlan, repo: FleetRepository) {
  return {
    repoId: plan.repoId,
    fingerprint: repo.fingerprint,
    creates: plan.creates.map((c) => ({ key: c.key, description: c.description })),
    updates: plan.updates.map((u) => ({ key: u.key, reason: u.reason, changes: u.changes, ...(u.impact ? { impact: u.impact } : {}) })),
    deletes: plan.deletes,
    unchanged: plan.unchanged,
    blocked: plan.blocked,
  };
}

function refuseEmptyPrune(repo: FleetRepository, plan: FleetSyncPlan, opts: GitopsOptions): void {
  const refusal = opts.allowEmpty ? undefined : emptyPruneRefusal(repo, plan);
  if (refusal) throw new CliError(`${refusal}. Pass --allow-empty if that is really meant.`, 2);
}

/** `capstan diff DIR`: exit 0 no differences, 1 differences, 2 invalid input (like `kubectl diff`). */
export async function gitopsDiff(capstan: CapstanClient, repo: FleetRepository, opts: GitopsOptions = {}, io: GitopsIo = consoleIo): Promise<number> {
  const format = parseOutputFormat(opts.output);
  const plan = await planRepositorySync(fleetClustersOf(capstan), repo, opts.prune ?? false);
  if (format !== 'table') printStructured(planView(plan, repo), format);
  else formatPlan(plan).forEach((l) => io.out(l));
  return planHasChanges(plan) ? 1 : 0;
}

/**
 * `capstan sync DIR`: the diff, then applied: creates and updates through the `apply` Update,
 * deletes (only with --prune) through the `delete` Update. Exit 0 when everything was applied,
 * 1 when a cluster was refused or blocked, 2 for invalid input.
 */
export async function gitopsSync(
  capstan: CapstanClient,
  repo: FleetRepository,
  opts: GitopsOptions & { dryRun?: boolean; wait?: boolean; timeoutMs?: number } = {},
  io: GitopsIo = consoleIo,
): Promise<number> {
  const plan = await planRepositorySync(fleetClustersOf(capstan), repo, opts.prune ?? false);
  refuseEmptyPrune(repo, plan, opts);
  formatPlan(plan).forEach((l) => io.out(l));
  if (opts.dryRun) {
    io.out('(dry run: nothing applied)');
    return 0;
  }
  const outcomes = await executeFleetSync(fleetClustersOf(capstan), plan, {
    wait: opts.wait ?? false,
    onOutcome: (o) =>
      o.action === 'failed'
        ? io.err(`cluster ${o.key} failed: ${o.error ?? ''}`)
        : io.out(`cluster ${o.key} ${o.action}${o.generation !== undefined ? ` (generation ${o.generation})` : ''}${o.revision ? ` (revision ${o.revision}: waits for a campaign)` : ''}`),
  });
  const failed = outcomes.filter((o) => o.action === 'failed');
  if (opts.wait) {
    const timeoutMs = opts.timeoutMs ?? 600_000;
    const applied = outcomes.filter((o) => o.action === 'created' || o.action === 'configured' || o.action === 'unchanged');
    await Promise.all(
      applied.map(async (o) => {
        const [namespace = '', name = ''] = o.key.split('/');
        await capstan.waitForReady({ namespace, name }, { timeoutMs });
      }),
    );
    io.out(`${applied.length} cluster(s) ready`);
  }
  io.out(
    `synced ${repo.dir} (repository ${repo.repoId}, fingerprint ${repo.fingerprint}): ` +
      `${outcomes.filter((o) => o.action === 'created').length} created, ${outcomes.filter((o) => o.action === 'configured').length} configured, ` +
      `${outcomes.some((o) => o.action === 'staged') ? `${outcomes.filter((o) => o.action === 'staged').length} staged, ` : ''}` +
      `${outcomes.filter((o) => o.action === 'deleted').length} deleted, ${failed.length} failed`,
  );
  return failed.length > 0 || plan.blocked.length > 0 ? 1 : 0;
}

export function registerGitops(program: Command): void {
  const common = (c: Command) =>
    c
      .option('--repo-id <id>', 'the repository id stamped on its clusters (label capstan.io/gitops-repo); default: the directory name')
      .option('--prune', 'delete the clusters of this repository that it no longer declares');
  common(
    program
      .command('diff <dir>')
      .description('show what `capstan sync DIR` would change (exit 0 no changes, 1 changes, 2 invalid input or error)')
      .option('-o, --output <format>', 'json|yaml: print the plan'),
  ).action(async (dir: string, opts: GitopsOptions, cmd: Command) => {
    parseOutputFormat(opts.output);
    const repo = loadRepositoryOrRefuse(dir, opts.repoId);
    let code = 0;
    try {
      code = await withClient(cmd, (client) => gitopsDiff(client, repo, opts));
    } catch (err) {
      // like kubectl diff: any failure is > 1, so "1" always means "differences"
      if (err instanceof CliError) throw err;
      throw new CliError(err instanceof Error ? err.message : String(err), 2);
    }
    if (code !== 0) throw new CliError('', code);
  });
  common(
    program
      .command('sync <dir>')
      .description('apply a fleet repository (clusterclasses/, extensions/, clusters/<env>/*.yaml): create, update and, with --prune, delete clusters')
      .option('--dry-run', 'print the plan only')
      .option('--allow-empty', 'with --prune, allow a repository that declares no cluster')
      .option('--wait', 'wait until every applied cluster is ready (and pruned ones are gone)')
      .option('--timeout <seconds>', 'with --wait, give up after this long', '600'),
  ).action(async (dir: string, opts: GitopsOptions & { dryRun?: boolean; wait?: boolean; timeout: string }, cmd: Command) => {
    const repo = loadRepositoryOrRefuse(dir, opts.repoId);
    const code = await withClient(cmd, (client) => gitopsSync(client, repo, { ...opts, timeoutMs: Number(opts.timeout) * 1000 }));
    if (code !== 0) throw new CliError('', code);
  });
}
