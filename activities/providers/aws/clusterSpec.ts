/**
 * Reads an AWSCluster (or AWSClusterTemplate) snapshot into what the control-plane load balancer
 * and the failure domains need. Capstan does not build networks the way CAPA's managed VPC mode
 * does: it places the cluster in subnets you name, or in the region's default VPC. Pure.
 */
import type { TemplateSnapshot } from '../../../shared/model/desired';
import type { ResourceKey } from '../../../shared/ids';
import { awsClusterSpec } from '../../../shared/model/kinds/awsCluster';
import { awsInvalidSpec } from './awsFailure';
import type { Tags } from './awsTags';
import { defaultLoadBalancerName, validateLoadBalancerName } from './loadBalancerNames';

export interface AwsClusterSubnet {
  id: string;
  availabilityZone?: string;
}

export interface AwsClusterParams {
  /** `AWSCluster/<name>`, for messages */
  template: string;
  region: string;
  additionalTags: Tags;
  /** empty: use the default VPC's default subnets, one per zone */
  subnets: AwsClusterSubnet[];
  vpcId?: string;
  /** undefined when `loadBalancerType: disabled` */
  loadBalancer?: { name: string; scheme: 'internet-facing' | 'internal' };
  /** an endpoint the user declared; wins over the load balancer's DNS name, as in CAPA */
  controlPlaneEndpoint?: { host: string; port: number };
}

export const API_SERVER_PORT = 6443;

export function readAwsClusterSpec(
  snapshot: TemplateSnapshot,
  cluster: ResourceKey,
  providerRegion: string,
): AwsClusterParams {
  const template = `${snapshot.kind}/${snapshot.name}`;
  if (snapshot.kind !== 'AWSCluster' && snapshot.kind !== 'AWSClusterTemplate') {
    throw awsInvalidSpec(
      `the aws provider cannot build cluster infrastructure from ${template}: it needs an AWSCluster`,
    );
  }
  const parsed = awsClusterSpec.safeParse(snapshot.spec);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw awsInvalidSpec(`${template} spec.${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  const s = parsed.data;
  const problems: string[] = [];
  // One worker talks to one region: machines (whose templates carry no region) are launched
  // there, so a cluster declared elsewhere would be split across regions.
  if (s.region !== providerRegion) {
    problems.push(
      `spec.region is ${s.region} but this worker's aws provider is configured for ${providerRegion} (AWS_REGION); ` +
        'run a worker for that region or change spec.region',
    );
  }
  if (s.bastion?.enabled) problems.push('spec.bastion.enabled: bastion hosts are not supported');
  if (s.secondaryControlPlaneLoadBalancer)
    problems.push('spec.secondaryControlPlaneLoadBalancer is not supported');
  if (s.s3Bucket) problems.push('spec.s3Bucket (Ignition storage) is not supported');
  if (s.identityRef && s.identityRef.kind !== 'AWSClusterControllerIdentity') {
    problems.push(
      `spec.identityRef ${s.identityRef.kind}/${s.identityRef.name}: only the worker's own credentials (AWSClusterControllerIdentity) are supported`,
    );
  }
  const subnets: AwsClusterSubnet[] = [];
  (s.network?.subnets ?? []).forEach((sn, i) => {
    if (!sn.id) {
      problems.push(
        `spec.network.subnets[${i}] has no id: Capstan uses existing subnets and does not create them`,
      );
      return;
    }
    subnets.push({ id: sn.id, ...(sn.availabilityZone ? { availabilityZone: sn.availabilityZone } : {}) });
  });
  const lb = s.controlPlaneLoadBalancer;
  const lbType = lb?.loadBalancerType ?? 'nlb';
  if (lbType !== 'nlb' && lbType !== 'disabled') {
    problems.push(
      `spec.controlPlaneLoadBalancer.loadBalancerType ${lbType} is not supported: use nlb (the default here) or disabled`,
    );
  }
  const lbName = lb?.name ?? defaultLoadBalancerName(cluster);
  const nameProblem = validateLoadBalancerName(lbName);
  if (lbType !== 'disabled' && nameProblem)
    problems.push(`spec.controlPlaneLoadBalancer.name "${lbName}" ${nameProblem}`);
  const endpoint = s.controlPlaneEndpoint?.host
    ? { host: s.controlPlaneEndpoint.host, port: s.controlPlaneEndpoint.port || API_SERVER_PORT }
    : undefined;
  if (lbType === 'disabled' && !endpoint) {
    problems.push(
      'spec.controlPlaneEndpoint.host is required when the control-plane load balancer is disabled',
    );
  }
  if (problems.length > 0) throw awsInvalidSpec(`${template}: ${problems.join('; ')}`);
  return {
    template,
    region: s.region,
    additionalTags: { ...(s.additionalTags ?? {}) },
    subnets,
    ...(s.network?.vpc?.id ? { vpcId: s.network.vpc.id } : {}),
    ...(lbType === 'disabled'
      ? {}
      : { loadBalancer: { name: lbName, scheme: lb?.scheme ?? 'internet-facing' } }),
    ...(endpoint ? { controlPlaneEndpoint: endpoint } : {}),
  };
}
