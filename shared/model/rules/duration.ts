import { violation, type RuleViolation } from './violation';

/**
 * Go `time.ParseDuration` syntax, which CAPI v1beta1 uses for metav1.Duration fields
 * (nodeStartupTimeout "10m", timeout "300s", nodeDrainTimeout "1h30m"). Returns seconds.
 */
const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};
const WHOLE = /^([-+]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

export function parseGoDuration(value: string): number | undefined {
  if (value === '0' || value === '+0' || value === '-0') return 0;
  const m = WHOLE.exec(value);
  if (!m) return undefined;
  let seconds = 0;
  for (const part of (m[2] ?? '').matchAll(PART)) {
    seconds += Number(part[1]) * (UNIT_SECONDS[part[2] ?? ''] ?? 0);
  }
  return m[1] === '-' ? -seconds : seconds;
}

export function checkGoDuration(value: string): RuleViolation | undefined {
  const seconds = parseGoDuration(value);
  if (seconds === undefined) {
    return violation('duration-format', `"${value}" must be a Go duration such as "300s", "10m" or "1h30m"`);
  }
  if (seconds < 0) return violation('duration-non-negative', `duration "${value}" must not be negative`);
  return undefined;
}
