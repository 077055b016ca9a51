import type { CampaignScheduleView } from '../../client/CampaignSchedules';

/** `capstan campaign schedule describe`: what starts when, under which policies, and what ran. */
export function formatCampaignSchedule(v: CampaignScheduleView): string {
  const lines = [
    `Schedule ${v.scheduleId}: campaign ${v.campaign} to ${v.targetVersion}${v.paused ? ' — PAUSED' : ''}`,
    ...(v.note ? [`  note:      ${v.note}`] : []),
    ...v.cron.map((c) => `  cron:      ${c}`),
    ...v.calendars.map((c) => `  calendar:  ${c}`),
    `  timezone:  ${v.timezone ?? 'UTC'}`,
    `  overlap:   ${v.overlap} (a run still going means that time is skipped)`,
    `  catch-up:  ${formatMs(v.catchupWindowMs)} (a time missed while the server was down starts this late at most)`,
    `  next:      ${v.nextRuns.slice(0, 3).join(', ') || '-'}`,
  ];
  if (v.runningCampaigns.length) lines.push(`  running:   ${v.runningCampaigns.join(', ')}  (capstan campaign status <name>)`);
  if (v.recentRuns.length) {
    lines.push('  runs:');
    for (const r of v.recentRuns) lines.push(`    ${r.scheduledAt}  ${r.campaign}`);
  }
  lines.push(`  also:      temporal schedule describe --schedule-id ${v.scheduleId}`);
  return lines.join('\n');
}

function formatMs(ms: number): string {
  if (ms % 3600_000 === 0) return `${ms / 3600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}
