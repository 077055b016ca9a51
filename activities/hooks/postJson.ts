import * as http from 'node:http';
import * as https from 'node:https';

export interface PostJsonOptions {
  /** base64 PEM bundle trusted for https (a Kubernetes `caBundle`); unset = the system roots */
  caBundle?: string;
  timeoutMs: number;
}

/** Why a call got no usable answer: the extension was unreachable, slow, or answered badly. */
export class ExtensionCallError extends Error {}

/**
 * POSTs a JSON body and parses a JSON answer: what the Runtime SDK's client does for discovery
 * and hook calls. A status other than 200 or a body that is not JSON is an ExtensionCallError,
 * with the start of the body, so `describe` can say what the extension answered.
 */
export function postJson(url: string, body: unknown, opts: PostJsonOptions): Promise<unknown> {
  const target = new URL(url);
  const payload = JSON.stringify(body);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: opts.timeoutMs,
        ...(opts.caBundle ? { ca: Buffer.from(opts.caBundle, 'base64').toString('utf8') } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(new ExtensionCallError(`${url}: ${err.message}`)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            reject(new ExtensionCallError(`${url} answered HTTP ${res.statusCode}${text ? `: ${text.slice(0, 200)}` : ''}`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new ExtensionCallError(`${url} answered something that is not JSON: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new ExtensionCallError(`${url} did not answer within ${opts.timeoutMs / 1000}s`)));
    req.on('error', (err) =>
      reject(err instanceof ExtensionCallError ? err : new ExtensionCallError(`${url}: ${err.message}`)),
    );
    req.end(payload);
  });
}
