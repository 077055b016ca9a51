/**
 * InfrastructureProvider over existing hosts reachable by SSH (BYOH's equivalent). Stateless:
 * which host serves which machine lives on the hosts (the claim marker), and how far its
 * bootstrap got too (CAPI's sentinel, the runner's state); a worker restarted anywhere finds both.
 *
 * - ensureMachine: finds the host already claimed by the machine, or claims the first free host
 *   of the inventory matching the template's selector, then starts the bootstrap detached (the
 *   machine activity has a short timeout; the run goes on on the host) and answers its state.
 * - describeMachine: the claimed host's bootstrap state: sentinel → running; a run in progress →
 *   provisioning; a failed step → failed, naming the command and its output tail; no machine → gone.
 * - deleteMachine: reset command, then release (bootstrap state, sentinel and claim removed).
 * providerID: `ssh://<address>`.
 */
import { readMachineFacts, writeMachineFacts } from './machineFactsFile';
import type { MachineFacts } from '../standIn/machineFacts';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../../shared/errors';
import type { ResourceKey } from '../../../shared/ids';
import type {
  ClusterInfraRequest,
  ClusterInfraStatus,
  InfrastructureProvider,
  MachineInfraRequest,
  MachineInfraStatus,
} from '../types';
import { readBootstrapState, startBootstrap } from './bootstrapRunner';
import type { HostBootstrapState } from './bootstrapScript';
import { claimHost, readHostClaim, releaseHost } from './claim';
import { sameOwner, type HostClaim } from './claimMarker';
import { describeSelector, hostsMatching, templateSelector } from './inventory';
import { resolveSshCredentials, type SshCredentialSource } from './sshCredentials';
import { withSshSession, type SshSession } from './sshSession';
import type { SshHost } from './sshHost';

/** Undoes `kubeadm init/join` before a host is given back; a host without kubeadm has nothing to undo. */
export const DEFAULT_RESET_COMMAND = 'if command -v kubeadm >/dev/null 2>&1; then kubeadm reset -f; fi';

export interface SshProviderOptions {
  inventory: readonly SshHost[];
  credentialSources: readonly SshCredentialSource[];
  /** run on a host before it is released (default DEFAULT_RESET_COMMAND) */
  resetCommand?: string;
  /** per host, for connect + handshake (default 5 s: scans must fit the machine activity's timeout) */
  readyTimeoutMs?: number;
}

export function providerIdOf(host: SshHost): string {
  return `ssh://${host.address}`;
}

type Scan = { host: SshHost; claim?: HostClaim } | { host: SshHost; error: unknown };

export class SshInfrastructureProvider implements InfrastructureProvider {
  readonly name = 'ssh' as const;
  /** machine → host that held its claim last time: a hint, always verified on the host */
  private readonly hint = new Map<string, string>();

  constructor(private readonly options: SshProviderOptions) {}

  async ensureClusterInfrastructure(req: ClusterInfraRequest): Promise<ClusterInfraStatus> {
    // Existing hosts need no cluster infrastructure; the endpoint (a VIP or load balancer the
    // operator runs, or the first control-plane host) is declared, as BYOH's ByoCluster does.
    const ep = req.infrastructure.spec['controlPlaneEndpoint'] as
      | { host?: unknown; port?: unknown }
      | undefined;
    const endpoint =
      ep && typeof ep.host === 'string' && ep.host !== ''
        ? { host: ep.host, port: typeof ep.port === 'number' ? ep.port : 6443 }
        : undefined;
    return { provisioned: true, ...(endpoint ? { controlPlaneEndpoint: endpoint } : {}), failureDomains: [] };
  }

  async deleteClusterInfrastructure(_cluster: ResourceKey): Promise<boolean> {
    return true;
  }

  async ensureMachine(req: MachineInfraRequest): Promise<MachineInfraStatus> {
    const owner = ownerOf(req.cluster, req.machine);
    const selector = templateSelector(req.infrastructure.spec);
    const candidates = hostsMatching(this.options.inventory, selector);
    if (candidates.length === 0) {
      throw ApplicationFailure.create({
        type: ErrorTypes.InvalidSpec,
        nonRetryable: true,
        message: `no host of the SSH inventory matches ${req.infrastructure.kind}/${req.infrastructure.name} selector ${describeSelector(selector)} (machine ${req.cluster.namespace}/${req.machine})`,
      });
    }
    let host = await this.findClaimed(owner);
    if (!host) {
      const scans = await Promise.all(candidates.map((h) => this.scan(h)));
      const failures: string[] = [];
      for (const s of scans) {
        if ('error' in s) {
          failures.push(`${s.host.name}: ${messageOf(s.error)}`);
          continue;
        }
        if (s.claim) continue;
        try {
          await this.session(s.host, 'claim', (session) => claimHost(session, owner));
          host = s.host;
          break;
        } catch (err) {
          failures.push(`${s.host.name}: ${messageOf(err)}`);
        }
      }
      if (!host) {
        const why = failures.length > 0 ? `; not usable now: ${failures.join('; ')}` : '';
        throw ApplicationFailure.create({
          type: failures.length > 0 ? ErrorTypes.ProviderUnavailable : ErrorTypes.Conflict,
          message: `no free host for machine ${req.cluster.namespace}/${req.machine}: all ${candidates.length} hosts matching selector ${describeSelector(selector)} are claimed or unreachable${why}; will retry`,
        });
      }
    }
    this.hint.set(claimKey(owner), host.name);
    const state = await this.session(host, 'bootstrap', async (session) => {
      await writeMachineFacts(session, { role: req.role, version: req.version, userData: req.bootstrapData });
      await startBootstrap(session, req.bootstrapData);
      return readBootstrapState(session);
    });
    return statusOf(host, state);
  }

