import { ApplicationFailure } from '@temporalio/common';
import type { ResourceKey } from '../../shared/ids';
import type { DesiredCluster, TemplateSnapshot } from '../../shared/model/desired';
import { ErrorTypes } from '../../shared/errors';
import type { ActivityDeps } from '../deps';
import type { MachineInfraStatus, MachineRole } from '../providers/types';
import { pollUntil } from '../poll';
import { renderKubeadmCloudInit, type BootstrapMode } from '../bootstrap/kubeadmCloudInit';
import { bootstrapTokenFor, bootstrapTokenIdFor, DEFAULT_BOOTSTRAP_TOKEN_TTL_SECONDS, generateBootstrapToken } from '../bootstrap/bootstrapToken';
import { caCertHash, ensureClusterCertificates } from '../bootstrap/clusterCertificates';

/** How long one long-poll may hold; well inside the 10 s heartbeat timeout of waiting activities. */
export const LONG_POLL_MS = 4000;

export interface EnsureMachineInput {
  cluster: ResourceKey;
  machine: string;
  role: MachineRole;
  bootstrapMode: BootstrapMode;
  version: string;
  failureDomain?: string;
  infrastructure: TemplateSnapshot;
  bootstrap: TemplateSnapshot;
  controlPlaneEndpoint: { host: string; port: number };
  clusterNetwork: DesiredCluster['clusterNetwork'];
}

export function machineInfrastructureActivities(deps: ActivityDeps) {
  return {
    /**
     * Renders the machine's bootstrap data and creates (or finds) its infrastructure. The data
     * holds a join token, so it is produced and consumed here and never returned to the workflow.
     */
    async ensureMachine(input: EnsureMachineInput): Promise<MachineInfraStatus & { bootstrapTokenRefreshMs?: number }> {
      // A joining machine's token is issued in the workload cluster with a TTL; the machine
      // workflow refreshes it every `bootstrapTokenRefreshMs` until the node joined.
      const joining = input.bootstrapMode !== 'init';
      const ttl = deps.bootstrapTokenTtlSeconds ?? DEFAULT_BOOTSTRAP_TOKEN_TTL_SECONDS;
      const issuesTokens = joining && !!deps.workload.createBootstrapToken && !!deps.workload.refreshBootstrapToken;
      const refresh = issuesTokens ? { bootstrapTokenRefreshMs: Math.max(1000, Math.floor((ttl * 1000) / 3)) } : {};
      const existing = await deps.infrastructure.describeMachine(input.cluster, input.machine);
      if (existing.state !== 'gone') return { ...existing, ...refresh }; // idempotent: a retry after a crash finds it
      const token = joining ? bootstrapTokenFor(input.cluster, input.machine) : generateBootstrapToken();
      if (issuesTokens) await deps.workload.createBootstrapToken!(input.cluster, token, ttl);
      // The cluster's CAs: read (or created, once) from the secret store, never returned.
      const certificates = deps.secrets ? await ensureClusterCertificates(deps.secrets, input.cluster) : undefined;
      const bootstrapData = renderKubeadmCloudInit({
        ...(certificates ? { certificates, caCertHash: caCertHash(certificates.ca.cert) } : {}),
        mode: input.bootstrapMode,
        clusterName: input.cluster.name,
        namespace: input.cluster.namespace,
        version: input.version,
        controlPlaneEndpoint: input.controlPlaneEndpoint,
        kubeadmConfigSpec: input.bootstrap.spec,
        podCIDRs: input.clusterNetwork.pods,
        serviceCIDRs: input.clusterNetwork.services,
        serviceDomain: input.clusterNetwork.serviceDomain,
        token,
        nodeName: input.machine,
      });
      const status = await deps.infrastructure.ensureMachine({
        cluster: input.cluster,
        machine: input.machine,
        role: input.role,
        version: input.version,
        failureDomain: input.failureDomain,
        infrastructure: input.infrastructure,
        bootstrapData,
      });
      return { ...status, ...refresh };
    },

    /**
     * Pushes the joining machine's bootstrap token out to a full TTL again (CABPK's refresh), so a
     * machine that boots slower than the TTL (bare metal: firmware, PXE, image writes) still
     * joins. Only the token id, derived from the machine, is needed: the token stays here.
     */
    async refreshBootstrapToken(input: { cluster: ResourceKey; machine: string }): Promise<{ expiresAt?: string }> {
      const refresh = deps.workload.refreshBootstrapToken;
      if (!refresh) return {};
      const ttl = deps.bootstrapTokenTtlSeconds ?? DEFAULT_BOOTSTRAP_TOKEN_TTL_SECONDS;
      return (await refresh.call(deps.workload, input.cluster, bootstrapTokenIdFor(input.cluster, input.machine), ttl)) ?? {};
    },

    /** Waits until the provider reports the machine running (providerID set) or failed. */
    async awaitMachineProvisioned(input: { cluster: ResourceKey; machine: string }): Promise<MachineInfraStatus> {
      const done = ['running', 'failed', 'gone'] as const;
      const infra = deps.infrastructure;
      const status = await pollUntil(`provisioning ${input.machine}`, infra.waitForMachineState ? 0 : deps.pollIntervalMs, async () => {
        const s = infra.waitForMachineState
          ? await infra.waitForMachineState(input.cluster, input.machine, done, LONG_POLL_MS)
          : await infra.describeMachine(input.cluster, input.machine);
        return (done as readonly string[]).includes(s.state) ? s : undefined;
      });
      if (status.state === 'failed') {
        throw ApplicationFailure.create({
          type: ErrorTypes.ProvisioningFailed,
          message: `machine ${input.machine} failed to provision: ${status.failureReason ?? 'no reason given'}`,
          nonRetryable: true,
        });
      }
      if (status.state === 'gone') {
        // Someone deleted it behind our back; the workflow re-creates it through ensureMachine.
        throw ApplicationFailure.create({
          type: ErrorTypes.NotFound,
          message: `machine ${input.machine} disappeared while provisioning`,
          nonRetryable: true,
        });
      }
      return status;
    },

    /** Deletes the machine's infrastructure and waits until it is gone; "already gone" is success. */
    async deleteMachineInfrastructure(input: { cluster: ResourceKey; machine: string }): Promise<void> {
      const infra = deps.infrastructure;
      // A provider that can wait for 'gone' answers the moment the machine is gone instead of at
      // the next poll; the delete is re-issued after every wait, so a lost request is repeated.
      await pollUntil(`deleting ${input.machine}`, infra.waitForMachineState ? 0 : deps.pollIntervalMs, async () => {
        if (await infra.deleteMachine(input.cluster, input.machine)) return true;
        if (!infra.waitForMachineState) return undefined;
        const seen = await infra.waitForMachineState(input.cluster, input.machine, ['gone'], LONG_POLL_MS);
        return seen.state === 'gone' ? true : undefined;
      });
    },
  };
}
