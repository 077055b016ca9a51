import { buildCampaignScheduleSpec, ScheduleInputError } from '../../../scripts/client/campaignScheduleSpec';
import { scheduledCampaignRunName } from '../../../shared/planners/campaign';

function issuesOf(fn: () => unknown): Array<{ field: string; rule: string }> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScheduleInputError) return err.issues.map(({ field, rule }) => ({ field, rule }));
    throw err;
  }
  throw new Error('expected a ScheduleInputError');
}

describe('buildCampaignScheduleSpec', () => {
  it('builds cron and calendar specs with the time zone and the catch-up window', () => {
    const r = buildCampaignScheduleSpec({
      cron: ['0 2 * * TUE'],
      calendars: ['dayOfWeek=TUE|THURSDAY,hour=2-4,minute=30'],
      timezone: 'Europe/Berlin',
      catchupWindow: '90m',
    });
    expect(r.catchupWindowMs).toBe(90 * 60_000);
    expect(r.spec).toEqual({
      cronExpressions: ['0 2 * * TUE'],
      calendars: [{ dayOfWeek: ['TUESDAY', 'THURSDAY'], hour: { start: 2, end: 4 }, minute: 30, comment: 'dayOfWeek=TUE|THURSDAY,hour=2-4,minute=30' }],
      timezone: 'Europe/Berlin',
    });
  });

  it('defaults the time zone to UTC', () => {
    expect(buildCampaignScheduleSpec({ cron: ['@daily'], catchupWindow: '1h' }).spec.timezone).toBe('UTC');
  });

  it('refuses a schedule with no times', () => {
    expect(issuesOf(() => buildCampaignScheduleSpec({ catchupWindow: '1h' }))).toEqual([{ field: '--cron/--calendar', rule: 'required' }]);
  });

  it('names every bad flag at once', () => {
    expect(
      issuesOf(() =>
        buildCampaignScheduleSpec({
          cron: ['0 2 * *', '0 2 * * 1'],
          calendars: ['hour=25', 'dayOfWeek=FUNDAY', 'weekday=1', 'hour'],
          timezone: 'Mars/Olympus',
          catchupWindow: '30d',
        }),
      ),
    ).toEqual([
      { field: '--cron[0]', rule: 'cron-fields' },
      { field: '--calendar[0]', rule: 'hour' },
      { field: '--calendar[1]', rule: 'dayOfWeek' },
      { field: '--calendar[2]', rule: 'calendar-field' },
      { field: '--calendar[3]', rule: 'key=value' },
      { field: '--catchup-window', rule: 'duration' },
      { field: '--timezone', rule: 'iana-time-zone' },
    ]);
  });

  it('bounds the catch-up window: 10 s to 168 h', () => {
    expect(issuesOf(() => buildCampaignScheduleSpec({ cron: ['@daily'], catchupWindow: '5s' }))).toEqual([{ field: '--catchup-window', rule: 'range' }]);
    expect(issuesOf(() => buildCampaignScheduleSpec({ cron: ['@daily'], catchupWindow: '200h' }))).toEqual([{ field: '--catchup-window', rule: 'range' }]);
    expect(buildCampaignScheduleSpec({ cron: ['@daily'], catchupWindow: '168h' }).catchupWindowMs).toBe(168 * 3600_000);
  });

  it('refuses reversed ranges and an empty calendar', () => {
    expect(issuesOf(() => buildCampaignScheduleSpec({ calendars: ['hour=5-2'], catchupWindow: '1h' }))).toEqual([{ field: '--calendar[0]', rule: 'hour' }]);
    expect(issuesOf(() => buildCampaignScheduleSpec({ calendars: [' '], catchupWindow: '1h' }))).toEqual([{ field: '--calendar[0]', rule: 'required' }]);
  });
});

describe('scheduledCampaignRunName', () => {
  it('takes the run name from the ID a Schedule gives the run', () => {
    expect(scheduledCampaignRunName('weekly', 'campaign/weekly-2026-12-01T02:00:00Z')).toBe('weekly-2026-12-01T02:00:00Z');
  });

  it('refuses IDs that are not the spec name plus a suffix', () => {
    expect(scheduledCampaignRunName('weekly', 'campaign/weekly')).toBeUndefined();
    expect(scheduledCampaignRunName('weekly', 'campaign/weekly-')).toBeUndefined();
    expect(scheduledCampaignRunName('weekly', 'campaign/daily-2026-12-01T02:00:00Z')).toBeUndefined();
  });
});