  /** Role, version, address and user data of the machine on its host (for the kubelet stand-in). */
  async machineFacts(cluster: ResourceKey, machine: string): Promise<MachineFacts | undefined> {
    const host = await this.findClaimed(ownerOf(cluster, machine));
    if (!host) return undefined;
    const facts = await this.session(host, 'read machine facts', (s) => readMachineFacts(s));
    return facts ? { ...facts, address: host.address } : undefined;
  }

  async describeMachine(cluster: ResourceKey, machine: string): Promise<MachineInfraStatus> {
    const host = await this.findClaimed(ownerOf(cluster, machine));
    if (!host) return { state: 'gone', addresses: [] };
    const state = await this.session(host, 'bootstrap status', (s) => readBootstrapState(s));
    return statusOf(host, state);
  }

  async deleteMachine(cluster: ResourceKey, machine: string): Promise<boolean> {
    const owner = ownerOf(cluster, machine);
    const host = await this.findClaimed(owner);
    if (!host) return true;
    const resetCommand = this.options.resetCommand ?? DEFAULT_RESET_COMMAND;
    await this.session(host, 'release', (s) => releaseHost(s, owner, { resetCommand }));
    this.hint.delete(claimKey(owner));
    return true;
  }

  /**
   * The host holding the machine's claim: the hinted one first, else every inventory host. A host
   * that cannot be read makes "none" unprovable: retryable, rather than a twin or a leak.
   */
  private async findClaimed(owner: HostClaim): Promise<SshHost | undefined> {
    const hinted = this.options.inventory.find((h) => h.name === this.hint.get(claimKey(owner)));
    if (hinted) {
      const s = await this.scan(hinted);
      if ('claim' in s && s.claim && sameOwner(s.claim, owner)) return hinted;
    }
    const scans = await Promise.all(this.options.inventory.map((h) => this.scan(h)));
    const mine = scans.find(
      (s): s is { host: SshHost; claim: HostClaim } => 'claim' in s && !!s.claim && sameOwner(s.claim, owner),
    );
    if (mine) return mine.host;
    const unreadable = scans.filter((s): s is { host: SshHost; error: unknown } => 'error' in s);
    if (unreadable.length > 0) {
      throw ApplicationFailure.create({
        type: ErrorTypes.ProviderUnavailable,
        message: `cannot tell which host machine ${owner.namespace}/${owner.machine} holds: ${unreadable.map((s) => `${s.host.name}: ${messageOf(s.error)}`).join('; ')}; will retry`,
      });
    }
    return undefined;
  }

  private async scan(host: SshHost): Promise<Scan> {
    try {
      const claim = await this.session(host, 'read claim', (s) => readHostClaim(s));
      return claim ? { host, claim } : { host };
    } catch (error) {
      return { host, error };
    }
  }

  private async session<T>(host: SshHost, operation: string, fn: (s: SshSession) => Promise<T>): Promise<T> {
    const credentials = await resolveSshCredentials(this.options.credentialSources, {
      ...(host.namespace ? { namespace: host.namespace } : {}),
      credentialsName: host.credentialsName,
      host: host.name,
    });
    return withSshSession(
      host,
      credentials,
      { operation, readyTimeoutMs: this.options.readyTimeoutMs ?? 5_000 },
      fn,
    );
  }
}

function ownerOf(cluster: ResourceKey, machine: string): HostClaim {
  return { namespace: cluster.namespace, cluster: cluster.name, machine };
}

function claimKey(c: HostClaim): string {
  return `${c.namespace}/${c.cluster}/${c.machine}`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The machine's state from its host's bootstrap state. Pure. */
export function statusOf(host: SshHost, b: HostBootstrapState): MachineInfraStatus {
  const base = { providerID: providerIdOf(host), addresses: [host.address] };
  switch (b.state) {
    case 'complete':
      return { state: 'running', ...base };
    case 'running':
      return { state: 'provisioning', ...base };
    case 'none':
      // Claimed, nothing started (the worker died in between): not a machine yet, so that the
      // machine activity's "describe, then ensure" starts it.
      return { state: 'gone', addresses: [] };
    case 'interrupted':
      return {
        state: 'failed',
        ...base,
        failureReason: `bootstrap on SSH host ${host.name} was interrupted on the host (no run in progress, no sentinel): the host rebooted or the run was killed`,
      };
    case 'failed':
      return {
        state: 'failed',
        ...base,
        failureReason: `bootstrap on SSH host ${host.name} failed at step ${b.step}, ${JSON.stringify(b.command)}, exit status ${b.exitCode}; output (last lines):\n${b.outputTail || '(no output)'}`,
      };
  }
}
