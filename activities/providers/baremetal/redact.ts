/**
 * Removes secrets from text that may end up in an error message (and from there in workflow
 * history): ipmitool or a BMC may echo what it was given. Pure.
 */
export const REDACTED = '[redacted]';

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret containing another is removed whole.
  for (const s of [...secrets].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(REDACTED);
  }
  return out;
}
