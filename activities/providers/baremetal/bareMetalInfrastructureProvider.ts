/**
 * InfrastructureProvider for bare metal (Metal3's equivalent): claim a BareMetalHost, boot it
 * through its BMC (Redfish or IPMI), then bootstrap it over SSH.
 *
 * - ensureMachine: the host the machine already claimed, or the first free host (by name) of the
 *   inventory in the cluster's namespace matching the template's `hostSelector`; the claim is an
 *   atomic file in the claim store (hostClaims.ts), made before the BMC is touched. The machine's
 *   bootstrap data goes to the store too (never to a workflow). Then `advance` (below). Returns
 *   at once: the machine activity gives it ~20 s, a real host takes minutes to boot.
 * - advance (ensure and describe both run it; every step is recorded in the claim, so a retry or
 *   another worker resumes where the last one stopped): one-time boot device through the BMC
 *   (PXE when the template has an image, else disk), power on, and once the BMC reports the host
 *   on and its sshAddress answers, the on-host claim marker and the bootstrap (started detached,
 *   followed through CAPI's sentinel). The host key is the annotation's pin, else pinned at that
 *   first contact (the host was just imaged for this machine) and checked on every later session.
 * - describeMachine: claimed, powering or booting → provisioning; bootstrap running →
 *   provisioning; sentinel → running; a failed step → failed with the command's output tail.
 * - deleteMachine: reset over SSH (the reset command, bootstrap state, sentinel, on-host claim),
 *   power off through the BMC, then the claim is released. Already gone is success.
 * - rebootMachine: a BMC power cycle, once per idempotency key.
 * providerID: `metal3://<namespace>/<host>/<machine>`, as CAPM3 sets it.
 *
 * Provisioning proper (writing `image` to the disk, as Ironic does) is not done: the image is
 * expected to be what the host boots into (PXE/disk), and the tests simulate that OS with an sshd
 * container. Credentials (BMC and SSH) are resolved by name inside the activity only.
 */
import type { MachineFacts } from '../standIn/machineFacts';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../../shared/errors';
import type { ResourceKey } from '../../../shared/ids';
import type { BareMetalHostObject } from '../../../shared/model/kinds/bareMetalHost';
import type {
  ClusterInfraRequest,
  ClusterInfraStatus,
  InfrastructureProvider,
  MachineInfraRequest,
  MachineInfraStatus,
  MachineRebootOutcome,
} from '../types';
import { readBootstrapState, startBootstrap } from '../ssh/bootstrapRunner';
import type { HostBootstrapState } from '../ssh/bootstrapScript';
import { claimHost, releaseHost } from '../ssh/claim';
import { resolveSshCredentials, type SshCredentialSource } from '../ssh/sshCredentials';
import { openSshSession, type SshSession } from '../ssh/sshSession';
import type { SshHost } from '../ssh/sshHost';
import { DEFAULT_RESET_COMMAND } from '../ssh/sshInfrastructureProvider';
import type { BmcClient, BootDevice } from './bmcClient';
import type { BmcCredentialSource } from './bmcCredentials';
import { bmcFor } from './bmcFor';
import type { FileHostClaimStore, HostClaimRecord, HostOwner } from './hostClaims';
import {
  describeHostSelector,
  hostSelectorOf,
  hostsSelected,
  splitHostPort,
  sshTargetOf,
  unclaimableReason,
} from './hostInventory';

export interface BareMetalProviderOptions {
  /** the BareMetalHosts this worker may claim (hostInventory.ts) */
  hosts: readonly BareMetalHostObject[];
  claims: FileHostClaimStore;
  bmcCredentials: readonly BmcCredentialSource[];
  sshCredentials: readonly SshCredentialSource[];
  /** SSH credentials of hosts without the ssh-credentials-name annotation */
  defaultSshCredentialsName?: string;
  /** run on a host before it is given back (default: the SSH provider's `kubeadm reset -f`) */
  resetCommand?: string;
  /** connect + handshake to a host's sshd (default 5 s: a booting host must not eat the activity's timeout) */
  sshReadyTimeoutMs?: number;
  /** one Redfish request or ipmitool run (default 8 s) */
  bmcTimeoutMs?: number;
  ipmitoolPath?: string;
  now?: () => Date;
}

