import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';

/**
 * A real Runtime Extension for tests: an HTTP(S) server on loopback that answers the Runtime
 * SDK's discovery request with `handlers` and each hook request with what `respond` returns,
 * recording every request it gets. It is the user's side of the protocol (their extension), so
 * the tests drive Capstan's real client against it.
 */
export interface TestHandler {
  name: string;
  hook: string;
  timeoutSeconds?: number;
  failurePolicy?: 'Fail' | 'Ignore';
}

export interface ReceivedHookRequest {
  hook: string;
  handler: string;
  body: Record<string, unknown> & { kind?: string; settings?: Record<string, string> };
}

/** A hook's answer: the JSON body, or an HTTP error status, or never answering. */
export type HookAnswer = Record<string, unknown> | { httpStatus: number; text: string } | 'hang';

export interface TestExtension {
  url: string;
  requests: ReceivedHookRequest[];
  discoveries: number;
  close(): Promise<void>;
}

export async function startRuntimeExtension(opts: {
  handlers: TestHandler[] | (() => TestHandler[]);
  respond: (req: ReceivedHookRequest) => HookAnswer | Promise<HookAnswer>;
  tls?: { key: string; cert: string };
  /** URL path prefix the extension serves under (`clientConfig.url` then ends with it) */
  basePath?: string;
}): Promise<TestExtension> {
  const base = opts.basePath ?? '';
  const prefix = `${base}/hooks.runtime.cluster.x-k8s.io/v1alpha1/`;
  const ext: TestExtension = { url: '', requests: [], discoveries: 0, close: async () => undefined };
  const hanging = new Set<http.ServerResponse>();
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = req.url ?? '';
        if (req.method !== 'POST' || !path.startsWith(prefix)) {
          res.writeHead(404).end('not found');
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ReceivedHookRequest['body'];
        const [hook = '', handler = ''] = path.slice(prefix.length).split('/');
        if (hook === 'discovery') {
          ext.discoveries++;
          const handlers = typeof opts.handlers === 'function' ? opts.handlers() : opts.handlers;
          const answer = {
            apiVersion: 'hooks.runtime.cluster.x-k8s.io/v1alpha1',
            kind: 'DiscoveryResponse',
            status: 'Success',
            handlers: handlers.map((h) => ({
              name: h.name,
              requestHook: { apiVersion: 'hooks.runtime.cluster.x-k8s.io/v1alpha1', hook: h.hook },
              ...(h.timeoutSeconds !== undefined ? { timeoutSeconds: h.timeoutSeconds } : {}),
              ...(h.failurePolicy ? { failurePolicy: h.failurePolicy } : {}),
            })),
          };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
          return;
        }
        const received = { hook, handler, body };
        ext.requests.push(received);
        const answer = await opts.respond(received);
        if (answer === 'hang') {
          hanging.add(res);
          return;
        }
        if ('httpStatus' in answer && typeof answer.httpStatus === 'number') {
          res.writeHead(answer.httpStatus).end(String(answer.text));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      })();
    });
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, handle) : http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  ext.url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}${base}`;
  ext.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return ext;
}

/** A self-signed certificate for 127.0.0.1 and its base64 PEM as a `caBundle`. */
export function selfSignedLoopback(): { key: string; cert: string; caBundle: string } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const attrs = [{ name: 'commonName', value: 'localhost' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: certPem, caBundle: Buffer.from(certPem).toString('base64') };
}
