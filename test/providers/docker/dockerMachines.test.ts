/**
 * The Docker provider against the real Docker Engine: create, repeat-create (no twin), describe,
 * the bootstrap commands really run inside the container, delete, delete-when-already-gone, and
 * the load balancer's haproxy configuration following the control-plane containers.
 * (The node image is the test image with a kubeadm STAND-IN: see fixtures.ts.)
 */
import type { DockerInfrastructureProvider } from '../../../activities/providers/docker';
import { backendsOf } from '../../../activities/providers/docker/haproxyConfig';
import {
  CLUSTER,
  PREFIX,
  assertDockerAnswers,
  buildTestImage,
  cleanupAll,
  clusterTemplate,
  containerNamed,
  docker,
  leftovers,
  machineRequest,
  makeProvider,
  sh,
  waitForState,
} from './fixtures';

let provider: DockerInfrastructureProvider;

beforeAll(async () => {
  await assertDockerAnswers();
  await buildTestImage();
  provider = makeProvider();
}, 60_000);

afterAll(async () => {
  await cleanupAll();
}, 60_000);

const lbName = `${PREFIX}${CLUSTER.name}-lb`;
const containerOf = (machine: string) => `${PREFIX}${machine}`;

describe('docker provider: cluster infrastructure and machines on the real engine', () => {
  test('cluster infrastructure: the load balancer container is the endpoint, CAPD labels, repeat ensure makes no twin', async () => {
    const first = await provider.ensureClusterInfrastructure({
      cluster: CLUSTER,
      infrastructure: clusterTemplate(),
      labels: {},
    });
    expect(first.provisioned).toBe(true);
    const lb = await containerNamed(lbName);
    expect(lb?.State.Running).toBe(true);
    expect(lb?.Config.Labels).toMatchObject({
      'io.x-k8s.kind.cluster': CLUSTER.name,
      'io.x-k8s.kind.role': 'external-load-balancer',
      'capstan.io/namespace': CLUSTER.namespace,
      'capstan.io/cluster': CLUSTER.name,
    });
    const ip = Object.values(lb!.NetworkSettings.Networks)[0]!.IPAddress;
    expect(first.controlPlaneEndpoint).toEqual({ host: ip, port: 6443 });
    const again = await provider.ensureClusterInfrastructure({
      cluster: CLUSTER,
      infrastructure: clusterTemplate(),
      labels: {},
    });
    expect(again).toEqual(first);
    expect(await leftovers({ 'io.x-k8s.kind.role': 'external-load-balancer' })).toEqual([lbName]);
  });

  test('create: a control-plane container made as CAPD makes it, bootstrap commands run inside, providerID docker:////name', async () => {
    const machine = 'dev-cluster-01-cp-aaaaa';
    const started = Date.now();
    const created = await provider.ensureMachine(
      machineRequest(machine, {
        role: 'control-plane',
        spec: { extraMounts: [{ containerPath: '/host-docker.sock', hostPath: '/var/run/docker.sock' }] },
      }),
    );
    expect(['pending', 'provisioning', 'running']).toContain(created.state);
    const running = await waitForState(provider, machine, ['running', 'failed']);
    console.log(`control-plane container created and bootstrapped in ${Date.now() - started} ms`);
    expect(running).toMatchObject({ state: 'running', providerID: `docker:////${containerOf(machine)}` });
    const info = (await containerNamed(containerOf(machine)))!;
    expect(running.addresses).toEqual([Object.values(info.NetworkSettings.Networks)[0]!.IPAddress]);
    expect(info.Config.Hostname).toBe(machine);
    expect(info.Config.Labels).toMatchObject({
      'io.x-k8s.kind.cluster': CLUSTER.name,
      'io.x-k8s.kind.role': 'control-plane',
      'capstan.io/machine': machine,
      'capstan.io/namespace': CLUSTER.namespace,
    });
    expect(info.HostConfig.Tmpfs).toEqual({ '/run': '', '/tmp': '' });
    expect(info.HostConfig.Binds).toEqual(
      expect.arrayContaining(['/lib/modules:/lib/modules:ro', '/var/run/docker.sock:/host-docker.sock']),
    );
    expect(info.Mounts.some((m) => m.Destination === '/var' && m.Type === 'volume')).toBe(true);
    // The cloud-init data ran: the file with its mode and owner, the kubeadm call, the sentinel.
    const r = await sh(
      containerOf(machine),
      'stat -c "%a %U:%G" /run/kubeadm/kubeadm.yaml; cat /var/log/kubeadm-stand-in.log; cat /run/cluster-api/bootstrap-success.complete',
    );
    expect(r.output).toBe('640 root:root\nkubeadm init --config /run/kubeadm/kubeadm.yaml\nsuccess\n');
    // The load balancer now lists it as a backend, and haproxy accepted the configuration.
    const cfg = await sh(lbName, 'cat /usr/local/etc/haproxy/haproxy.cfg');
    expect(backendsOf(cfg.output)).toEqual([containerOf(machine)]);
    expect((await sh(lbName, 'haproxy -c -f /usr/local/etc/haproxy/haproxy.cfg')).exitCode).toBe(0);
  });

  test('repeat-create and describe: the same container, no twin, the bootstrap not run again', async () => {
    const machine = 'dev-cluster-01-cp-aaaaa';
    const again = await provider.ensureMachine(machineRequest(machine, { role: 'control-plane' }));
    expect(again.state).toBe('running');
    expect(await provider.describeMachine(CLUSTER, machine)).toEqual(again);
    expect(await leftovers({ 'capstan.io/machine': machine })).toEqual([containerOf(machine)]);
    const log = await sh(containerOf(machine), 'cat /var/log/kubeadm-stand-in.log');
    expect(log.output.trim().split('\n')).toHaveLength(1);
  });

  test('a second control plane and a worker: the load balancer follows the control planes only', async () => {
    await provider.ensureMachine(machineRequest('dev-cluster-01-cp-bbbbb', { role: 'control-plane' }));
    await provider.ensureMachine(machineRequest('dev-cluster-01-md-0-ccccc'));
    expect((await waitForState(provider, 'dev-cluster-01-cp-bbbbb', ['running', 'failed'])).state).toBe(
      'running',
    );
    expect((await waitForState(provider, 'dev-cluster-01-md-0-ccccc', ['running', 'failed'])).state).toBe(
      'running',
    );
    const cfg = await sh(lbName, 'cat /usr/local/etc/haproxy/haproxy.cfg');
    expect(backendsOf(cfg.output)).toEqual([
      containerOf('dev-cluster-01-cp-aaaaa'),
      containerOf('dev-cluster-01-cp-bbbbb'),
    ]);
    const worker = await sh(containerOf('dev-cluster-01-md-0-ccccc'), 'cat /var/log/kubeadm-stand-in.log');
    expect(worker.output).toBe('kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml\n');
  });

  test('delete: container and its /var volume removed, taken out of the load balancer; deleting again is success', async () => {
    const machine = 'dev-cluster-01-cp-bbbbb';
    const info = (await containerNamed(containerOf(machine)))!;
    const volume = info.Mounts.find((m) => m.Destination === '/var')!.Name!;
    expect(await provider.deleteMachine(CLUSTER, machine)).toBe(true);
    expect(await containerNamed(containerOf(machine))).toBeUndefined();
    await expect(docker.getVolume(volume).inspect()).rejects.toThrow(/no such volume/i);
    expect(await provider.describeMachine(CLUSTER, machine)).toEqual({ state: 'gone', addresses: [] });
    const cfg = await sh(lbName, 'cat /usr/local/etc/haproxy/haproxy.cfg');
    expect(backendsOf(cfg.output)).toEqual([containerOf('dev-cluster-01-cp-aaaaa')]);
    // already gone
    expect(await provider.deleteMachine(CLUSTER, machine)).toBe(true);
    expect(await provider.deleteMachine(CLUSTER, 'never-existed')).toBe(true);
  });

  test('deleteClusterInfrastructure removes the load balancer and everything labelled for the cluster', async () => {
    expect(await leftovers()).toHaveLength(3);
    expect(await provider.deleteClusterInfrastructure(CLUSTER)).toBe(true);
    expect(await leftovers()).toEqual([]);
    expect(await provider.deleteClusterInfrastructure(CLUSTER)).toBe(true);
  });
});