/** How many power-cycle idempotency keys a claim remembers. */
const REMEMBERED_REBOOTS = 16;

export function bareMetalProviderId(namespace: string, host: string, machine: string): string {
  return `metal3://${namespace}/${host}/${machine}`;
}

export class BareMetalInfrastructureProvider implements InfrastructureProvider {
  readonly name = 'baremetal' as const;

  constructor(private readonly options: BareMetalProviderOptions) {}

  async ensureClusterInfrastructure(req: ClusterInfraRequest): Promise<ClusterInfraStatus> {
    // No load balancer to make: BareMetalCluster declares the endpoint (a VIP or DNS name).
    const ep = req.infrastructure.spec['controlPlaneEndpoint'] as { host?: unknown; port?: unknown } | undefined;
    if (!ep || typeof ep.host !== 'string' || ep.host === '') {
      throw ApplicationFailure.create({
        type: ErrorTypes.InvalidSpec,
        nonRetryable: true,
        message: `${req.infrastructure.kind} ${req.cluster.namespace}/${req.infrastructure.name} has no spec.controlPlaneEndpoint.host: bare metal has no load balancer to make one, declare a VIP or DNS name`,
      });
    }
    return {
      provisioned: true,
      controlPlaneEndpoint: { host: ep.host, port: typeof ep.port === 'number' ? ep.port : 6443 },
      failureDomains: [],
    };
  }

  /** Gives back whatever the cluster still holds (a machine workflow that never finished its delete). */
  async deleteClusterInfrastructure(cluster: ResourceKey): Promise<boolean> {
    const held = await this.options.claims.list(cluster.namespace, cluster.name);
    let gone = true;
    for (const c of held) gone = (await this.deleteMachine(cluster, c.machine)) && gone;
    return gone && (await this.options.claims.list(cluster.namespace, cluster.name)).length === 0;
  }

  async ensureMachine(req: MachineInfraRequest): Promise<MachineInfraStatus> {
    const owner = ownerOf(req.cluster, req.machine);
    const claims = this.options.claims;
    let claim = await claims.findByOwner(owner);
    if (claim?.deletingSince) return this.status(claim, 'deleting');
    // The bootstrap data waits in the store until the host's OS answers (describe starts it then).
    await claims.putUserData(owner, req.bootstrapData);
    if (!claim) {
      try {
        claim = await this.claimFree(req, owner);
      } catch (err) {
        await claims.deleteUserData(owner);
        throw err;
      }
    }
    try {
      return await this.advance(claim);
    } catch (err) {
      // A terminal failure before the host was powered on (BMC credentials rejected, a bad
      // address): nothing was done to the host, so it is given back rather than held.
      if (err instanceof ApplicationFailure && err.nonRetryable) {
        const held = await claims.findByOwner(owner);
        if (held && !held.poweredOnAt) await claims.release(held);
      }
      throw err;
    }
  }

  /** Role, version, address and user data of the machine on its host (for the kubelet stand-in). */
  async machineFacts(cluster: ResourceKey, machine: string): Promise<MachineFacts | undefined> {
    const owner = ownerOf(cluster, machine);
    const claim = await this.options.claims.findByOwner(owner);
    if (!claim?.role || claim.version === undefined) return undefined;
    const userData = await this.options.claims.userData(owner);
    const sshAddress = this.hostOf(claim)?.spec.sshAddress;
    return {
      role: claim.role,
      version: claim.version,
      ...(sshAddress ? { address: splitHostPort(sshAddress).address } : {}),
      ...(userData !== undefined ? { userData } : {}),
    };
  }

