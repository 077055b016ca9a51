/**
 * Errors of the Docker provider, against the real engine: terminal ones (a missing image — no
 * registry is ever pulled from —, a bad spec, a name taken by a stranger, a failing bootstrap
 * command) are non-retryable and say what to do; transient ones (the engine failing a request,
 * an answer lost, no engine) are retryable, and the retry converges without a twin.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { DockerInfrastructureProvider } from '../../../activities/providers/docker';
import { startDockerFaultProxy, type DockerFaultProxy } from './dockerFaultProxy';
import {
  CLUSTER,
  PREFIX,
  TEST_IMAGE,
  assertDockerAnswers,
  buildTestImage,
  cleanupAll,
  clusterTemplate,
  docker,
  leftovers,
  machineRequest,
  makeProvider,
  waitForState,
} from './fixtures';

let provider: DockerInfrastructureProvider;
let proxy: DockerFaultProxy;

beforeAll(async () => {
  await assertDockerAnswers();
  await buildTestImage();
  provider = makeProvider();
  proxy = await startDockerFaultProxy();
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await cleanupAll();
}, 60_000);

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected an ApplicationFailure');
}

describe('docker provider: terminal errors are clear and non-retryable', () => {
  test('a node image the engine does not have: InvalidSpec naming the image and how to load it; nothing made', async () => {
    const f = await failureOf(
      provider.ensureMachine(machineRequest('m-no-image', { spec: { customImage: 'kindest/node:v9.9.9' } })),
    );
    expect(f.type).toBe('InvalidSpec');
    expect(f.nonRetryable).toBe(true);
    expect(f.message).toMatch(
      /the Docker image kindest\/node:v9\.9\.9 \(spec\.customImage of DockerMachineTemplate\/dev-cluster-01-md-0\) is not on this Docker Engine, and Capstan never pulls/,
    );
    expect(f.message).toMatch(/docker load -i/);
    expect(await leftovers()).toEqual([]);
  });

  test('the CAPD default kindest/node:<version> when nothing else is configured', async () => {
    const plain = makeProvider({ defaultNodeImage: undefined });
    const f = await failureOf(plain.ensureMachine(machineRequest('m-default-image')));
    expect(f.message).toMatch(/kindest\/node:v1\.31\.4 \(the CAPD default kindest\/node:<version>/);
    expect(f.message).toMatch(/CAPSTAN_DOCKER_NODE_IMAGE/);
  });

  test('a spec this provider does not implement, or user data that is not cloud-config: InvalidSpec before anything is made', async () => {
    const spec = await failureOf(
      provider.ensureMachine(machineRequest('m-bad', { spec: { preLoadImages: ['nginx:1'] } })),
    );
    expect(spec).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(spec.message).toMatch(
      /DockerMachineTemplate\/dev-cluster-01-md-0: spec\.preLoadImages is not supported/,
    );
    const data = await failureOf(
      provider.ensureMachine(machineRequest('m-bad', { userData: '#!/bin/sh\necho hi' })),
    );
    expect(data.message).toMatch(
      /machine m-bad: the bootstrap data cannot be run: bootstrap data is not a #cloud-config document/,
    );
    expect(await leftovers()).toEqual([]);
  });

  test('a container of another owner holding the machine name: a terminal Conflict naming it; it is left alone', async () => {
    const name = `${PREFIX}dev-cluster-01-m-taken`;
    // made by this test (the run's prefix label lets cleanup find it), but not the provider's
    await docker.createContainer({ Image: TEST_IMAGE, name, Labels: { 'capstan.io/name-prefix': PREFIX } });
    const f = await failureOf(provider.ensureMachine(machineRequest('m-taken')));
    expect(f).toMatchObject({ type: 'Conflict', nonRetryable: true });
    expect(f.message).toMatch(
      new RegExp(
        `a container named ${name} already exists and is not this machine's \\(io\\.x-k8s\\.kind\\.cluster=\\(absent\\)`,
      ),
    );
    expect(await leftovers()).toEqual([name]);
    await docker.getContainer(name).remove({ force: true });
  });

  test('a bootstrap command that fails: the machine is failed, naming the command and its output tail', async () => {
    const userData =
      '#cloud-config\nruncmd:\n  - echo preparing\n  - "echo the disk is full >&2; exit 3"\n  - kubeadm join --config /nowhere\n';
    await provider.ensureMachine(machineRequest('m-boot-fails', { userData }));
    const s = await waitForState(provider, 'm-boot-fails', ['running', 'failed']);
    expect(s.state).toBe('failed');
    expect(s.failureReason).toBe(
      `${PREFIX}dev-cluster-01-m-boot-fails: bootstrap step 2 of 3 failed (exit 3): runcmd: echo the disk is full >&2; exit 3; ` +
        'output (last lines):\nthe disk is full',
    );
    expect(await provider.deleteMachine(CLUSTER, 'm-boot-fails')).toBe(true);
  });
});

describe('docker provider: transient errors are retried without twins', () => {
  let viaProxy: DockerInfrastructureProvider;
  beforeAll(() => {
    viaProxy = makeProvider({ host: proxy.host, port: proxy.port });
  });

  test('the engine fails the create once: a retryable ProviderUnavailable; the retry creates exactly one container', async () => {
    proxy.inject({ method: 'POST', path: /^\/containers\/create/, mode: 'fail', times: 1 });
    const f = await failureOf(viaProxy.ensureMachine(machineRequest('m-flaky')));
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(f.message).toMatch(
      /Docker create container for machine team-a\/m-flaky failed \(HTTP 500: injected fault/,
    );
    const s = await viaProxy.ensureMachine(machineRequest('m-flaky'));
    expect(['pending', 'provisioning', 'running']).toContain(s.state);
    expect(await leftovers({ 'capstan.io/machine': 'm-flaky' })).toEqual([`${PREFIX}dev-cluster-01-m-flaky`]);
    expect((await waitForState(viaProxy, 'm-flaky', ['running', 'failed'])).state).toBe('running');
    expect(await viaProxy.deleteMachine(CLUSTER, 'm-flaky')).toBe(true);
  });

  test('the create happened but its answer was lost: the retry removes the half-made container and makes one', async () => {
    proxy.inject({ method: 'POST', path: /^\/containers\/create/, mode: 'drop-answer', times: 1 });
    const f = await failureOf(viaProxy.ensureMachine(machineRequest('m-lost')));
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    const halfMade = await leftovers({ 'capstan.io/machine': 'm-lost' });
    expect(halfMade).toHaveLength(1);
    expect(halfMade[0]).toMatch(/-staging-/);
    await viaProxy.ensureMachine(machineRequest('m-lost'));
    expect(await leftovers({ 'capstan.io/machine': 'm-lost' })).toEqual([`${PREFIX}dev-cluster-01-m-lost`]);
    expect(await viaProxy.deleteMachine(CLUSTER, 'm-lost')).toBe(true);
    expect(await leftovers()).toEqual([]);
  });

  test('a failed delete is retryable; the next delete completes', async () => {
    await provider.ensureMachine(machineRequest('m-del'));
    proxy.inject({ method: 'DELETE', path: /^\/containers\//, mode: 'fail', times: 1 });
    const f = await failureOf(viaProxy.deleteMachine(CLUSTER, 'm-del'));
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(await viaProxy.deleteMachine(CLUSTER, 'm-del')).toBe(true);
    expect(await leftovers()).toEqual([]);
  });

  test('no engine answering: a retryable ProviderUnavailable that says so', async () => {
    const nowhere = makeProvider({ host: '127.0.0.1', port: 1 });
    const f = await failureOf(
      nowhere.ensureClusterInfrastructure({
        cluster: CLUSTER,
        infrastructure: clusterTemplate(),
        labels: {},
      }),
    );
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(f.message).toMatch(/the Docker Engine did not answer \(ECONNREFUSED\); is dockerd running/);
  });
});

describe('docker provider: an engine that cannot run privileged containers', () => {
  test('the start is refused terminally, saying to set CAPSTAN_DOCKER_PRIVILEGED=false', async () => {
    const privileged = makeProvider({ privileged: true });
    let f: ApplicationFailure | undefined;
    try {
      await privileged.ensureMachine(machineRequest('m-privileged'));
    } catch (err) {
      f = err as ApplicationFailure;
    }
    // Engines that do grant every capability start it: then it simply runs.
    if (f) {
      expect(f).toMatchObject({ type: 'ProvisioningFailed', nonRetryable: true });
      expect(f.message).toMatch(/CAPSTAN_DOCKER_PRIVILEGED=false/);
    }
    expect(await privileged.deleteMachine(CLUSTER, 'm-privileged')).toBe(true);
    expect(await leftovers()).toEqual([]);
  });
});
