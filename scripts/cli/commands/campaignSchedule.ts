import type { Command } from 'commander';
import { CampaignSpecError } from '../../client/CampaignClient';
import { CampaignSchedules, type CampaignScheduleView } from '../../client/CampaignSchedules';
import { ScheduleInputError } from '../../client/campaignScheduleSpec';
import type { CampaignSpec } from '../../../shared/planners/campaign';
import { CliError, withClient } from '../globalOptions';
import { parseOutputFormat, printStructured } from '../render/output';
import { formatCampaignSchedule } from '../render/campaignSchedule';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `capstan campaign schedule create|list|describe|pause|unpause|trigger|backfill|delete`: Temporal
 * Schedules that start upgrade campaigns (overlap SKIP, an explicit catch-up window). The same
 * Schedules show on the Web UI's Schedules page and answer `temporal schedule ...`.
 */
export function registerCampaignSchedule(campaign: Command, readSpec: (file: string) => CampaignSpec): void {
  const schedule = campaign.command('schedule').description('Temporal Schedules that start upgrade campaigns (cron or calendar)');

  schedule
    .command('create')
    .description('schedule a campaign spec: every matching time starts a run, campaign/<name>-<time>')
    .requiredOption('-f, --filename <file>', 'the campaign spec (pinned into the Schedule now)')
    .option('--cron <expr>', 'cron expression, e.g. "0 2 * * TUE" (repeatable)', collect)
    .option('--calendar <spec>', 'calendar spec, e.g. "dayOfWeek=TUESDAY,hour=2" (repeatable)', collect)
    .option('--timezone <tz>', 'IANA time zone of the times', 'UTC')
    .option('--catchup-window <duration>', 'how late a run missed while the server was down may still start', '1h')
    .option('--paused', 'create it paused')
    .option('--note <text>', 'a note shown with the Schedule')
    .action(async (opts: { filename: string; cron?: string[]; calendar?: string[]; timezone: string; catchupWindow: string; paused?: boolean; note?: string }, cmd: Command) => {
      const spec = readSpec(opts.filename);
      await withClient(cmd, async (client) => {
        const schedules = new CampaignSchedules(client.client, client.taskQueue);
        try {
          await schedules.create({
            spec,
            ...(opts.cron ? { cron: opts.cron } : {}),
            ...(opts.calendar ? { calendars: opts.calendar } : {}),
            timezone: opts.timezone,
            catchupWindow: opts.catchupWindow,
            ...(opts.paused ? { paused: true } : {}),
            ...(opts.note ? { note: opts.note } : {}),
          });
        } catch (err) {
          if (err instanceof ScheduleInputError || err instanceof CampaignSpecError) throw new CliError(err.message, 2);
          throw err;
        }
        console.log(formatCampaignSchedule(await schedules.describe(spec.name)));
      });
    });

  schedule
    .command('list')
    .description('every campaign schedule')
    .option('-o, --output <format>', 'json|yaml')
    .action(async (opts: { output?: string }, cmd: Command) => {
      const format = parseOutputFormat(opts.output);
      await withClient(cmd, async (client) => {
        const views = await new CampaignSchedules(client.client, client.taskQueue).list();
        if (format !== 'table') return printStructured(views, format);
        console.log(views.length ? views.map(summaryLine).join('\n') : 'no campaign schedules');
      });
    });

  schedule
    .command('describe <name>')
    .description('spec, policies, next times and the runs started so far')
    .option('-o, --output <format>', 'json|yaml')
    .action(async (name: string, opts: { output?: string }, cmd: Command) => {
      const format = parseOutputFormat(opts.output);
      await withClient(cmd, async (client) => {
        const view = await new CampaignSchedules(client.client, client.taskQueue).describe(name);
        if (format !== 'table') return printStructured(view, format);
        console.log(formatCampaignSchedule(view));
      });
    });

  const simple = (verb: string, description: string, run: (s: CampaignSchedules, name: string, opts: { note?: string }) => Promise<void>, done: string) => {
    schedule
      .command(`${verb} <name>`)
      .description(description)
      .option('--note <text>', 'why (shown with the Schedule)')
      .action(async (name: string, opts: { note?: string }, cmd: Command) => {
        await withClient(cmd, async (client) => {
          await run(new CampaignSchedules(client.client, client.taskQueue), name, opts);
          console.log(`campaign schedule ${name} ${done}`);
        });
      });
  };
  simple('pause', 'start no runs until unpaused', (s, name, o) => s.pause(name, o.note), 'paused');
  simple('unpause', 'start runs again at the next matching time', (s, name, o) => s.unpause(name, o.note), 'unpaused');
  simple('trigger', 'start a run now (skipped if a run is still going)', (s, name) => s.trigger(name), 'triggered');
  simple('delete', 'delete the Schedule (runs already started continue)', (s, name) => s.delete(name), 'deleted');

  schedule
    .command('backfill <name>')
    .description('take the runs the Schedule would have started in a past window, one after another (BUFFER_ALL)')
    .requiredOption('--from <time>', 'window start (ISO 8601)')
    .requiredOption('--to <time>', 'window end (ISO 8601)')
    .action(async (name: string, opts: { from: string; to: string }, cmd: Command) => {
      const from = new Date(opts.from);
      const to = new Date(opts.to);
      if (Number.isNaN(from.getTime())) throw new CliError(`--from: "${opts.from}" is not an ISO 8601 time`, 2);
      if (Number.isNaN(to.getTime())) throw new CliError(`--to: "${opts.to}" is not an ISO 8601 time`, 2);
      if (!(from < to)) throw new CliError(`--from must be before --to`, 2);
      await withClient(cmd, async (client) => {
        await new CampaignSchedules(client.client, client.taskQueue).backfill(name, from, to);
        console.log(`campaign schedule ${name}: backfill ${from.toISOString()} .. ${to.toISOString()} requested (runs queue one after another)`);
      });
    });
}

function summaryLine(v: CampaignScheduleView): string {
  const when = [...v.cron, ...v.calendars].join(' | ');
  return `${v.campaign.padEnd(24)} ${v.paused ? 'PAUSED ' : 'ACTIVE '} to ${v.targetVersion.padEnd(9)} ${when}  next ${v.nextRuns[0] ?? '-'}`;
}
