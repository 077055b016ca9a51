/** Naming, labels, specs, haproxy configuration, tar, status mapping and error classes of the Docker provider. Pure. */
import type { ContainerInspectInfo } from 'dockerode';
import { readDockerClusterSpec, splitImage } from '../../../../activities/providers/docker/clusterSpec';
import { toMachineInfraStatus } from '../../../../activities/providers/docker/containerStatus';
import { nodeContainerOptions } from '../../../../activities/providers/docker/containerSpec';
import { dockerFailure, missingImageFailure } from '../../../../activities/providers/docker/dockerFailure';
import { backendsOf, renderHaproxyConfig } from '../../../../activities/providers/docker/haproxyConfig';
import {
  labelMismatches,
  machineLabels,
  madeUnderPrefix,
} from '../../../../activities/providers/docker/labels';
import { readDockerMachineSpec } from '../../../../activities/providers/docker/machineSpec';
import {
  dockerProviderID,
  loadBalancerContainerName,
  machineContainerName,
} from '../../../../activities/providers/docker/names';
import { firstFileOfTar, tarArchive } from '../../../../activities/providers/docker/tar';

const cluster = { namespace: 'default', name: 'dev-cluster-01' };
const tpl = (spec: Record<string, unknown>, kind = 'DockerMachineTemplate') => ({
  apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
  kind,
  name: 't',
  spec,
});

describe('names and labels (CAPD conventions)', () => {
  it('machine containers are named like CAPD, plus the worker prefix; providerID docker:////<name>', () => {
    expect(machineContainerName('', 'dev-cluster-01', 'dev-cluster-01-cp-x7k2p')).toBe(
      'dev-cluster-01-cp-x7k2p',
    );
    expect(machineContainerName('', 'dev-cluster-01', 'm1')).toBe('dev-cluster-01-m1');
    expect(machineContainerName('t1-', 'dev-cluster-01', 'm1')).toBe('t1-dev-cluster-01-m1');
    expect(loadBalancerContainerName('', 'dev-cluster-01')).toBe('dev-cluster-01-lb');
    expect(dockerProviderID('dev-cluster-01-cp-x7k2p')).toBe('docker:////dev-cluster-01-cp-x7k2p');
  });

  it("labels carry kind's and the full resource key; the prefix is checked after the filter", () => {
    const l = machineLabels(cluster, 'm1', 'control-plane', 'v1.31.4', 'p-');
    expect(l).toEqual({
      'io.x-k8s.kind.cluster': 'dev-cluster-01',
      'io.x-k8s.kind.role': 'control-plane',
      'capstan.io/namespace': 'default',
      'capstan.io/cluster': 'dev-cluster-01',
      'capstan.io/machine': 'm1',
      'capstan.io/kubernetes-version': 'v1.31.4',
      'capstan.io/name-prefix': 'p-',
    });
    expect(madeUnderPrefix(l, 'p-')).toBe(true);
    expect(madeUnderPrefix(l, '')).toBe(false);
    expect(madeUnderPrefix({}, '')).toBe(true);
    expect(
      labelMismatches({ 'capstan.io/namespace': 'other' }, { 'capstan.io/namespace': 'default' }),
    ).toEqual(['capstan.io/namespace="other" (expected "default")']);
  });
});

describe('specs', () => {
  it('image: customImage, else the worker default, else kindest/node:<version>', () => {
    expect(readDockerMachineSpec(tpl({ customImage: 'my/node:1' }), 'v1.31.4', 'local/node:x').image).toBe(
      'my/node:1',
    );
    expect(readDockerMachineSpec(tpl({}), 'v1.31.4', 'local/node:x').image).toBe('local/node:x');
    expect(readDockerMachineSpec(tpl({}), 'v1.31.4', undefined).image).toBe('kindest/node:v1.31.4');
  });

  it('refuses what it does not implement, naming the field', () => {
    expect(() => readDockerMachineSpec(tpl({ preLoadImages: ['x'] }), 'v1.31.4', undefined)).toThrow(
      /spec\.preLoadImages is not supported/,
    );
    expect(() =>
      readDockerMachineSpec(
        tpl({ extraMounts: [{ containerPath: 'rel', hostPath: '/x' }] }),
        'v1.31.4',
        undefined,
      ),
    ).toThrow(/spec\.extraMounts\[0\]\.containerPath must be absolute/);
    expect(() => readDockerMachineSpec(tpl({}, 'AWSMachineTemplate'), 'v1.31.4', undefined)).toThrow(
      /needs a DockerMachineTemplate/,
    );
    expect(() => readDockerMachineSpec(tpl({ bogus: 1 }), 'v1.31.4', undefined)).toThrow(
      /DockerMachineTemplate\/t spec/,
    );
  });

  it('DockerCluster: load balancer image from imageRepository/imageTag, endpoint and failure domains', () => {
    const p = readDockerClusterSpec(
      tpl(
        {
          loadBalancer: { imageTag: 'v2' },
          controlPlaneEndpoint: { host: 'lb.example', port: 0 },
          failureDomains: { b: { controlPlane: true }, a: {} },
        },
        'DockerCluster',
      ),
      'kindest/haproxy:v1',
    );
    expect(p).toMatchObject({
      loadBalancerImage: 'kindest/haproxy:v2',
      kindHaproxyImage: true,
      controlPlaneEndpoint: { host: 'lb.example', port: 6443 },
      failureDomains: [
        { name: 'a', controlPlane: false },
        { name: 'b', controlPlane: true },
      ],
    });
    expect(readDockerClusterSpec(tpl({}, 'DockerCluster'), 'capstan/node:bookworm').kindHaproxyImage).toBe(
      false,
    );
    expect(splitImage('registry:5000/x')).toEqual(['registry:5000/x', 'latest']);
  });

  it('node containers as CAPD makes them', () => {
    const o = nodeContainerOptions({
      name: 'n',
      hostname: 'm1',
      image: 'i',
      labels: {},
      network: 'kind',
      privileged: true,
      extraMounts: [
        { containerPath: '/var/run/docker.sock', hostPath: '/var/run/docker.sock', readOnly: false },
      ],
    });
    expect(o.HostConfig).toMatchObject({
      Privileged: true,
      Tmpfs: { '/tmp': '', '/run': '' },
      Binds: ['/lib/modules:/lib/modules:ro', '/var/run/docker.sock:/var/run/docker.sock'],
      NetworkMode: 'kind',
    });
    expect(o.Volumes).toEqual({ '/var': {} });
    expect(o.Hostname).toBe('m1');
  });
});

