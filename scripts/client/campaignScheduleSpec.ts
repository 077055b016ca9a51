import type { CalendarSpec, DayOfWeek, Month, ScheduleSpec } from '@temporalio/client';
import { parseGoDuration } from '../../shared/model/rules/duration';

/** What `capstan campaign schedule create` asks for, before it becomes a Temporal ScheduleSpec. */
export interface CampaignScheduleInput {
  /** cron expressions, e.g. `0 2 * * TUE` (Temporal's cron: 5 fields, or with seconds/years) */
  cron?: string[];
  /** calendar specs as `field=value,...`, e.g. `dayOfWeek=TUESDAY,hour=2` */
  calendars?: string[];
  /** IANA time zone the times are in (default UTC) */
  timezone?: string;
  /**
   * How late a missed run may still start (the server was down at its time): a Go duration,
   * e.g. `1h`. Always explicit, so nobody is surprised by Temporal's one-year default.
   */
  catchupWindow: string;
}

export interface ScheduleInputIssue {
  field: string;
  rule: string;
  message: string;
}

export class ScheduleInputError extends Error {
  constructor(readonly issues: ScheduleInputIssue[]) {
    super(`invalid schedule:\n${issues.map((i) => `  - ${i.field}: ${i.message} [${i.rule}]`).join('\n')}`);
    this.name = 'ScheduleInputError';
  }
}

const DAYS: readonly DayOfWeek[] = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];
const MONTHS: readonly Month[] = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];
const NUMERIC: Record<string, [number, number]> = { second: [0, 59], minute: [0, 59], hour: [0, 23], dayOfMonth: [1, 31], year: [2000, 2200] };
/** the longest catch-up window accepted: a campaign that starts a month late is a surprise, not a catch-up */
const MAX_CATCHUP_MS = 7 * 24 * 3600_000;

/**
 * Validates the whole input at once (every issue, each naming its flag) and builds the spec.
 * Nothing reaches the server unless all of it is valid.
 */
export function buildCampaignScheduleSpec(input: CampaignScheduleInput): { spec: ScheduleSpec; catchupWindowMs: number } {
  const issues: ScheduleInputIssue[] = [];
  const cron = input.cron ?? [];
  const calendarTexts = input.calendars ?? [];
  if (cron.length === 0 && calendarTexts.length === 0) {
    issues.push({ field: '--cron/--calendar', rule: 'required', message: 'give at least one --cron expression or --calendar spec: when the campaign starts' });
  }
  cron.forEach((c, i) => {
    const fields = c.trim().split(/\s+/).filter((f) => !/^(CRON_)?TZ=/.test(f));
    if (c.startsWith('@')) return; // @daily, @every 24h...: the server parses those
    if (fields.length < 5 || fields.length > 7) {
      issues.push({ field: `--cron[${i}]`, rule: 'cron-fields', message: `"${c}" has ${fields.length} fields; a cron expression has 5 (minute hour day-of-month month day-of-week), optionally with seconds and years` });
    }
  });
  const calendars: CalendarSpec[] = [];
  calendarTexts.forEach((text, i) => {
    const spec = parseCalendar(text, `--calendar[${i}]`, issues);
    if (spec) calendars.push(spec);
  });
  const catchupSeconds = parseGoDuration(input.catchupWindow);
  const catchupWindowMs = catchupSeconds === undefined ? undefined : Math.round(catchupSeconds * 1000);
  if (catchupWindowMs === undefined) {
    issues.push({ field: '--catchup-window', rule: 'duration', message: `"${input.catchupWindow}" is not a duration like 30m or 2h` });
  } else if (catchupWindowMs < 10_000 || catchupWindowMs > MAX_CATCHUP_MS) {
    issues.push({ field: '--catchup-window', rule: 'range', message: `must be between 10s (Temporal's minimum) and 168h, not ${input.catchupWindow}` });
  }
  if (input.timezone !== undefined && !isTimeZone(input.timezone)) {
    issues.push({ field: '--timezone', rule: 'iana-time-zone', message: `"${input.timezone}" is not an IANA time zone such as UTC or Europe/Berlin` });
  }
  if (issues.length > 0) throw new ScheduleInputError(issues);
  return {
    spec: {
      ...(cron.length ? { cronExpressions: cron } : {}),
      ...(calendars.length ? { calendars } : {}),
      timezone: input.timezone ?? 'UTC',
    },
    catchupWindowMs: catchupWindowMs!,
  };
}

/** `dayOfWeek=TUESDAY,hour=2,minute=30`; a value may be a range `1-5` or alternatives `MONDAY|THURSDAY`. */
export function parseCalendar(text: string, field: string, issues: ScheduleInputIssue[]): CalendarSpec | undefined {
  const spec: Record<string, unknown> = {};
  const before = issues.length;
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    const value = eq > 0 ? part.slice(eq + 1).trim() : '';
    if (!key || !value) {
      issues.push({ field, rule: 'key=value', message: `"${part}" must be field=value, e.g. hour=2` });
      continue;
    }
    const alternatives = value.split('|');
    if (key === 'dayOfWeek' || key === 'month') {
      const names = key === 'dayOfWeek' ? DAYS : MONTHS;
      const parsed = alternatives.map((a) => parseNamed(a, names));
      if (parsed.some((p) => p === undefined)) {
        issues.push({ field, rule: key, message: `${key}=${value}: use ${names[0]}..${names[names.length - 1]} (3-letter forms work), a range A-B, or A|B` });
        continue;
      }
      spec[key] = parsed.length === 1 ? parsed[0] : parsed;
    } else if (key in NUMERIC) {
      const [min, max] = NUMERIC[key]!;
      const parsed = alternatives.map((a) => parseNumeric(a, min, max));
      if (parsed.some((p) => p === undefined)) {
        issues.push({ field, rule: key, message: `${key}=${value}: use whole numbers ${min}-${max}, a range A-B, or A|B` });
        continue;
      }
      spec[key] = parsed.length === 1 ? parsed[0] : parsed;
    } else {
      issues.push({ field, rule: 'calendar-field', message: `unknown field "${key}"; use second, minute, hour, dayOfMonth, month, year, dayOfWeek` });
    }
  }
  if (issues.length > before) return undefined;
  if (Object.keys(spec).length === 0) {
    issues.push({ field, rule: 'required', message: 'an empty calendar spec would fire at midnight every day; name at least one field' });
    return undefined;
  }
  return { ...spec, comment: text } as CalendarSpec;
}

function parseNamed<T extends string>(text: string, names: readonly T[]): T | { start: T; end: T } | undefined {
  const one = (t: string): T | undefined => names.find((n) => n === t.toUpperCase() || n.slice(0, 3) === t.toUpperCase());
  const [a, b, ...rest] = text.split('-');
  if (rest.length) return undefined;
  const start = one(a ?? '');
  if (b === undefined) return start;
  const end = one(b);
  return start && end && names.indexOf(start) <= names.indexOf(end) ? { start, end } : undefined;
}

function parseNumeric(text: string, min: number, max: number): number | { start: number; end: number } | undefined {
  const one = (t: string): number | undefined => (/^\d+$/.test(t) && Number(t) >= min && Number(t) <= max ? Number(t) : undefined);
  const [a, b, ...rest] = text.split('-');
  if (rest.length) return undefined;
  const start = one(a ?? '');
  if (b === undefined) return start;
  const end = one(b);
  return start !== undefined && end !== undefined && start <= end ? { start, end } : undefined;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
