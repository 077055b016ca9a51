import type { ActivityDeps } from '../activities';
import { SimInfrastructureProvider, SimWorkloadCluster } from '../activities/providers/sim';
import { AwsInfrastructureProvider } from '../activities/providers/aws';
import { DockerEtcdStandIn, DockerInfrastructureProvider, RealEtcdWorkloadCluster, SimKubeletStandIn } from '../activities/providers/docker';
import { sshProviderDeps } from './sshProvider';
import { bareMetalProviderDeps } from './bareMetalProvider';
import { UnavailableWorkloadCluster } from '../activities/providers/unavailableWorkloadCluster';
import type { ProviderName } from '../shared/model/desired';
import type { WorkerConfig } from './config';

/**
 * Waits poll a real cloud no faster than this: EC2's API rate limits are per account and
 * region, shared by every machine being watched (the sim's default of 200 ms would throttle).
 */
export const AWS_MIN_POLL_INTERVAL_MS = 2000;

/** Every docker wait costs an exec per machine per poll: no faster than this. */
export const DOCKER_MIN_POLL_INTERVAL_MS = 200;

/** Builds the activity dependencies of one provider. Real providers join here in their issue. */
export function providerDeps(provider: ProviderName, config: WorkerConfig): ActivityDeps {
  switch (provider) {
    case 'sim':
      return {
        infrastructure: new SimInfrastructureProvider(config.simUrl),
        workload: new SimWorkloadCluster(config.simUrl),
        pollIntervalMs: config.pollIntervalMs,
      };
    case 'aws': {
      const { region, endpoint } = config.aws;
      if (!region) {
        throw new Error(
          'provider "aws" needs AWS_REGION: the region this worker launches instances in, which every AWSCluster it serves must declare as spec.region',
        );
      }
      const pollIntervalMs = Math.max(config.pollIntervalMs, AWS_MIN_POLL_INTERVAL_MS);
      return {
        infrastructure: new AwsInfrastructureProvider({ region, pollIntervalMs, ...(endpoint ? { endpoint } : {}) }),
        // DESIGN.md's kube WorkloadCluster is a later issue; until then node-level steps fail clearly.
        workload: new UnavailableWorkloadCluster('aws'),
        pollIntervalMs,
      };
    }
    case 'docker': {
      const d = config.docker;
      const docker = new DockerInfrastructureProvider({
        ...(d.network ? { network: d.network } : {}),
        ...(d.nodeImage ? { defaultNodeImage: d.nodeImage } : {}),
        ...(d.loadBalancerImage ? { loadBalancerImage: d.loadBalancerImage } : {}),
        ...(d.namePrefix ? { namePrefix: d.namePrefix } : {}),
        privileged: d.privileged,
        pollIntervalMs: Math.max(config.pollIntervalMs, DOCKER_MIN_POLL_INTERVAL_MS),
      });
      // Node images without a kubelet (tests, laptops): a stand-in registers their Nodes in the
      // simulated workload cluster at CAPSTAN_DOCKER_SIM_URL. Without it, as for aws, the kube
      // WorkloadCluster is a later issue and node-level steps fail clearly.
      if (!d.simUrl) return { infrastructure: docker, workload: new UnavailableWorkloadCluster('docker'), pollIntervalMs: config.pollIntervalMs };
      // CAPSTAN_DOCKER_REAL_ETCD: the control-plane containers run real etcd and KCP acts on it.
      const etcd = d.realEtcd ? new DockerEtcdStandIn(docker) : undefined;
      return {
        infrastructure: new SimKubeletStandIn(docker, d.simUrl, etcd),
        workload: etcd ? new RealEtcdWorkloadCluster(d.simUrl, etcd) : new SimWorkloadCluster(d.simUrl),
        pollIntervalMs: config.pollIntervalMs,
      };
    }
    case 'ssh':
      return sshProviderDeps(config);
    case 'baremetal':
      return bareMetalProviderDeps(config);
    default:
      throw new Error(
        `provider "${provider}" is not available in this build of Capstan; set CAPSTAN_PROVIDERS to one of: sim, aws, docker, ssh, baremetal`,
      );
  }
}