describe('haproxy configuration', () => {
  it('one server per control-plane container, by DNS name, sorted; read back by backendsOf', () => {
    const cfg = renderHaproxyConfig([{ name: 'c-cp-2' }, { name: 'c-cp-1' }]);
    expect(cfg).toContain(
      '  server c-cp-1 c-cp-1:6443 check check-ssl verify none resolvers docker resolve-prefer ipv4',
    );
    expect(backendsOf(cfg)).toEqual(['c-cp-1', 'c-cp-2']);
    expect(backendsOf(renderHaproxyConfig([]))).toEqual([]);
  });
});

describe('tar', () => {
  it('writes ustar that reads back, long paths through the prefix field', () => {
    const long = `${'d'.repeat(120)}/file.txt`;
    const t = tarArchive([{ path: long, mode: 0o600, content: Buffer.from('hello') }]);
    expect(t.length % 512).toBe(0);
    expect(firstFileOfTar(t)?.toString()).toBe('hello');
    expect(
      firstFileOfTar(
        tarArchive([
          { path: 'dir/', mode: 0o755 },
          { path: 'dir/x', mode: 0o644, content: Buffer.from('x') },
        ]),
      )?.toString(),
    ).toBe('x');
  });
});

describe('container status', () => {
  const info = (status: string, extra: Partial<ContainerInspectInfo> = {}) =>
    ({
      Name: '/c-m1',
      State: { Status: status, ExitCode: 1, Error: '' },
      RestartCount: 0,
      NetworkSettings: { Networks: { kind: { IPAddress: '172.18.0.3', GlobalIPv6Address: '' } } },
      ...extra,
    }) as unknown as ContainerInspectInfo;

  it('maps container state and bootstrap phase', () => {
    expect(toMachineInfraStatus(info('created'), undefined).state).toBe('pending');
    expect(toMachineInfraStatus(info('running'), { phase: 'running' })).toEqual({
      state: 'provisioning',
      providerID: 'docker:////c-m1',
      addresses: ['172.18.0.3'],
    });
    expect(toMachineInfraStatus(info('running'), { phase: 'succeeded' }).state).toBe('running');
    expect(
      toMachineInfraStatus(info('running'), { phase: 'failed', failure: 'step 2 failed' }),
    ).toMatchObject({ state: 'failed', failureReason: 'c-m1: step 2 failed' });
    expect(toMachineInfraStatus(info('exited'), undefined, 'boom\n')).toMatchObject({
      state: 'failed',
      failureReason: 'container c-m1 exited (exit code 1); its last output:\nboom',
    });
    expect(toMachineInfraStatus(info('restarting'), undefined).state).toBe('provisioning');
    expect(toMachineInfraStatus(info('restarting', { RestartCount: 3 }), undefined).state).toBe('failed');
    expect(toMachineInfraStatus(info('removing'), undefined).state).toBe('deleting');
  });
});

describe('error classes', () => {
  it('no engine is retryable, 400 is a terminal bad spec, 5xx is retryable', () => {
    expect(
      dockerFailure(
        Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' }),
        'ping',
        'x',
      ),
    ).toMatchObject({
      type: 'ProviderUnavailable',
      nonRetryable: false,
    });
    expect(
      dockerFailure({ statusCode: 400, json: { message: 'invalid mount config' } }, 'create container', 'm'),
    ).toMatchObject({
      type: 'InvalidSpec',
      nonRetryable: true,
      message: 'Docker create container for m was refused as invalid (HTTP 400: invalid mount config)',
    });
    expect(dockerFailure({ statusCode: 500, json: { message: 'x' } }, 'op', 's')).toMatchObject({
      type: 'ProviderUnavailable',
      nonRetryable: false,
    });
    expect(missingImageFailure('kindest/node:v1.31.4', 'u')).toMatchObject({
      type: 'InvalidSpec',
      nonRetryable: true,
    });
  });
});
