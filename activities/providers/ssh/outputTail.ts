/**
 * The last part of a command's output, kept for error messages, with secrets taken out. Pure.
 * Bootstrap output can echo secrets (kubeadm prints the join command with its token), and error
 * messages end up in workflow history: everything that leaves through a message is redacted.
 */
export const REDACTED = '[redacted]';

/** kubeadm bootstrap tokens (`abcdef.0123456789abcdef`). */
const BOOTSTRAP_TOKEN = /\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g;
/** secret-bearing flags: the value goes, the flag stays so the message still reads. */
const SECRET_FLAG = /(--(?:token|certificate-key|discovery-token-ca-cert-hash|password)[= ]+)\S+/g;
/** a PEM private key, also one cut short by the tail */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/** Removes the given secrets (longest first) and anything shaped like a bootstrap secret. */
export function redactAll(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of [...secrets].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(REDACTED);
  }
  return out
    .replace(PEM_PRIVATE_KEY, REDACTED)
    .replace(SECRET_FLAG, `$1${REDACTED}`)
    .replace(BOOTSTRAP_TOKEN, REDACTED);
}

/** Keeps the last `maxChars` characters of a stream, cut at a line start when it can. */
export class OutputTail {
  private buf = '';
  private dropped = false;

  constructor(private readonly maxChars = 4000) {}

  push(chunk: string): void {
    this.buf += chunk;
    if (this.buf.length > this.maxChars * 2) this.trim();
  }

  /** The tail, prefixed with `...` when earlier output was dropped. */
  text(): string {
    this.trim();
    return (this.dropped ? '...\n' : '') + this.buf;
  }

  private trim(): void {
    if (this.buf.length <= this.maxChars) return;
    let cut = this.buf.slice(-this.maxChars);
    const nl = cut.indexOf('\n');
    if (nl >= 0 && nl < cut.length - 1) cut = cut.slice(nl + 1);
    this.buf = cut;
    this.dropped = true;
  }
}

/** The last `maxLines` lines of `text` (for messages), without trailing blank lines. */
export function lastLines(text: string, maxLines: number): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.length <= maxLines ? lines.join('\n') : ['...', ...lines.slice(-maxLines)].join('\n');
}
