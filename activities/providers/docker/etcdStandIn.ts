/**
 * A STAND-IN FOR KUBEADM'S ETCD STEPS, FOR NODE IMAGES WITHOUT KUBERNETES (tests, laptops).
 *
 * With a real node image, `kubeadm init` starts a one-member etcd as a static pod and `kubeadm
 * join --control-plane` adds the joining node's member (as a learner, then promotes it once it
 * caught up). The test image (capstan/node:bookworm) has Debian's etcd but no kubeadm, so the
 * kubelet stand-in (simKubeletStandIn.ts) calls this when a control-plane container finished its
 * bootstrap: it does those etcd steps for real, inside the container, over etcd's own API. The
 * members are named after their machines (= their nodes), as kubeadm names them, and the
 * workload cluster's etcd methods (realEtcdWorkloadCluster.ts) then act on this real etcd: KCP's
 * move-leader and member removal during a surge upgrade change real membership.
 *
 * Every step is idempotent (a retried activity or another worker finds the member added, the
 * process started, the learner promoted) and retryable while etcd settles.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../../shared/errors';
import type { ResourceKey } from '../../../shared/ids';
import { EtcdClient } from '../../etcd';
import type { DockerInfrastructureProvider } from './dockerInfrastructureProvider';

const CLIENT_PORT = 2379;
const PEER_PORT = 2380;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const clientURL = (address: string): string => `http://${address}:${CLIENT_PORT}`;
export const peerURL = (address: string): string => `http://${address}:${PEER_PORT}`;

/** The etcd command kubeadm's static pod would run, as a shell line for a detached exec. */
export function etcdCommand(o: { name: string; address: string; initialCluster: string; state: 'new' | 'existing'; token: string }): string {
  const args = [
    'etcd',
    `--name=${o.name}`,
    '--data-dir=/var/lib/etcd',
    `--listen-peer-urls=${peerURL('0.0.0.0')}`,
    `--initial-advertise-peer-urls=${peerURL(o.address)}`,
    `--listen-client-urls=${clientURL('0.0.0.0')}`,
    `--advertise-client-urls=${clientURL(o.address)}`,
    `--initial-cluster=${o.initialCluster}`,
    `--initial-cluster-state=${o.state}`,
    `--initial-cluster-token=${o.token}`,
  ];
  return `nohup ${args.join(' ')} > /var/log/etcd.log 2>&1 &`;
}

export class DockerEtcdStandIn {
  constructor(private readonly docker: DockerInfrastructureProvider) {}

  /** A client over the cluster's control-plane containers (what the workload cluster's etcd methods use). */
  async client(cluster: ResourceKey): Promise<EtcdClient> {
    const cps = await this.docker.controlPlaneContainers(cluster);
    if (cps.length === 0) {
      throw ApplicationFailure.create({
        type: ErrorTypes.ProviderUnavailable,
        message: `etcd of cluster ${cluster.namespace}/${cluster.name}: no running control-plane container; will retry`,
      });
    }
    return new EtcdClient({ endpoints: cps.map((c) => clientURL(c.address)), subject: `cluster ${cluster.namespace}/${cluster.name}`, requestTimeoutMs: 3000 });
  }

  /**
   * kubeadm's etcd part for control-plane machine `machine`: the first one starts a new
   * one-member cluster (init); a later one is added as a learner through the others, starts with
   * `--initial-cluster-state existing`, and is promoted once it caught up (join).
   */
  async ensureMember(cluster: ResourceKey, machine: string): Promise<void> {
    const cps = await this.docker.controlPlaneContainers(cluster);
    const self = cps.find((c) => c.machine === machine);
    if (!self) throw retryable(`etcd member ${machine}: its container is not running yet`);
    const subject = `machine ${cluster.namespace}/${machine}`;
    const running = (await this.docker.engine.exec(self.id, ['sh', '-c', 'pgrep -x etcd >/dev/null'], subject)).exitCode === 0;
    const token = `${cluster.namespace}-${cluster.name}`;
    const others = cps.filter((c) => c.machine !== machine);
    if (others.length === 0) {
      // init: the cluster's first control-plane machine
      if (!running) {
        const initialCluster = `${machine}=${peerURL(self.address)}`;
        await this.docker.engine.exec(self.id, ['sh', '-c', etcdCommand({ name: machine, address: self.address, initialCluster, state: 'new', token })], subject);
      }
      await this.waitHealthy(new EtcdClient({ endpoints: [clientURL(self.address)], requestTimeoutMs: 2000 }), machine);
      return;
    }
    // join: add as learner through the members running (a repeated add answers the member added before), start, promote
    const started = await this.withEtcd(others);
    if (!started) throw retryable(`etcd member ${machine}: no etcd answers on the other control-plane machines (${others.map((o) => o.machine).join(', ')})`);
    const added = await started.addLearner(machine, peerURL(self.address));
    if (!running && added.member.isLearner) {
      await this.docker.engine.exec(self.id, ['sh', '-c', etcdCommand({ name: machine, address: self.address, initialCluster: added.initialCluster, state: 'existing', token })], subject);
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await started.promote(added.member.id);
        return;
      } catch (err) {
        // the learner is still catching up: etcd refuses the promotion (retryable), as kubeadm retries it
        if (!(err instanceof ApplicationFailure) || err.nonRetryable || Date.now() > deadline) throw err;
        await sleep(300);
      }
    }
  }

  /** A client over the containers that already run etcd, or undefined when none does. */
  private async withEtcd(cps: ReadonlyArray<{ address: string }>): Promise<EtcdClient | undefined> {
    if (cps.length === 0) return undefined;
    const client = new EtcdClient({ endpoints: cps.map((c) => clientURL(c.address)), requestTimeoutMs: 2000 });
    try {
      await client.memberList();
      return client;
    } catch {
      return undefined;
    }
  }

  private async waitHealthy(client: EtcdClient, machine: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const h = await client.health();
      if (h.quorum) return;
      if (Date.now() > deadline) throw retryable(`etcd member ${machine} did not become healthy: ${h.message}`);
      await sleep(200);
    }
  }
}

function retryable(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.ProviderUnavailable, message: `${message}; will retry` });
}
