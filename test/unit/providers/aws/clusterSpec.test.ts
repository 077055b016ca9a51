import type { TemplateSnapshot } from '../../../../shared/model/desired';
import { readAwsClusterSpec } from '../../../../activities/providers/aws/clusterSpec';
import {
  defaultLoadBalancerName,
  targetGroupName,
  validateLoadBalancerName,
} from '../../../../activities/providers/aws/loadBalancerNames';
import { failureDomainsOf } from '../../../../activities/providers/aws/failureDomains';

const cluster = { namespace: 'team-a', name: 'dev-cluster-01' };
const snapshot = (spec: Record<string, unknown>, kind = 'AWSCluster'): TemplateSnapshot => ({
  apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2',
  kind,
  name: 'dev-cluster-01',
  spec: { region: 'eu-west-1', ...spec },
});

describe('reading an AWSCluster', () => {
  test('defaults: an internet-facing NLB named after the cluster, the default VPC', () => {
    expect(readAwsClusterSpec(snapshot({}), cluster, 'eu-west-1')).toEqual({
      template: 'AWSCluster/dev-cluster-01',
      region: 'eu-west-1',
      additionalTags: {},
      subnets: [],
      loadBalancer: { name: defaultLoadBalancerName(cluster), scheme: 'internet-facing' },
    });
  });

  test('named subnets, VPC, internal scheme, own LB name; AWSClusterTemplate too', () => {
    const p = readAwsClusterSpec(
      snapshot(
        {
          network: {
            vpc: { id: 'vpc-1' },
            subnets: [{ id: 'subnet-1', availabilityZone: 'eu-west-1a' }, { id: 'subnet-2' }],
          },
          controlPlaneLoadBalancer: { name: 'dev-api', scheme: 'internal', loadBalancerType: 'nlb' },
          controlPlaneEndpoint: { host: '', port: 0 },
        },
        'AWSClusterTemplate',
      ),
      cluster,
      'eu-west-1',
    );
    expect(p).toMatchObject({
      vpcId: 'vpc-1',
      subnets: [{ id: 'subnet-1', availabilityZone: 'eu-west-1a' }, { id: 'subnet-2' }],
      loadBalancer: { name: 'dev-api', scheme: 'internal' },
    });
    expect(p).not.toHaveProperty('controlPlaneEndpoint'); // an empty host is "not set", as in CAPI
  });

  test('disabled load balancer: the declared endpoint, port defaulted to 6443', () => {
    const p = readAwsClusterSpec(
      snapshot({
        controlPlaneLoadBalancer: { loadBalancerType: 'disabled' },
        controlPlaneEndpoint: { host: 'api.example', port: 0 },
      }),
      cluster,
      'eu-west-1',
    );
    expect(p.loadBalancer).toBeUndefined();
    expect(p.controlPlaneEndpoint).toEqual({ host: 'api.example', port: 6443 });
  });

  test('refuses, naming every field, what it cannot honour', () => {
    expect(() =>
      readAwsClusterSpec(
        snapshot({
          region: 'us-east-2',
          bastion: { enabled: true },
          network: { subnets: [{ cidrBlock: '10.0.0.0/24' }] },
          controlPlaneLoadBalancer: { loadBalancerType: 'classic', name: 'internal-api' },
          identityRef: { kind: 'AWSClusterRoleIdentity', name: 'r' },
        }),
        cluster,
        'eu-west-1',
      ),
    ).toThrow(
      expect.objectContaining({
        type: 'InvalidSpec',
        nonRetryable: true,
        message: expect.stringMatching(
          /spec\.region is us-east-2 but .* eu-west-1 \(AWS_REGION\).*; spec\.bastion\.enabled.*; spec\.identityRef AWSClusterRoleIdentity\/r.*; spec\.network\.subnets\[0\] has no id.*; .*loadBalancerType classic is not supported.*; spec\.controlPlaneLoadBalancer\.name "internal-api" must not begin with "internal-"/,
        ),
      }),
    );
    expect(() =>
      readAwsClusterSpec(
        snapshot({ controlPlaneLoadBalancer: { loadBalancerType: 'disabled' } }),
        cluster,
        'eu-west-1',
      ),
    ).toThrow(
      /spec\.controlPlaneEndpoint\.host is required when the control-plane load balancer is disabled/,
    );
    expect(() => readAwsClusterSpec(snapshot({}, 'DockerCluster'), cluster, 'eu-west-1')).toThrow(
      /it needs an AWSCluster/,
    );
  });
});

describe('load balancer names and failure domains', () => {
  test('≤ 32 valid characters, distinct across namespaces, deterministic', () => {
    const long = { namespace: 'default', name: 'a-very-long-cluster-name-for-a-production-fleet.example' };
    for (const c of [cluster, long, { namespace: 'x', name: '-' }]) {
      const n = defaultLoadBalancerName(c);
      expect(validateLoadBalancerName(n)).toBeUndefined();
      expect(targetGroupName(c)).toBe(n);
    }
    expect(defaultLoadBalancerName(cluster)).toMatch(/^dev-cluster-01-[0-9a-f]{6}-apiserver$/);
    expect(defaultLoadBalancerName({ namespace: 'team-b', name: cluster.name })).not.toBe(
      defaultLoadBalancerName(cluster),
    );
  });

  test.each([
    ['', 'must be 1 to 32 characters long'],
    ['x'.repeat(33), 'must be 1 to 32 characters long'],
    ['a_b', 'may contain only letters, digits and hyphens'],
    ['-ab', 'must not begin or end with a hyphen'],
    ['Internal-ab', 'must not begin with "internal-"'],
    ['good-Name-1', undefined],
  ])('%j: %s', (name, problem) => {
    expect(validateLoadBalancerName(name)).toBe(problem);
  });

  test('failure domains: distinct zones, sorted, all for control planes', () => {
    expect(failureDomainsOf(['b', 'a', undefined, 'b'])).toEqual([
      { name: 'a', controlPlane: true },
      { name: 'b', controlPlane: true },
    ]);
  });
});
