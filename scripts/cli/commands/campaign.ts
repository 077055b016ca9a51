import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { CampaignActionRefusedError, CampaignClient, CampaignSpecError } from '../../client/CampaignClient';
import type { CapstanClient } from '../../client/CapstanClient';
import { snapshotCampaign, summarizeDescription, validateCampaignSpec, type CampaignSpec, type CampaignStatusView, type FleetCluster, type OperatorResult } from '../../../shared/planners/campaign';
import { CliError, withClient } from '../globalOptions';
import { formatCampaignStatus } from '../render/campaignStatus';
import { registerCampaignSchedule } from './campaignSchedule';
import { parseOutputFormat, printStructured } from '../render/output';

/**
 * `capstan campaign start|status|approve|pause|resume|skip-cluster|skip-wave|abort|retry-failed`:
 * fleet upgrade campaigns (`campaign/<name>` workflows). `start -f FILE` validates the spec and
 * previews it against the fleet (refusing bad input by field, before anything starts); `status`
 * shows waves, clusters, reasons and timings, live with `--watch`.
 */
export function registerCampaign(program: Command): void {
  const campaign = program.command('campaign').description('fleet upgrade campaigns: waves, groups, soak and approval gates');

  campaign
    .command('start')
    .description('start an upgrade campaign from a spec file (YAML or JSON)')
    .requiredOption('-f, --filename <file>', 'the campaign spec')
    .option('--dry-run', 'resolve the clusters and print the waves, without starting')
    .option('--watch', 'show the campaign live until it ends')
    .action(async (opts: { filename: string; dryRun?: boolean; watch?: boolean }, cmd: Command) => {
      const spec = readSpec(opts.filename);
      await withClient(cmd, async (client) => {
        const preview = await preflight(client, spec);
        if (opts.dryRun) {
          console.log(preview);
          return;
        }
        const campaigns = new CampaignClient(client.client, client.taskQueue);
        await campaigns.start(spec).catch((err: unknown) => {
          throw err instanceof CampaignSpecError ? new CliError(err.message, 2) : err;
        });
        console.log(`campaign ${spec.name} started (workflow campaign/${spec.name})\n${preview}`);
        if (opts.watch) await watch(campaigns, spec.name);
      });
    });

  campaign
    .command('status <name>')
    .description('waves, clusters, reasons and timings of a campaign')
    .option('-o, --output <format>', 'json|yaml')
    .option('-w, --watch', 'redraw on every change until the campaign ends')
    .option('--events <n>', 'recent events to show', '8')
    .action(async (name: string, opts: { output?: string; watch?: boolean; events: string }, cmd: Command) => {
      const format = parseOutputFormat(opts.output);
      await withClient(cmd, async (client) => {
        const campaigns = new CampaignClient(client.client, client.taskQueue);
        if (opts.watch) return watch(campaigns, name, Number(opts.events));
        const s = await campaigns.status(name);
        if (format !== 'table') return printStructured(s, format);
        console.log(formatCampaignStatus(s, Date.now(), { events: Number(opts.events) }));
      });
    });

  const act = (
    verb: string,
    description: string,
    configure: (c: Command) => Command,
    run: (campaigns: CampaignClient, name: string, args: string[], opts: Record<string, unknown>) => Promise<OperatorResult>,
  ) => {
    configure(campaign.command(verb).description(description)).action(async (...all: unknown[]) => {
      const cmd = all[all.length - 1] as Command;
      const opts = all[all.length - 2] as Record<string, unknown>;
      const [name, ...args] = all.slice(0, -2) as string[];
      await withClient(cmd, async (client) => {
        const campaigns = new CampaignClient(client.client, client.taskQueue);
        try {
          console.log((await run(campaigns, name!, args, opts)).message);
        } catch (err) {
          if (err instanceof CampaignActionRefusedError) throw new CliError(`campaign ${name} refused ${verb}: ${err.message}`, 2);
          throw err;
        }
      });
    });
  };

  act(
    'approve',
    'approve the gate awaiting approval (soak and approval run together; both must complete)',
    (c) => c.argument('<name>').option('--wave <wave>', 'the wave (when several gates await approval)').option('--group <group>', 'a group of the wave').option('--by <who>', 'who approves', process.env.USER),
    (k, name, _a, o) => k.approve(name, { ...(o.wave ? { wave: String(o.wave) } : {}), ...(o.group ? { group: String(o.group) } : {}), ...(o.by ? { by: String(o.by) } : {}) }),
  );
  act('pause', 'stop starting cluster upgrades (those already requested finish)', (c) => c.argument('<name>').option('--reason <text>'), (k, name, _a, o) =>
    k.pause(name, o.reason ? { reason: String(o.reason) } : {}),
  );
  act('resume', 'resume a paused campaign (refused while a failure budget is still exceeded)', (c) => c.argument('<name>'), (k, name) => k.resume(name));
  act('skip-cluster', 'skip a cluster that is not upgrading', (c) => c.argument('<name>').argument('<cluster>', 'namespace/name, or a unique name').option('--reason <text>'), (k, name, [cluster], o) =>
    k.skipCluster(name, { cluster: cluster!, ...(o.reason ? { reason: String(o.reason) } : {}) }),
  );
  act('skip-wave', 'skip the clusters of a wave not yet upgrading, and its gates', (c) => c.argument('<name>').argument('<wave>').option('--reason <text>'), (k, name, [wave], o) =>
    k.skipWave(name, { wave: wave!, ...(o.reason ? { reason: String(o.reason) } : {}) }),
  );
  act('abort', 'end the campaign (cluster upgrades already requested continue on their own)', (c) => c.argument('<name>').option('--reason <text>'), (k, name, _a, o) =>
    k.abort(name, o.reason ? { reason: String(o.reason) } : {}),
  );
  registerCampaignSchedule(campaign, readSpec);

  act(
    'retry-failed',
    'queue the failed clusters of the active wave again, with the same pinned versions',
    (c) => c.argument('<name>').option('--cluster <cluster...>', 'only these clusters'),
    (k, name, _a, o) => k.retryFailed(name, Array.isArray(o.cluster) ? { clusters: o.cluster.map(String) } : {}),
  );
}

