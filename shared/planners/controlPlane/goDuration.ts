/**
 * Formats whole seconds as Go's `time.Duration.String()` does ("10m0s", "1h0m0s", "45s", "0s"),
 * so messages read exactly like KCP's ("already failed in the latest 10m0s (RetryPeriodSeconds)").
 */
export function formatGoDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  if (total === 0) return '0s';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