  async describeMachine(cluster: ResourceKey, machine: string): Promise<MachineInfraStatus> {
    const claim = await this.options.claims.findByOwner(ownerOf(cluster, machine));
    if (!claim) return { state: 'gone', addresses: [] };
    if (claim.deletingSince) return this.status(claim, 'deleting');
    return this.advance(claim);
  }

  async deleteMachine(cluster: ResourceKey, machine: string): Promise<boolean> {
    const owner = ownerOf(cluster, machine);
    const claims = this.options.claims;
    let claim = await claims.findByOwner(owner);
    if (!claim) {
      await claims.deleteUserData(owner);
      return true;
    }
    if (!claim.deletingSince) claim = await claims.update(claim, { deletingSince: this.now() });
    const host = this.hostOf(claim);
    if (!host) {
      // Removed from the inventory: nothing left to reach; the claim must not outlive it.
      await claims.release(claim);
      return true;
    }
    const bmc = await this.bmc(host);
    if (!claim.resetAt) {
      // Reset only a host whose OS we reached; a host that is off runs nothing to undo now.
      if (claim.contactedAt && (await bmc.powerState()) !== 'off') {
        const target = this.sshTarget(host, claim);
        const resetCommand = this.options.resetCommand ?? DEFAULT_RESET_COMMAND;
        await this.withSession(target, 'release', (s) => releaseHost(s, owner, { resetCommand }));
      }
      claim = await claims.update(claim, { resetAt: this.now() });
    }
    await bmc.powerOff();
    if ((await bmc.powerState()) !== 'off') return false; // the BMC applies it; the next call looks again
    await claims.release(claim);
    return true;
  }

  async rebootMachine(cluster: ResourceKey, machine: string, idempotencyKey: string): Promise<MachineRebootOutcome> {
    const claims = this.options.claims;
    let claim = await claims.findByOwner(ownerOf(cluster, machine));
    if (!claim) return { outcome: 'gone', message: `machine ${cluster.namespace}/${machine} holds no BareMetalHost` };
    const name = `${claim.namespace}/${claim.host}`;
    if (claim.reboots?.includes(idempotencyKey)) {
      return { outcome: 'rebooting', message: `power cycle ${idempotencyKey} of BareMetalHost ${name} was already sent` };
    }
    if (claim.deletingSince) return { outcome: 'refused', message: `BareMetalHost ${name} is being released` };
    if (!claim.poweredOnAt) return { outcome: 'refused', message: `BareMetalHost ${name} was never powered on` };
    const host = this.hostOf(claim);
    if (!host) return { outcome: 'refused', message: `BareMetalHost ${name} is no longer in this worker's inventory` };
    const bmc = await this.bmc(host);
    const change = await bmc.reboot('cycle');
    claim = await claims.update(claim, {
      reboots: [...(claim.reboots ?? []), idempotencyKey].slice(-REMEMBERED_REBOOTS),
    });
    return {
      outcome: 'rebooting',
      message: `BareMetalHost ${name} power-cycled through its BMC (${change.request ?? 'power on'})`,
    };
  }

