import type { ResolvedExclusionWindow, ResolvedMaintenanceWindow } from './types';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The opening (ms) of the occurrence of `w` that contains `now`, if any. */
function openOccurrence(w: ResolvedMaintenanceWindow, now: number): number | undefined {
  const today = Math.floor(now / DAY) * DAY;
  // A window of up to 24h that opened yesterday may still be open.
  for (const day of [today - DAY, today]) {
    const weekday = new Date(day).getUTCDay();
    if (!w.days.includes(weekday)) continue;
    const opens = day + w.startMinute * MINUTE;
    if (opens <= now && now < opens + w.durationSeconds * 1000) return opens;
  }
  return undefined;
}

export function isWindowOpen(w: ResolvedMaintenanceWindow, now: number): boolean {
  return openOccurrence(w, now) !== undefined;
}

/** When the window next closes, if it is open now. */
export function windowClosesAt(w: ResolvedMaintenanceWindow, now: number): number | undefined {
  const opens = openOccurrence(w, now);
  return opens === undefined ? undefined : opens + w.durationSeconds * 1000;
}

/** The next opening strictly after `now` (within the coming 8 days; undefined for a window with no days). */
export function nextWindowOpening(w: ResolvedMaintenanceWindow, now: number): number | undefined {
  const today = Math.floor(now / DAY) * DAY;
  for (let d = 0; d <= 8; d++) {
    const day = today + d * DAY;
    if (!w.days.includes(new Date(day).getUTCDay())) continue;
    const opens = day + w.startMinute * MINUTE;
    if (opens > now) return opens;
  }
  return undefined;
}

/**
 * A cluster's windows: open when it has none (no constraint) or any is open; otherwise the next
 * time one opens.
 */
export function maintenanceState(windows: readonly ResolvedMaintenanceWindow[], now: number): { open: boolean; constrained: boolean; nextOpen?: number } {
  if (windows.length === 0) return { open: true, constrained: false };
  if (windows.some((w) => isWindowOpen(w, now))) return { open: true, constrained: true };
  const next = windows.map((w) => nextWindowOpening(w, now)).filter((t): t is number => t !== undefined);
  return { open: false, constrained: true, ...(next.length ? { nextOpen: Math.min(...next) } : {}) };
}

/** The exclusion window in force at `now` (the one ending last, when they overlap). */
export function activeExclusion(windows: readonly ResolvedExclusionWindow[], now: number): ResolvedExclusionWindow | undefined {
  const active = windows.filter((w) => w.startMs <= now && now < w.endMs);
  return active.sort((a, b) => b.endMs - a.endMs)[0];
}

/** "HH:MM" → minutes after midnight, or undefined. */
export function parseClock(value: string): number | undefined {
  const m = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}
