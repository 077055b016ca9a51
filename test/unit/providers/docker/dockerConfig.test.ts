/** The worker's docker settings (workers/config.ts) and wiring (workers/providers.ts). No engine is contacted. */
import { DockerInfrastructureProvider, SimKubeletStandIn } from '../../../../activities/providers/docker';
import { SimWorkloadCluster } from '../../../../activities/providers/sim';
import { UnavailableWorkloadCluster } from '../../../../activities/providers/unavailableWorkloadCluster';
import { loadWorkerConfig } from '../../../../workers/config';
import { providerDeps } from '../../../../workers/providers';

describe('docker worker configuration', () => {
  it('defaults to CAPD: network kind, kindest images, privileged, no stand-in', () => {
    const config = loadWorkerConfig({ CAPSTAN_PROVIDERS: 'docker' });
    expect(config.docker).toEqual({ privileged: true });
    const deps = providerDeps('docker', config);
    expect(deps.infrastructure).toBeInstanceOf(DockerInfrastructureProvider);
    expect((deps.infrastructure as DockerInfrastructureProvider).options).toMatchObject({
      network: 'kind',
      loadBalancerImage: 'kindest/haproxy:v20230606-42a2262b',
      namePrefix: '',
      privileged: true,
    });
    expect(deps.workload).toBeInstanceOf(UnavailableWorkloadCluster);
  });

  it('CAPSTAN_DOCKER_* override them; CAPSTAN_DOCKER_SIM_URL adds the kubelet stand-in and the simulated workload cluster', () => {
    const config = loadWorkerConfig({
      CAPSTAN_PROVIDERS: 'docker',
      CAPSTAN_DOCKER_NETWORK: 'lab',
      CAPSTAN_DOCKER_NODE_IMAGE: 'capstan/node:bookworm',
      CAPSTAN_DOCKER_LB_IMAGE: 'capstan/node:bookworm',
      CAPSTAN_DOCKER_NAME_PREFIX: 'ci1-',
      CAPSTAN_DOCKER_PRIVILEGED: 'false',
      CAPSTAN_DOCKER_SIM_URL: 'http://127.0.0.1:7380',
    });
    const deps = providerDeps('docker', config);
    expect(deps.infrastructure).toBeInstanceOf(SimKubeletStandIn);
    expect(((deps.infrastructure as SimKubeletStandIn).inner as DockerInfrastructureProvider).options).toMatchObject({
      network: 'lab',
      defaultNodeImage: 'capstan/node:bookworm',
      loadBalancerImage: 'capstan/node:bookworm',
      namePrefix: 'ci1-',
      privileged: false,
    });
    expect(deps.workload).toBeInstanceOf(SimWorkloadCluster);
  });

  it('a prefix that cannot start a container name is refused at start', () => {
    expect(() => loadWorkerConfig({ CAPSTAN_DOCKER_NAME_PREFIX: '-x' })).toThrow(
      /CAPSTAN_DOCKER_NAME_PREFIX/,
    );
  });
});
