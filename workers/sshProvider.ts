import { readFileSync } from 'node:fs';
import type { ActivityDeps } from '../activities';
import {
  SshInfrastructureProvider,
  directorySshCredentialSource,
  envSshCredentialSource,
  parseSshInventory,
  type SshCredentialSource,
} from '../activities/providers/ssh';
import { SimWorkloadCluster } from '../activities/providers/sim';
import { SimKubeletStandIn } from '../activities/providers/standIn';
import { UnavailableWorkloadCluster } from '../activities/providers/unavailableWorkloadCluster';
import type { WorkerConfig } from './config';

/** Every ssh wait costs an SSH session per machine per poll: no faster than this. */
export const SSH_MIN_POLL_INTERVAL_MS = 2000;

/** The `ssh` provider's dependencies: the inventory file, read and validated at start. */
export function sshProviderDeps(config: WorkerConfig): ActivityDeps {
  const { inventoryPath, credentialsDir, resetCommand } = config.ssh;
  if (!inventoryPath) {
    throw new Error(
      'provider "ssh" needs CAPSTAN_SSH_INVENTORY: the path of the inventory of enrolled hosts (YAML or JSON; see README, "SSH hosts")',
    );
  }
  let text: string;
  try {
    text = readFileSync(inventoryPath, 'utf8');
  } catch (err) {
    throw new Error(
      `provider "ssh": cannot read CAPSTAN_SSH_INVENTORY ${inventoryPath}: ${(err as Error).message}`,
    );
  }
  const inventory = parseSshInventory(text);
  if (!inventory.ok) {
    throw new Error(
      `provider "ssh": inventory ${inventoryPath} is invalid:\n  - ${inventory.problems.join('\n  - ')}`,
    );
  }
  const credentialSources: SshCredentialSource[] = [
    ...(credentialsDir ? [directorySshCredentialSource(credentialsDir)] : []),
    envSshCredentialSource(),
  ];
  const ssh = new SshInfrastructureProvider({
    inventory: inventory.hosts,
    credentialSources,
    ...(resetCommand ? { resetCommand } : {}),
  });
  const pollIntervalMs = Math.max(config.pollIntervalMs, SSH_MIN_POLL_INTERVAL_MS);
  // Hosts without Kubernetes (CAPSTAN_SSH_SIM_URL): the kubelet stand-in registers their Nodes in
  // the simulated workload cluster. Otherwise DESIGN.md's kube WorkloadCluster is a later issue,
  // and node-level steps fail clearly.
  if (config.ssh.simUrl) {
    return { infrastructure: new SimKubeletStandIn(ssh, config.ssh.simUrl), workload: new SimWorkloadCluster(config.ssh.simUrl), pollIntervalMs };
  }
  return { infrastructure: ssh, workload: new UnavailableWorkloadCluster('ssh'), pollIntervalMs };
}
