/**
 * The HTTP(S) exchange with a Redfish service: Basic auth, JSON bodies, a per-request timeout and
 * optional certificate-verification opt-out (spec.bmc.disableCertificateVerification, common for
 * BMCs with self-signed certificates). node:http(s) rather than fetch, because fetch cannot skip
 * certificate verification per request without undici's Agent. Answers every HTTP status; only
 * a request that got no answer throws (RedfishTransportError, carrying the Node error code).
 */
import http from 'node:http';
import https from 'node:https';

export interface RedfishHttpOptions {
  scheme: 'http' | 'https';
  hostname: string;
  port: number;
  /** skip TLS certificate verification */
  insecure?: boolean;
  timeoutMs: number;
}

export interface RedfishResponse {
  status: number;
  /** parsed JSON, or the raw text when the body is not JSON; undefined when empty */
  body: unknown;
  /** the Location header of a redirect */
  location?: string;
}

export class RedfishTransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'RedfishTransportError';
  }
}

export class RedfishHttp {
  // A private field: util.inspect and JSON.stringify of the client never show it.
  readonly #authorization: string;

  constructor(
    private readonly opts: RedfishHttpOptions,
    username: string,
    password: string,
  ) {
    this.#authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  request(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<RedfishResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const { scheme, hostname, port, insecure, timeoutMs } = this.opts;
    const lib = scheme === 'https' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        {
          method,
          hostname,
          port,
          path,
          headers: {
            Authorization: this.#authorization,
            Accept: 'application/json',
            'OData-Version': '4.0',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          },
          ...(scheme === 'https' ? { rejectUnauthorized: !insecure } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => reject(new RedfishTransportError(e.message, codeOf(e))));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = undefined;
            if (text.trim() !== '') {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            const location = res.headers.location;
            resolve({ status: res.statusCode ?? 0, body: parsed, ...(location ? { location } : {}) });
          });
        },
      );
      req.setTimeout(timeoutMs, () => {
        req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      });
      req.on('error', (e) => reject(new RedfishTransportError(e.message, codeOf(e))));
      if (payload) req.write(payload);
      req.end();
    });
  }
}

function codeOf(e: Error): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'ECONNECTION';
}
