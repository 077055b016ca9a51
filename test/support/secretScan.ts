/**
 * What must never appear in workflow history (DESIGN.md: no private key, token or kubeconfig in
 * plain text): PEM private keys and certificates' bodies, kubeadm bootstrap tokens, kubeconfig
 * credentials, and any line of the given known secrets (e.g. the cluster's CA key read from the
 * secret store).
 */
const PATTERNS: Array<[string, RegExp]> = [
  ['PEM private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['PEM certificate', /-----BEGIN CERTIFICATE-----/],
  ['kubeadm bootstrap token', /\b[a-z0-9]{6}\.[a-z0-9]{16}\b/],
  ['kubeconfig credential', /client-(key|certificate)-data|\btoken:\s*[A-Za-z0-9._-]{20,}/],
];

export function findSecrets(text: string, known: string[] = []): string[] {
  const found = PATTERNS.filter(([, re]) => re.test(text)).map(([name]) => name);
  for (const secret of known) {
    // a key's base64 lines are long and random: any one of them in history is a leak
    const lines = secret.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'));
    if (lines.some((l) => text.includes(l))) found.push('a known secret');
  }
  return found;
}

/** Every payload of a history as text (payload data is bytes: JSON.stringify would hide it). */
export function historyText(history: unknown): string {
  return JSON.stringify(history, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v));
}

/** A recorded history file (JSON with base64 payload data), decoded for scanning. */
export function recordedHistoryText(json: string): string {
  return json.replace(/"data":\s*"([A-Za-z0-9+/=]+)"/g, (_m, b64: string) => JSON.stringify(Buffer.from(b64, 'base64').toString('utf8')));
}