  /** Claims the first free host matching the template; terminal when none can ever match. */
  private async claimFree(req: MachineInfraRequest, owner: HostOwner): Promise<HostClaimRecord> {
    const selector = hostSelectorOf(req.infrastructure.spec);
    const ns = req.cluster.namespace;
    const what = `${req.infrastructure.kind}/${req.infrastructure.name} hostSelector ${describeHostSelector(selector)}`;
    const candidates = hostsSelected(this.options.hosts, ns, selector);
    if (candidates.length === 0) {
      throw ApplicationFailure.create({
        type: ErrorTypes.InvalidSpec,
        nonRetryable: true,
        message: `no BareMetalHost in namespace ${ns} matches ${what} (machine ${ns}/${req.machine}; this worker knows ${this.options.hosts.length} host(s))`,
      });
    }
    const notNow: string[] = [];
    let anyUsable = false;
    for (const h of candidates) {
      const why = unclaimableReason(h, owner);
      if (why) {
        notNow.push(`${h.metadata.name} ${why.why}`);
        continue;
      }
      anyUsable = true;
      const held = await this.options.claims.claim(
        ns,
        h.metadata.name,
        owner,
        { plannedBootDevice: bootDeviceFor(req.infrastructure.spec), role: req.role, version: req.version },
        this.clock(),
      );
      if (held.cluster === owner.cluster && held.machine === owner.machine) return held;
      notNow.push(`${h.metadata.name} is claimed by machine ${held.namespace}/${held.machine}`);
    }
    const detail = notNow.join('; ');
    if (!anyUsable && candidates.every((h) => unclaimableReason(h, owner)?.terminal)) {
      throw ApplicationFailure.create({
        type: ErrorTypes.InvalidSpec,
        nonRetryable: true,
        message: `no BareMetalHost matching ${what} can serve machine ${ns}/${req.machine}: ${detail}`,
      });
    }
    throw ApplicationFailure.create({
      type: ErrorTypes.Conflict,
      message: `no free BareMetalHost for machine ${ns}/${req.machine}: all ${candidates.length} host(s) matching ${what} are taken (${detail}); will retry`,
    });
  }

  /** Moves the machine one step further, as far as it can without waiting; answers its state. */
  private async advance(claim0: HostClaimRecord): Promise<MachineInfraStatus> {
    let claim = claim0;
    const claims = this.options.claims;
    const host = this.hostOf(claim);
    if (!host) {
      return this.status(claim, 'failed', `BareMetalHost ${claim.namespace}/${claim.host} is no longer in this worker's inventory`);
    }
    const bmc = await this.bmc(host);
    if (!claim.bootDevice) {
      const device = claim.plannedBootDevice ?? 'disk';
      await bmc.setBootDevice(device, { efi: host.spec.bootMode === 'UEFI' || host.spec.bootMode === 'UEFISecureBoot' });
      claim = await claims.update(claim, { bootDevice: device });
    }
    if (!claim.poweredOnAt) {
      await bmc.powerOn();
      claim = await claims.update(claim, { poweredOnAt: this.now() });
    }
    if ((await bmc.powerState()) !== 'on') return this.status(claim, 'provisioning'); // still powering on
    // The host's OS: booting until its sshd answers.
    const target = this.sshTarget(host, claim);
    let session: SshSession;
    try {
      session = await this.openSession(target, 'provision');
    } catch (err) {
      if (isRetryable(err)) return this.status(claim, 'provisioning');
      throw err;
    }
    try {
      if (!target.hostKey) {
        claim = await claims.update(claim, { hostKey: session.hostKey.fingerprint });
      }
      if (!claim.contactedAt) {
        await claimHost(session, claim, { now: this.clock() });
        claim = await claims.update(claim, { contactedAt: this.now() });
      }
      let state = await readBootstrapState(session);
      // `none`: never started; `interrupted`: a run died (the host rebooted: /run is gone). The
      // runner resumes at the first unfinished step, so nothing that succeeded runs twice.
      if (state.state === 'none' || state.state === 'interrupted') {
        const data = await claims.userData(claim);
        if (data === undefined) {
          return this.status(claim, 'failed', `the bootstrap data of machine ${claim.namespace}/${claim.machine} is missing from the claim store; delete the machine to recreate it`);
        }
        await startBootstrap(session, data);
        if (!claim.bootstrapStartedAt) claim = await claims.update(claim, { bootstrapStartedAt: this.now() });
        state = await readBootstrapState(session);
      }
      return this.withAddresses(fromBootstrap(claim, state), claim);
    } catch (err) {
      if (isRetryable(err)) return this.status(claim, 'provisioning');
      throw err;
    } finally {
      session.close();
    }
  }

  private status(claim: HostClaimRecord, state: MachineInfraStatus['state'], failureReason?: string): MachineInfraStatus {
    return this.withAddresses(statusOf(claim, state, failureReason), claim);
  }

