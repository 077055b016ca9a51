export { DockerInfrastructureProvider } from './dockerInfrastructureProvider';
export { SimKubeletStandIn } from '../standIn';
export type { DockerProviderOptions } from './dockerOptions';
export { DockerEtcdStandIn } from './etcdStandIn';
export { RealEtcdWorkloadCluster } from './realEtcdWorkloadCluster';
