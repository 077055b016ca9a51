/**
 * A loopback TCP proxy in front of one sshd: every new connection is forwarded, unless `hold()`
 * says to hold it (accepted, never forwarded) — how a test stops a worker at an exact step of a
 * create (its next SSH session) before killing it.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface GatedTcpProxy {
  port: number;
  /** connections held so far */
  held(): number;
  stop(): Promise<void>;
}

export async function startGatedTcpProxy(target: { host: string; port: number }, hold: () => Promise<boolean>): Promise<GatedTcpProxy> {
  const sockets = new Set<Socket>();
  let held = 0;
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    client.pause();
    void hold().then((h) => {
      if (h) {
        held++;
        return;
      }
      const upstream = connect(target.port, target.host);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    held: () => held,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
