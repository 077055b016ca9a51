/**
 * A TCP proxy in front of the Docker Engine's unix socket that can fail chosen requests: answer
 * 500 without forwarding (`fail`), forward but lose the answer (`drop-answer`: the engine did it,
 * the caller never hears), or never answer (`hang`, for killing a worker mid-call). Every other
 * request passes through untouched. The provider talks to it without keep-alive, so each request
 * is one connection and can be matched.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface Fault {
  method: string;
  path: RegExp;
  mode: 'fail' | 'drop-answer' | 'hang';
  times: number;
}

export interface DockerFaultProxy {
  host: string;
  port: number;
  inject(fault: Fault): void;
  /** requests seen, as `METHOD /path` */
  seen: string[];
  stop(): Promise<void>;
}

export async function startDockerFaultProxy(socketPath = '/var/run/docker.sock'): Promise<DockerFaultProxy> {
  const faults: Fault[] = [];
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.indexOf('\r\n\r\n') < 0) return;
      client.off('data', onData);
      const [method = '', rawPath = ''] = head.toString('latin1').split('\r\n', 1)[0]!.split(' ');
      const path = rawPath.replace(/^\/v[\d.]+/, '');
      seen.push(`${method} ${path}`);
      const fault = faults.find((f) => f.times > 0 && f.method === method && f.path.test(path));
      if (fault) fault.times -= 1;
      if (fault?.mode === 'hang') return;
      if (fault?.mode === 'fail') {
        const body = JSON.stringify({ message: 'injected fault: the engine failed this request' });
        client.end(
          `HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
      const upstream = createConnection(socketPath);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      upstream.write(head);
      client.pipe(upstream);
      if (fault?.mode === 'drop-answer') {
        upstream.once('data', () => {
          client.destroy();
          upstream.destroy();
        });
      } else {
        upstream.pipe(client);
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no address');
  return {
    host: '127.0.0.1',
    port: address.port,
    inject: (f) => faults.push({ ...f }),
    seen,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
