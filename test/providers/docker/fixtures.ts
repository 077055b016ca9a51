/**
 * Shared by the Docker provider tests, which run against the REAL Docker Engine on this machine
 * (setup.sh starts dockerd and builds capstan/node:bookworm; no registry is reachable, nothing is
 * pulled). Every name a test makes carries a per-file run id, so tests never touch containers,
 * networks or images they did not create, and everything is removed in afterAll.
 *
 * THE TEST NODE IMAGE HAS NO KUBERNETES. It is capstan/node:bookworm plus a `kubeadm` STAND-IN
 * script (below) that only checks its --config file exists and records the call: the bootstrap
 * commands from the cloud-init data really run inside the containers, but no kubelet exists to
 * register a Node. Where a test needs Nodes (the end-to-end test), the worker's kubelet stand-in
 * (activities/providers/standIn/simKubeletStandIn.ts) registers them in the SIMULATED workload
 * cluster once the bootstrap sentinel exists. With realEtcd (dockerEtcdSurge.test.ts) the
 * control-plane containers also run real etcd, started the way kubeadm would (etcdStandIn.ts).
 * With kindest/node images the real kubeadm runs.
 */
import Docker from 'dockerode';
import { startHarness, type Harness } from '../../workflows/harness';
import type { ResourceKey } from '../../../shared/ids';
import type { TemplateSnapshot } from '../../../shared/model/desired';
import {
  DockerInfrastructureProvider,
  type DockerProviderOptions,
} from '../../../activities/providers/docker';
import { NAME_PREFIX_LABEL } from '../../../activities/providers/docker/labels';
import { tarArchive } from '../../../activities/providers/docker/tar';
import type { MachineInfraRequest, MachineRole } from '../../../activities/providers/types';

export const BASE_IMAGE = 'capstan/node:bookworm';
export const docker = new Docker({ socketPath: '/var/run/docker.sock' });

/** Short and unique per test file: docker names stay readable and never clash. */
export const RUN_ID =
  process.env.CAPSTAN_DOCKER_TEST_RUN_ID ??
  `ct${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296).toString(36)}`;
export const PREFIX = `${RUN_ID}-`;
export const NETWORK = `capstan-test-${RUN_ID}`;
export const TEST_IMAGE = `capstan-test/node-${RUN_ID}:kubeadm-stand-in`;

export { KUBEADM_STAND_IN } from '../../support/kubeadmStandIn';
import { KUBEADM_STAND_IN } from '../../support/kubeadmStandIn';

/** Fails with a clear message when no Docker Engine answers (setup.sh guarantees one). */
export async function assertDockerAnswers(): Promise<void> {
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(
      `the Docker provider tests need a running Docker Engine at /var/run/docker.sock and none answers ` +
        `(${(err as Error).message}); run \`bash scripts/setup/setup.sh\`, which starts dockerd`,
    );
  }
  try {
    await docker.getImage(BASE_IMAGE).inspect();
  } catch {
    throw new Error(
      `the node image ${BASE_IMAGE} is missing; run \`bash scripts/setup/setup.sh\`, which builds it`,
    );
  }
}

/**
 * The test node image: the base image, the kubeadm stand-in, and a command that keeps the
 * container up (the base image's sshd cannot start with /run on a tmpfs, as CAPD mounts it).
 */
export async function buildTestImage(): Promise<void> {
  const c = await docker.createContainer({ Image: BASE_IMAGE, name: `${RUN_ID}-image-build`, Cmd: ['true'] });
  try {
    await c.putArchive(
      tarArchive([{ path: 'usr/local/bin/kubeadm', mode: 0o755, content: Buffer.from(KUBEADM_STAND_IN) }]),
      { path: '/' },
    );
    const [repo, tag] = TEST_IMAGE.split(':') as [string, string];
    await c.commit({ repo, tag, changes: ['CMD ["sleep","infinity"]'] });
  } finally {
    await c.remove({ force: true });
  }
}

export function providerOptions(extra: Partial<DockerProviderOptions> = {}): DockerProviderOptions {
  return {
    network: NETWORK,
    namePrefix: PREFIX,
    defaultNodeImage: TEST_IMAGE,
    // a Debian image with haproxy stands in for kindest/haproxy
    loadBalancerImage: BASE_IMAGE,
    // this engine runs inside a container that may not grant every capability
    privileged: false,
    pollIntervalMs: 100,
    ...extra,
  };
}

export function makeProvider(extra: Partial<DockerProviderOptions> = {}): DockerInfrastructureProvider {
  return new DockerInfrastructureProvider(providerOptions(extra));
}

