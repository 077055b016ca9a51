/**
 * ISO-8601 arithmetic and human durations for the drain planners. Time is always an argument.
 */
export function toMillis(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: "${iso}"`);
  return ms;
}

export function fromMillis(ms: number): string {
  return new Date(ms).toISOString();
}

export function addSeconds(iso: string, seconds: number): string {
  return fromMillis(toMillis(iso) + seconds * 1000);
}

export function secondsBetween(from: string, to: string): number {
  return (toMillis(to) - toMillis(from)) / 1000;
}

/** RFC 3339 without fractional seconds, as Go's `time.RFC3339` prints it. */
export function formatRfc3339(iso: string): string {
  return fromMillis(Math.floor(toMillis(iso) / 1000) * 1000).replace('.000Z', 'Z');
}

/** "45s", "14m", "5m30s", "1h5m": compact, for explanations people read. */
export function formatAge(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  if (total < 60) return `${total}s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? `${h}h${m}m` : `${h}h`;
  return s > 0 ? `${m}m${s}s` : `${m}m`;
}
