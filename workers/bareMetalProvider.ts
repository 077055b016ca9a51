import { readFileSync } from 'node:fs';
import type { ActivityDeps } from '../activities';
import { BareMetalInfrastructureProvider } from '../activities/providers/baremetal/bareMetalInfrastructureProvider';
import { directoryCredentialSource, envCredentialSource, type BmcCredentialSource } from '../activities/providers/baremetal/bmcCredentials';
import { FileHostClaimStore } from '../activities/providers/baremetal/hostClaims';
import { parseBareMetalHosts } from '../activities/providers/baremetal/hostInventory';
import { directorySshCredentialSource, envSshCredentialSource, type SshCredentialSource } from '../activities/providers/ssh';
import { SimWorkloadCluster } from '../activities/providers/sim';
import { SimKubeletStandIn } from '../activities/providers/standIn';
import { UnavailableWorkloadCluster } from '../activities/providers/unavailableWorkloadCluster';
import type { WorkerConfig } from './config';

/** Every describe of a booting host costs a BMC request and an SSH attempt: no faster than this. */
export const BAREMETAL_MIN_POLL_INTERVAL_MS = 2000;

/** The `baremetal` provider's dependencies: the BareMetalHost manifests, read and validated at start. */
export function bareMetalProviderDeps(config: WorkerConfig): ActivityDeps {
  const { hostsPath, bmcCredentialsDir, stateDir, sshCredentialsName } = config.baremetal;
  if (!hostsPath) {
    throw new Error(
      'provider "baremetal" needs CAPSTAN_BAREMETAL_HOSTS: the path of the BareMetalHost manifests this worker may claim (YAML; see README, "Bare metal (BMC) provider")',
    );
  }
  let text: string;
  try {
    text = readFileSync(hostsPath, 'utf8');
  } catch (err) {
    throw new Error(`provider "baremetal": cannot read CAPSTAN_BAREMETAL_HOSTS ${hostsPath}: ${(err as Error).message}`);
  }
  const inventory = parseBareMetalHosts(text, hostsPath);
  if (!inventory.ok) {
    throw new Error(`provider "baremetal": ${hostsPath} is invalid:\n  - ${inventory.problems.join('\n  - ')}`);
  }
  const bmcCredentials: BmcCredentialSource[] = [
    ...(bmcCredentialsDir ? [directoryCredentialSource(bmcCredentialsDir)] : []),
    envCredentialSource(),
  ];
  const sshCredentials: SshCredentialSource[] = [
    ...(config.ssh.credentialsDir ? [directorySshCredentialSource(config.ssh.credentialsDir)] : []),
    envSshCredentialSource(),
  ];
  const bareMetal = new BareMetalInfrastructureProvider({
    hosts: inventory.hosts,
    claims: new FileHostClaimStore(stateDir),
    bmcCredentials,
    sshCredentials,
    ...(sshCredentialsName ? { defaultSshCredentialsName: sshCredentialsName } : {}),
    ...(config.ssh.resetCommand ? { resetCommand: config.ssh.resetCommand } : {}),
  });
  const pollIntervalMs = Math.max(config.pollIntervalMs, BAREMETAL_MIN_POLL_INTERVAL_MS);
  // Hosts whose image has no Kubernetes (CAPSTAN_BAREMETAL_SIM_URL, labs and tests): the kubelet
  // stand-in registers their Nodes in the simulated workload cluster. Otherwise DESIGN.md's kube
  // WorkloadCluster is a later issue, and node-level steps fail clearly.
  const simUrl = config.baremetal.simUrl;
  if (simUrl) return { infrastructure: new SimKubeletStandIn(bareMetal, simUrl), workload: new SimWorkloadCluster(simUrl), pollIntervalMs };
  return { infrastructure: bareMetal, workload: new UnavailableWorkloadCluster('baremetal'), pollIntervalMs };
}
