/**
 * Go's `time.Duration.String()` for whole seconds ("0s", "45s", "5m0s", "1h0m0s"), shared by the
 * planners so condition messages read exactly like CAPI's ("... for more than 5m0s", "latest 10m0s").
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
