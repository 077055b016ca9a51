/**
 * A tiny HTTP proxy in front of moto_server that can make one API action fail the way AWS fails:
 * refuse it (throttling, 503) without forwarding, or forward it and then lose the answer (the
 * create happened, the caller saw a 500) — the case ClientToken exists for. It also counts the
 * actions it saw and can hold an action until N callers have sent it (to force a race).
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface Fault {
  action: string;
  /** how many requests of that action fail; later ones pass */
  times: number;
  /**
   * reject: answer without forwarding; lose-response: forward, then answer the error instead;
   * hang: forward, then never answer (the caller is killed while it waits)
   */
  mode: 'reject' | 'lose-response' | 'hang';
  status: number;
  code: string;
}

export interface FaultProxy {
  url: string;
  /** requests seen, by action */
  count(action: string): number;
  inject(fault: Fault): void;
  /** the next `n` requests of `action` wait until all `n` have arrived, then go on together */
  barrier(action: string, n: number): void;
  clear(): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const counts = new Map<string, number>();
  let faults: Fault[] = [];
  let barriers: Array<{ action: string; n: number; waiting: Array<() => void> }> = [];

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((ok, fail) => {
      const out = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            ok({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', fail);
        },
      );
      out.on('error', fail);
      out.end(body);
    });

  const answerError = (req: IncomingMessage, res: ServerResponse, fault: Fault) => {
    // The credential scope names the service; EC2 and ELBv2 wrap errors differently.
    const elb = /\/elasticloadbalancing\//.test(String(req.headers.authorization ?? ''));
    const message = `injected by the test proxy: ${fault.code}`;
    const xml = elb
      ? `<ErrorResponse><Error><Type>Receiver</Type><Code>${fault.code}</Code><Message>${message}</Message></Error><RequestId>proxy</RequestId></ErrorResponse>`
      : `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${fault.code}</Code><Message>${message}</Message></Error></Errors><RequestID>proxy</RequestID></Response>`;
    res.writeHead(fault.status, { 'content-type': 'text/xml' }).end(xml);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
        counts.set(action, (counts.get(action) ?? 0) + 1);
        const gate = barriers.find((b) => b.action === action);
        if (gate) {
          await new Promise<void>((release) => {
            gate.waiting.push(release);
            if (gate.waiting.length >= gate.n) {
              barriers = barriers.filter((b) => b !== gate);
              gate.waiting.forEach((r) => r());
            }
          });
        }
        const fault = faults.find((f) => f.action === action && f.times > 0);
        if (fault) fault.times--;
        try {
          if (fault?.mode === 'reject') return answerError(req, res, fault);
          const answer = await forward(req, body);
          if (fault?.mode === 'lose-response') return answerError(req, res, fault);
          if (fault?.mode === 'hang') return; // stop() closes the socket
          res.writeHead(answer.status, answer.headers).end(answer.body);
        } catch (err) {
          res.writeHead(502).end(String(err));
        }
      })();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  if (typeof addr !== 'object' || !addr) throw new Error('fault proxy has no address');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    count: (action) => counts.get(action) ?? 0,
    inject: (fault) => faults.push({ ...fault }),
    barrier: (action, n) => barriers.push({ action, n, waiting: [] }),
    clear: () => {
      faults = [];
      barriers = [];
      counts.clear();
    },
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
