/**
 * Real etcd 3.4 members (Debian etcd-server in the locally built `capstan/node:bookworm`; never
 * pulled) in containers on a user-defined network of this test run, with fixed addresses on a
 * subnet of its own, per real-components.md §6. Every container and the network carry the run id
 * in their names and a label; `cleanup()` removes exactly those. The data dir lives in the
 * container's own layer, so a stopped member can be started again with its data.
 */
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';

export const NODE_IMAGE = 'capstan/node:bookworm';
export const RUN_ID = `capstan-etcdtest-${randomBytes(3).toString('hex')}`;
const RUN_LABEL = 'capstan.test-run';

export interface EtcdMemberSpec {
  /** etcd member name, also the container's suffix */
  name: string;
  /** `--initial-cluster` */
  initialCluster: string;
  state: 'new' | 'existing';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EtcdLab {
  readonly docker = new Docker({ socketPath: '/var/run/docker.sock' });
  readonly network = `${RUN_ID}-net`;
  private subnetPrefix = '';
  private readonly addresses = new Map<string, string>();

  /** Fails with a clear message when Docker does not answer or the image is missing. */
  async start(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (err) {
      throw new Error(
        `Docker Engine is not answering at /var/run/docker.sock (${(err as Error).message}): the etcd membership ` +
          'tests run real etcd members in containers. Run `bash scripts/setup/setup.sh` (it starts dockerd).',
      );
    }
    try {
      await this.docker.getImage(NODE_IMAGE).inspect();
    } catch {
      throw new Error(`image ${NODE_IMAGE} is missing: run \`bash scripts/setup/setup.sh\` to build it (no registry is reachable).`);
    }
    let lastErr: unknown;
    for (let i = 0; i < 10; i++) {
      const octet = 16 + Math.floor(Math.random() * 230);
      try {
        await this.docker.createNetwork({
          Name: this.network,
          Driver: 'bridge',
          IPAM: { Config: [{ Subnet: `172.30.${octet}.0/24`, Gateway: `172.30.${octet}.1` }] },
          Labels: { [RUN_LABEL]: RUN_ID },
        });
        this.subnetPrefix = `172.30.${octet}.`;
        return;
      } catch (err) {
        lastErr = err; // the subnet overlaps another network's: pick again
      }
    }
    throw new Error(`could not create a test network on a free 172.30.x.0/24: ${String(lastErr)}`);
  }

  /** The fixed address of member `name` (allocated on first use). */
  address(name: string): string {
    let a = this.addresses.get(name);
    if (a === undefined) {
      a = `${this.subnetPrefix}${11 + this.addresses.size}`;
      this.addresses.set(name, a);
    }
    return a;
  }

  peerURL(name: string): string {
    return `http://${this.address(name)}:2380`;
  }

  clientURL(name: string): string {
    return `http://${this.address(name)}:2379`;
  }

  container(name: string): string {
    return `${RUN_ID}-${name}`;
  }

  /** `--initial-cluster` of a brand-new cluster of these members. */
  initialClusterOf(names: readonly string[]): string {
    return names.map((n) => `${n}=${this.peerURL(n)}`).join(',');
  }

  async startMember(spec: EtcdMemberSpec): Promise<void> {
    const ip = this.address(spec.name);
    const c = await this.docker.createContainer({
      name: this.container(spec.name),
      Image: NODE_IMAGE,
      Cmd: [
        'etcd',
        '--name', spec.name,
        '--data-dir', '/var/lib/etcd/data',
        '--logger', 'zap',
        '--log-outputs', 'stderr',
        '--listen-peer-urls', 'http://0.0.0.0:2380',
        '--initial-advertise-peer-urls', this.peerURL(spec.name),
        '--listen-client-urls', 'http://0.0.0.0:2379',
        '--advertise-client-urls', this.clientURL(spec.name),
        '--initial-cluster', spec.initialCluster,
        '--initial-cluster-token', RUN_ID,
        '--initial-cluster-state', spec.state,
      ],
      Labels: { [RUN_LABEL]: RUN_ID },
      HostConfig: { NetworkMode: this.network },
      NetworkingConfig: { EndpointsConfig: { [this.network]: { IPAMConfig: { IPv4Address: ip } } } },
    });
    await c.start();
  }

  async stopMember(name: string): Promise<void> {
    await this.docker.getContainer(this.container(name)).stop({ t: 2 });
  }

  async restartMember(name: string): Promise<void> {
    await this.docker.getContainer(this.container(name)).start();
  }

  async removeMember(name: string): Promise<void> {
    await this.docker.getContainer(this.container(name)).remove({ force: true });
  }

  async isRunning(name: string): Promise<boolean> {
    try {
      return (await this.docker.getContainer(this.container(name)).inspect()).State.Running;
    } catch {
      return false;
    }
  }

  /** Only what this run made: by label, and by the run id in the name as a second check. */
  async cleanup(): Promise<void> {
    const list = await this.docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${RUN_ID}`] } });
    for (const c of list) {
      if (!(c.Names[0] ?? '').startsWith(`/${RUN_ID}-`)) continue;
      await this.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
    }
    const nets = await this.docker.listNetworks({ filters: { label: [`${RUN_LABEL}=${RUN_ID}`] } });
    for (const n of nets.filter((x) => x.Name === this.network)) {
      await this.docker.getNetwork(n.Id).remove().catch(() => undefined);
    }
  }

  /** What this run left behind (for the after-test assertion). */
  async leftovers(): Promise<string[]> {
    const list = await this.docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${RUN_ID}`] } });
    return list.map((c) => c.Names[0] ?? c.Id);
  }
}

/**
 * Temporal's retry policy in miniature: retries what an activity would be retried for
 * (ApplicationFailure with nonRetryable false), rethrows terminal ones at once.
 */
export async function retrying<T>(
  what: string,
  fn: () => Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; onRetry?: (err: ApplicationFailure) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ApplicationFailure) || err.nonRetryable || Date.now() > deadline) {
        if (err instanceof Error) err.message = `${what}: ${err.message}`;
        throw err;
      }
      opts.onRetry?.(err);
      await sleep(opts.intervalMs ?? 250);
    }
  }
}

/** The error a promise failed with, as an ApplicationFailure. */
export async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected an ApplicationFailure');
}