function readSpec(file: string): CampaignSpec {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`-f ${file}: ${err instanceof Error ? err.message : String(err)}`, 2);
  }
  const issues = validateCampaignSpec(raw);
  if (issues.length) throw new CliError(new CampaignSpecError(issues).message, 2);
  return raw as CampaignSpec;
}

/**
 * The same resolution the workflow makes at start (visibility lists, each cluster's own describe
 * decides), so problems that need the fleet — a downgrade, a missing intermediate version, a
 * cluster in no wave — are refused here before the campaign exists. The workflow resolves again
 * at start; that snapshot is the one it keeps.
 */
async function preflight(client: CapstanClient, spec: CampaignSpec): Promise<string> {
  const entries = await client.list({
    ...(spec.clusters?.namespace ? { namespace: spec.clusters.namespace } : {}),
    labels: spec.clusters?.selector?.matchLabels ?? {},
  });
  const fleet: FleetCluster[] = entries.flatMap((e) =>
    e.description
      ? [{ namespace: e.namespace, name: e.name, labels: e.description.labels, version: e.description.version, observation: summarizeDescription(`${e.namespace}/${e.name}`, e.description, { seq: 0, at: 0 }) }]
      : [],
  );
  const r = snapshotCampaign(spec, fleet, Date.now());
  if (!r.ok) throw new CliError(new CampaignSpecError(r.issues).message, 2);
  const lines = r.snapshot.waves.map((w, i) => {
    const keys = w.groups.flatMap((g) => g.clusters);
    const gates = [w.gate.soakSeconds ? `soak ${w.gate.soakSeconds / 3600}h` : '', w.gate.requireApproval ? 'approval' : ''].filter(Boolean).join(', ');
    return `  wave ${i + 1} "${w.name}": ${keys.length} cluster(s), maxConcurrency ${w.gate.maxConcurrency}, maxAllowedFailures ${w.gate.maxAllowedFailures}${gates ? `, ${gates}` : ''}: ${keys.join(' ')}`;
  });
  const multi = Object.values(r.snapshot.clusters).filter((c) => c.steps.length > 1);
  const unanswered = entries.filter((e) => !e.description).map((e) => `${e.namespace}/${e.name}`);
  return [
    `${Object.keys(r.snapshot.clusters).length} cluster(s) to ${r.snapshot.targetVersion} in ${r.snapshot.waves.length} wave(s):`,
    ...lines,
    ...(r.snapshot.kind === 'staged' ? [`  revisions: ${Object.values(r.snapshot.clusters).map((c) => `${c.key} ${c.steps[0]}`).join(', ')}`] : []),
    ...(multi.length ? [`  several steps: ${multi.map((c) => `${c.key} ${c.fromVersion} → ${c.steps.join(' → ')}`).join('; ')}`] : []),
    ...(unanswered.length ? [`  not answering now (left to the campaign, which waits for them): ${unanswered.join(', ')}`] : []),
  ].join('\n');
}

async function watch(campaigns: CampaignClient, name: string, events = 8): Promise<void> {
  let drawn = 0;
  let last = '';
  for (;;) {
    let s: CampaignStatusView | undefined;
    try {
      s = await campaigns.status(name);
    } catch (err) {
      if (!/resolving/.test(String(err))) throw err;
    }
    if (s) {
      const text = formatCampaignStatus(s, Date.now(), { events });
      if (text !== last) {
        if (process.stdout.isTTY && drawn > 0) process.stdout.write(`\x1b[${drawn}A\x1b[J`);
        process.stdout.write(`${text}\n`);
        drawn = text.split('\n').length;
        last = text;
      }
      if (s.phase === 'Completed' || s.phase === 'CompletedWithFailures' || s.phase === 'Aborted') return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
