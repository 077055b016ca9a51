import type { CampaignStatusView, ScopeStatusView, WaveStatusView } from '../../../shared/planners/campaign';
import { renderTable } from '../../sim/renderTable';

/**
 * `capstan campaign status NAME`: the campaign's state and what it waits for, one row per wave
 * (with its gates), one row per cluster (wave, group, phase, step, timing, reason), and the
 * latest events. Pure: `--watch` redraws it on every change.
 */
export function formatCampaignStatus(s: CampaignStatusView, now: number, opts: { events?: number } = {}): string {
  const out: string[] = [];
  out.push(`campaign ${s.name} → ${s.targetVersion}: ${s.phase}${s.activeWave ? ` (wave ${s.activeWave})` : ''}, started ${ago(s.startedAt, now)}${s.finishedAt ? `, finished ${ago(s.finishedAt, now)}` : ''}`);
  const c = s.counts;
  out.push(`clusters: ${c.Succeeded}/${c.total} upgraded, ${c.Upgrading} upgrading, ${c.Pending} pending, ${c.NotStarted} not started, ${c.Failed} failed, ${c.Skipped} skipped`);
  if (s.pausedBy?.failureBudget) out.push(`PAUSED (failure budget): ${s.pausedBy.failureBudget}`);
  if (s.pausedBy?.operator) out.push(`PAUSED (operator): ${s.pausedBy.operator}`);
  if (s.abortedReason) out.push(`ABORTED: ${s.abortedReason}`);
  if (s.waiting) out.push(`waiting: ${s.waiting}${s.wakeAt ? ` (wakes ${at(s.wakeAt, now)})` : ''}`);
  out.push('');
  out.push(
    renderTable(
      ['WAVE', 'PHASE', 'DONE', 'UPGRADING', 'FAILED', 'MAX', 'FAILURES', 'SOAK', 'GATE', 'STATUS'],
      s.waves.flatMap((w) => [waveRow(w, now), ...(w.groups.length > 1 ? w.groups.map((g) => waveRow(g, now, `  ${w.name}/`)) : [])]),
    ),
  );
  out.push('');
  out.push(
    renderTable(
      ['CLUSTER', 'WAVE', 'GROUP', 'PHASE', 'FROM', 'STEP', 'MACHINES', 'TIME', 'REASON'],
      s.waves.flatMap((w: WaveStatusView) =>
        w.clusters.map((cl) => [
          cl.cluster,
          w.name,
          cl.group,
          cl.attempts > 1 ? `${cl.phase} (attempt ${cl.attempts})` : cl.phase,
          cl.fromVersion,
          cl.steps.length === 0 ? '-' : cl.steps.length > 1 ? `${cl.stepVersion} (${cl.steps.indexOf(cl.stepVersion ?? '') + 1}/${cl.steps.length})` : (cl.stepVersion ?? '-'),
          cl.machinesAtStep ?? '',
          cl.durationSeconds !== undefined ? duration(cl.durationSeconds) : '',
          cl.reason,
        ]),
      ),
    ),
  );
  const events = s.events.slice(-(opts.events ?? 8));
  if (events.length) {
    out.push('');
    out.push('recent events:');
    for (const e of events) out.push(`  ${e.at.slice(0, 19).replace('T', ' ')}  ${e.message}`);
  }
  return out.join('\n');
}

function waveRow(w: ScopeStatusView, now: number, prefix = ''): string[] {
  const gate: string[] = [];
  if (w.requireApproval) gate.push(w.approvedAt ? `approved${w.approvedBy ? ` by ${w.approvedBy}` : ''}` : 'approval');
  if (w.soakUntil) gate.push(Date.parse(w.soakUntil) > now ? `soak until ${at(w.soakUntil, now)}` : 'soaked');
  return [
    `${prefix}${w.name}`,
    w.phase,
    `${w.succeeded}/${w.total}`,
    String(w.upgrading),
    String(w.failed),
    w.maxConcurrency === null ? '-' : String(w.maxConcurrency),
    w.maxAllowedFailures === null ? '-' : String(w.maxAllowedFailures),
    w.soak === '0s' ? '-' : w.soak,
    gate.join(', ') || '-',
    w.reason,
  ];
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(seconds / 86400)}d${Math.floor((seconds % 86400) / 3600)}h`;
}

function ago(iso: string, now: number): string {
  return `${duration(Math.max(0, Math.round((now - Date.parse(iso)) / 1000)))} ago`;
}

function at(iso: string, now: number): string {
  const delta = Math.round((Date.parse(iso) - now) / 1000);
  return `${iso.slice(0, 16).replace('T', ' ')}Z, in ${duration(Math.max(0, delta))}`;
}