  /** The host's SSH address is the machine's address (Metal3 reports the host's NIC addresses). */
  private withAddresses(s: MachineInfraStatus, claim: HostClaimRecord): MachineInfraStatus {
    const sshAddress = this.hostOf(claim)?.spec.sshAddress;
    return sshAddress ? { ...s, addresses: [splitHostPort(sshAddress).address] } : s;
  }

  private hostOf(claim: HostClaimRecord): BareMetalHostObject | undefined {
    return this.options.hosts.find((h) => h.metadata.namespace === claim.namespace && h.metadata.name === claim.host);
  }

  private bmc(host: BareMetalHostObject): Promise<BmcClient> {
    return bmcFor(host, {
      credentials: this.options.bmcCredentials,
      timeoutMs: this.options.bmcTimeoutMs ?? 8_000,
      ...(this.options.ipmitoolPath ? { ipmitoolPath: this.options.ipmitoolPath } : {}),
    });
  }

  private sshTarget(host: BareMetalHostObject, claim: HostClaimRecord): SshHost {
    const t = sshTargetOf(host, {
      ...(this.options.defaultSshCredentialsName ? { credentialsName: this.options.defaultSshCredentialsName } : {}),
      ...(claim.hostKey ? { recordedHostKey: claim.hostKey } : {}),
    });
    if ('problem' in t) throw ApplicationFailure.create({ type: ErrorTypes.InvalidSpec, nonRetryable: true, message: t.problem });
    return t;
  }

  /** Pinned when the host or its claim has a key; else trust on first use (recorded by the caller). */
  private async openSession(target: SshHost, operation: string): Promise<SshSession> {
    const credentials = await resolveSshCredentials(this.options.sshCredentials, {
      ...(target.namespace ? { namespace: target.namespace } : {}),
      credentialsName: target.credentialsName,
      host: target.name,
    });
    return openSshSession(target, credentials, {
      operation,
      readyTimeoutMs: this.options.sshReadyTimeoutMs ?? 5_000,
      trustOnFirstUse: !target.hostKey,
    });
  }

  private async withSession<T>(target: SshHost, operation: string, fn: (s: SshSession) => Promise<T>): Promise<T> {
    const s = await this.openSession(target, operation);
    try {
      return await fn(s);
    } finally {
      s.close();
    }
  }

  private clock(): Date {
    return this.options.now?.() ?? new Date();
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

function ownerOf(cluster: ResourceKey, machine: string): HostOwner {
  return { namespace: cluster.namespace, cluster: cluster.name, machine };
}

/**
 * PXE when the template gives an image (Metal3 writes it from a network-booted ramdisk), else
 * disk (`customDeploy`: what is on the disk is booted).
 */
export function bootDeviceFor(spec: Record<string, unknown>): BootDevice {
  return spec['image'] !== undefined ? 'pxe' : 'disk';
}

function isRetryable(err: unknown): boolean {
  return err instanceof ApplicationFailure && !err.nonRetryable;
}

function statusOf(claim: HostClaimRecord, state: MachineInfraStatus['state'], failureReason?: string): MachineInfraStatus {
  return {
    state,
    providerID: bareMetalProviderId(claim.namespace, claim.host, claim.machine),
    addresses: [],
    ...(failureReason ? { failureReason } : {}),
  };
}

/** The machine's state from its host's bootstrap state. */
function fromBootstrap(claim: HostClaimRecord, b: HostBootstrapState): MachineInfraStatus {
  const host = `BareMetalHost ${claim.namespace}/${claim.host}`;
  switch (b.state) {
    case 'complete':
      return statusOf(claim, 'running');
    case 'running':
    case 'none':
    case 'interrupted':
      return statusOf(claim, 'provisioning');
    case 'failed':
      return statusOf(
        claim,
        'failed',
        `bootstrap on ${host} failed at step ${b.step}, ${JSON.stringify(b.command)}, exit status ${b.exitCode}; output (last lines):\n${b.outputTail || '(no output)'}`,
      );
  }
}
