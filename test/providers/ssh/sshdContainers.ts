/**
 * Real sshd hosts for the SSH provider tests: containers of the locally built image
 * `capstan/node:bookworm` (Debian openssh-server; host keys generated at container start), on a
 * network of this test run with fixed addresses, so a host can be recreated at the same address
 * with new host keys. Every container and the network carry the run id in their names and are
 * removed by `cleanup()`; nothing else is touched. Never pulls: the image is built by
 * scripts/setup/setup.sh.
 */
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { ed25519KeyPair } from '../../support/ed25519KeyPair';

export const NODE_IMAGE = 'capstan/node:bookworm';
export const RUN_ID = `capstan-sshtest-${randomBytes(3).toString('hex')}`;

export interface TestKey {
  privateKey: string;
  /** authorized_keys line */
  publicKey: string;
}

export function newKey(): TestKey {
  const k = ed25519KeyPair(RUN_ID);
  return { privateKey: k.private, publicKey: k.public };
}

export interface SshdHost {
  name: string;
  container: string;
  address: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SshdLab {
  readonly docker = new Docker();
  private network?: string;
  private subnetPrefix = '';
  private nextHost = 10;
  private readonly containers = new Set<string>();

  /** Fails with a clear message when Docker does not answer or the image is missing. */
  async start(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (err) {
      throw new Error(
        `Docker Engine is not answering (${(err as Error).message}): the SSH provider tests need it. ` +
          'Run `bash scripts/setup/setup.sh` (it starts dockerd and builds capstan/node:bookworm).',
      );
    }
    try {
      await this.docker.getImage(NODE_IMAGE).inspect();
    } catch {
      throw new Error(
        `image ${NODE_IMAGE} is missing: run \`bash scripts/setup/setup.sh\` to build it (no registry is reachable).`,
      );
    }
    // A network with a subnet of our own, so addresses can be fixed; retry on overlap.
    let lastErr: unknown;
    for (let i = 0; i < 8; i++) {
      const octet = 100 + Math.floor(Math.random() * 150);
      const name = `${RUN_ID}-net`;
      try {
        await this.docker.createNetwork({
          Name: name,
          Driver: 'bridge',
          IPAM: { Config: [{ Subnet: `10.213.${octet}.0/24`, Gateway: `10.213.${octet}.1` }] },
          Labels: { 'capstan.test-run': RUN_ID },
        });
        this.network = name;
        this.subnetPrefix = `10.213.${octet}.`;
        return;
      } catch (err) {
        lastErr = err;
      }
    }
    throw new Error(`could not create a test network: ${String(lastErr)}`);
  }

  /** A fresh address on the test network, with no host behind it yet. */
  allocateAddress(): string {
    return `${this.subnetPrefix}${this.nextHost++}`;
  }

  /**
   * Starts an sshd host authorizing `authorizedKey` for root, at `address` (fresh if not given),
   * and waits until sshd answers with its banner.
   */
  async startHost(name: string, authorizedKey: string, address = this.allocateAddress()): Promise<SshdHost> {
    if (!this.network) throw new Error('SshdLab.start() first');
    const container = `${RUN_ID}-${name}`;
    const c = await this.docker.createContainer({
      name: container,
      Image: NODE_IMAGE,
      Env: [`AUTHORIZED_KEY=${authorizedKey}`],
      Cmd: [
        '/bin/sh',
        '-c',
        'mkdir -p /root/.ssh && printf "%s\\n" "$AUTHORIZED_KEY" > /root/.ssh/authorized_keys && ' +
          'chmod 600 /root/.ssh/authorized_keys && mkdir -p /run/sshd && ssh-keygen -A && exec /usr/sbin/sshd -D -e',
      ],
      Labels: { 'capstan.test-run': RUN_ID },
      HostConfig: { NetworkMode: this.network },
      NetworkingConfig: { EndpointsConfig: { [this.network]: { IPAMConfig: { IPv4Address: address } } } },
    });
    this.containers.add(container);
    await c.start();
    await waitForBanner(address, 22, 30_000);
    return { name, container, address };
  }

  /** Removes the host's container (force). */
  async removeHost(h: SshdHost): Promise<void> {
    await this.docker.getContainer(h.container).remove({ force: true });
    this.containers.delete(h.container);
  }

  /** Runs a command in the host's container, bypassing SSH: the test's independent view of the host. */
  async sh(h: SshdHost, script: string): Promise<{ code: number; out: string }> {
    const exec = await this.docker.getContainer(h.container).exec({
      Cmd: ['/bin/sh', '-c', script],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const out = { write: (b: Buffer) => chunks.push(Buffer.from(b)) };
      this.docker.modem.demuxStream(stream, out as never, out as never);
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    const info = await exec.inspect();
    return { code: info.ExitCode ?? -1, out: Buffer.concat(chunks).toString('utf8') };
  }

  /** ssh-keygen's own fingerprint of the host's ed25519 key, to compare enrolment against. */
  async ed25519Fingerprint(h: SshdHost): Promise<string> {
    const r = await this.sh(h, 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    const m = /SHA256:[A-Za-z0-9+/]+/.exec(r.out);
    if (!m) throw new Error(`ssh-keygen printed no fingerprint: ${r.out}`);
    return m[0];
  }

  async cleanup(): Promise<void> {
    for (const c of this.containers) {
      await this.docker
        .getContainer(c)
        .remove({ force: true })
        .catch(() => undefined);
    }
    this.containers.clear();
    if (this.network) {
      await this.docker
        .getNetwork(this.network)
        .remove()
        .catch(() => undefined);
      this.network = undefined;
    }
  }

  /** Containers of this run still present (should be none after cleanup). */
  async leftovers(): Promise<string[]> {
    const list = await this.docker.listContainers({
      all: true,
      filters: { label: [`capstan.test-run=${RUN_ID}`] },
    });
    return list.map((c) => c.Names.join(','));
  }
}

/** Waits until something at host:port sends an SSH banner. */
export async function waitForBanner(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port });
      const done = (v: boolean) => {
        s.destroy();
        resolve(v);
      };
      s.setTimeout(2000, () => done(false));
      s.on('data', (d) => done(d.toString('latin1').startsWith('SSH-')));
      s.on('error', (e) => {
        last = e.message;
        done(false);
      });
    });
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`sshd at ${host}:${port} did not answer within ${timeoutMs} ms (${last})`);
}
