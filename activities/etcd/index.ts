export { EtcdClient, type EtcdClientOptions, type AddLearnerResult, type ClusterHealth, type EndpointHealth } from './etcdClient';
export { EtcdWorkloadMembership, toEtcdMember, findMemberByRef, type EtcdClientFor } from './etcdWorkloadMembership';
export type { EtcdMemberView } from './memberView';
export { isMemberId } from './memberId';