export const CLUSTER: ResourceKey = { namespace: 'team-a', name: 'dev-cluster-01' };

export function clusterTemplate(spec: Record<string, unknown> = {}): TemplateSnapshot {
  return {
    apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
    kind: 'DockerCluster',
    name: CLUSTER.name,
    spec,
  };
}

export function machineTemplate(
  spec: Record<string, unknown> = {},
  name = 'dev-cluster-01-md-0',
): TemplateSnapshot {
  return { apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1', kind: 'DockerMachineTemplate', name, spec };
}

/** A kubeadm-style user data: a config file with mode and owner, the kubeadm call, then the sentinel. */
export function bootstrapData(verb: 'init' | 'join', extraCommands: string[] = []): string {
  const config = verb === 'init' ? '/run/kubeadm/kubeadm.yaml' : '/run/kubeadm/kubeadm-join-config.yaml';
  return [
    '#cloud-config',
    'write_files:',
    `  - path: ${config}`,
    '    owner: root:root',
    "    permissions: '0640'",
    '    content: |',
    `      kind: ${verb === 'init' ? 'InitConfiguration' : 'JoinConfiguration'}`,
    'runcmd:',
    ...extraCommands.map((c) => `  - ${JSON.stringify(c)}`),
    `  - kubeadm ${verb} --config ${config}`,
    '  - mkdir -p /run/cluster-api && echo success > /run/cluster-api/bootstrap-success.complete',
    '',
  ].join('\n');
}

export function machineRequest(
  machine: string,
  opts: { role?: MachineRole; spec?: Record<string, unknown>; cluster?: ResourceKey; userData?: string } = {},
): MachineInfraRequest {
  const role = opts.role ?? 'worker';
  return {
    cluster: opts.cluster ?? CLUSTER,
    machine,
    role,
    version: 'v1.31.4',
    infrastructure: machineTemplate(opts.spec),
    bootstrapData: opts.userData ?? bootstrapData(role === 'control-plane' ? 'init' : 'join'),
  };
}

/** "List by label after the test": every container this run made, by name. */
export async function leftovers(labels: Record<string, string> = {}): Promise<string[]> {
  const filters = [`${NAME_PREFIX_LABEL}=${PREFIX}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
  const list = await docker.listContainers({ all: true, filters: { label: filters } });
  return list.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')).sort();
}

export async function containerNamed(name: string): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(name).inspect();
  } catch {
    return undefined;
  }
}

/** Runs a shell command in a container; output and exit code. */
export async function sh(container: string, script: string): Promise<{ exitCode: number; output: string }> {
  const exec = await docker
    .getContainer(container)
    .exec({ Cmd: ['/bin/sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  docker.modem.demuxStream(stream, sink, sink);
  await new Promise((r) => stream.on('end', r));
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8') };
}

/** Removes everything this run made: containers (with volumes), the network, the test image. */
export async function cleanupAll(): Promise<void> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`${NAME_PREFIX_LABEL}=${PREFIX}`] },
  });
  for (const c of list)
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  const nets = await docker.listNetworks({ filters: { name: [NETWORK] } });
  for (const n of nets.filter((x) => x.Name === NETWORK))
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => undefined);
  await docker
    .getImage(TEST_IMAGE)
    .remove({ force: true })
    .catch(() => undefined);
}

/** Polls waitForMachineState as the activity does, bounded. */
export async function waitForState(
  provider: DockerInfrastructureProvider,
  machine: string,
  states: Array<'running' | 'failed' | 'gone'>,
  timeoutMs = 30_000,
  cluster: ResourceKey = CLUSTER,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await provider.waitForMachineState(cluster, machine, states, 2000);
    if (states.includes(s.state as 'running') || Date.now() > deadline) return s;
  }
}

/**
 * A workflow harness whose worker's only provider is docker, on this run's network, image and
 * name prefix, with the kubelet stand-in on the harness's sim (and real etcd when asked).
 */
export async function startDockerHarness(opts: { realEtcd?: boolean } = {}): Promise<Harness> {
  await assertDockerAnswers();
  await buildTestImage();
  const h = await startHarness({ startWorkers: false });
  h.workerConfig.providers = ['docker'];
  h.workerConfig.docker = {
    network: NETWORK,
    nodeImage: TEST_IMAGE,
    loadBalancerImage: BASE_IMAGE,
    namePrefix: PREFIX,
    privileged: false,
    simUrl: h.simUrl,
    ...(opts.realEtcd ? { realEtcd: true } : {}),
  };
  await h.startWorkers();
  return h;
}
