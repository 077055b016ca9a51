import {
  clusterInstanceFilters,
  fromAwsTags,
  isOwnedBy,
  loadBalancerTags,
  machineFilters,
  machineTags,
  subnetShareTagKey,
  toAwsTags,
} from '../../../../activities/providers/aws/awsTags';
import { clientToken, CLIENT_TOKEN_MAX_LENGTH } from '../../../../activities/providers/aws/clientToken';

const cluster = { namespace: 'team-a', name: 'prod' };

describe('tags', () => {
  test('a machine carries CAPA and Capstan identity tags; additionalTags cannot overwrite them', () => {
    expect(
      machineTags(cluster, 'prod-cp-x1', 'control-plane', {
        team: 'a',
        'capstan.io/machine': 'evil',
        Name: 'evil',
      }),
    ).toEqual({
      team: 'a',
      'capstan.io/cluster': 'team-a/prod',
      'capstan.io/machine': 'prod-cp-x1',
      Name: 'prod-cp-x1',
      'sigs.k8s.io/cluster-api-provider-aws/cluster/prod': 'owned',
      'sigs.k8s.io/cluster-api-provider-aws/role': 'control-plane',
    });
    expect(machineTags(cluster, 'w', 'worker')['sigs.k8s.io/cluster-api-provider-aws/role']).toBe('node');
    expect(loadBalancerTags(cluster)['sigs.k8s.io/cluster-api-provider-aws/role']).toBe('apiserver');
  });

  test('AWS tag lists are sorted by key and read back losslessly', () => {
    const tags = { b: '2', a: '1', c: '' };
    expect(toAwsTags(tags).map((t) => t.Key)).toEqual(['a', 'b', 'c']);
    expect(fromAwsTags(toAwsTags(tags))).toEqual(tags);
    expect(fromAwsTags(undefined)).toEqual({});
  });

  test('ownership is by namespace and name, not by name alone', () => {
    expect(isOwnedBy({ 'capstan.io/cluster': 'team-a/prod' }, cluster)).toBe(true);
    expect(isOwnedBy({ 'capstan.io/cluster': 'team-b/prod' }, cluster)).toBe(false);
    expect(isOwnedBy({ 'sigs.k8s.io/cluster-api-provider-aws/cluster/prod': 'owned' }, cluster)).toBe(false);
  });

  test('lookup filters name the cluster, the machine and the states', () => {
    expect(machineFilters(cluster, 'm', ['running'])).toEqual([
      { Name: 'tag:capstan.io/cluster', Values: ['team-a/prod'] },
      { Name: 'tag:capstan.io/machine', Values: ['m'] },
      { Name: 'instance-state-name', Values: ['running'] },
    ]);
    expect(clusterInstanceFilters(cluster, ['pending'])).toHaveLength(2);
    expect(subnetShareTagKey(cluster)).toBe('capstan.io/cluster/team-a/prod');
  });
});

describe('ClientToken', () => {
  test('deterministic, within EC2’s 64 characters, different per machine, cluster and namespace', () => {
    const t = clientToken(cluster, 'prod-md-0-abcde');
    expect(t).toBe(clientToken({ ...cluster }, 'prod-md-0-abcde'));
    expect(t.length).toBeLessThanOrEqual(CLIENT_TOKEN_MAX_LENGTH);
    expect(t).toMatch(/^[\x20-\x7e]+$/);
    expect(clientToken(cluster, 'prod-md-0-abcdf')).not.toBe(t);
    expect(clientToken({ namespace: 'team-b', name: 'prod' }, 'prod-md-0-abcde')).not.toBe(t);
    expect(clientToken({ namespace: 'team-a', name: 'prod2' }, 'prod-md-0-abcde')).not.toBe(t);
  });

  test('joining the parts cannot make two machines collide', () => {
    expect(clientToken({ namespace: 'a', name: 'b-c' }, 'd')).not.toBe(
      clientToken({ namespace: 'a-b', name: 'c' }, 'd'),
    );
    expect(clientToken({ namespace: 'a', name: 'b' }, 'c/d')).not.toBe(
      clientToken({ namespace: 'a', name: 'b/c' }, 'd'),
    );
  });

  test('the generation chain (after IdempotentInstanceTerminated) is deterministic and stays short', () => {
    const long = 'x'.repeat(253);
    const chain = [0, 1, 2, 7].map((g) => clientToken({ namespace: long.slice(0, 63), name: long }, long, g));
    expect(new Set(chain).size).toBe(4);
    for (const t of chain) expect(t.length).toBeLessThanOrEqual(CLIENT_TOKEN_MAX_LENGTH);
    expect(clientToken(cluster, 'm', 3)).toBe(`${clientToken(cluster, 'm')}-3`);
  });
});
