/**
 * End to end: the seed's dev-cluster-01.yaml, applied UNCHANGED through the real cluster workflow
 * (shared Temporal dev server) with a worker whose only provider is docker, on the real Docker
 * Engine: a load-balancer container and three node containers (1 control plane, 2 workers) are
 * created the CAPD way, bootstrapped by running their cloud-init commands inside, and every
 * machine reaches Running; on delete, nothing labelled for the cluster is left.
 *
 * The test node image has no kubelet (its kubeadm is a STAND-IN, see fixtures.ts), so the
 * worker's kubelet stand-in (activities/providers/standIn/simKubeletStandIn.ts) registers each
 * Node in the SIMULATED workload cluster once the bootstrap sentinel exists in its container.
 * Infrastructure: real. Workload cluster (Nodes, etcd, drain): simulated.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileManifestText } from '../../../shared/model';
import type { Harness } from '../../workflows/harness';
import { backendsOf } from '../../../activities/providers/docker/haproxyConfig';
import { NETWORK, PREFIX, cleanupAll, docker, leftovers, sh, startDockerHarness } from './fixtures';

const SEED = resolve(__dirname, '../../fixtures/seed/dev-cluster-01.yaml');

let h: Harness;

beforeAll(async () => {
  h = await startDockerHarness();
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await cleanupAll();
}, 120_000);

test('the seed dev-cluster-01.yaml goes to all machines Running on real containers, and back to nothing on delete', async () => {
  const { clusters, issues } = compileManifestText(readFileSync(SEED, 'utf8'), 'dev-cluster-01.yaml');
  expect(issues).toEqual([]);
  const desired = clusters[0]!;
  expect(desired.provider).toBe('docker');

  const started = Date.now();
  await h.capstan.apply(desired);
  const d = await h.capstan.waitForReady(desired, { timeoutMs: 120_000 });
  const readyMs = Date.now() - started;
  console.log(`seed dev-cluster-01: apply → all machines Running in ${readyMs} ms`);

  const machines = [...d.controlPlane!.machines, ...d.machineDeployments[0]!.machines];
  expect(machines).toHaveLength(3);
  expect(machines.every((m) => m.phase === 'Running' && m.nodeName === m.name)).toBe(true);
  for (const m of machines) expect(m.providerID).toBe(`docker:////${PREFIX}${m.name}`);

  // The real side: one load balancer and three node containers, labelled with cluster and machine.
  const lb = `${PREFIX}dev-cluster-01-lb`;
  expect(await leftovers()).toEqual([lb, ...machines.map((m) => `${PREFIX}${m.name}`)].sort());
  const cp = d.controlPlane!.machines[0]!;
  const cpInfo = await docker.getContainer(`${PREFIX}${cp.name}`).inspect();
  expect(cpInfo.Config.Labels).toMatchObject({
    'io.x-k8s.kind.cluster': 'dev-cluster-01',
    'io.x-k8s.kind.role': 'control-plane',
    'capstan.io/machine': cp.name,
  });
  // the seed's extraMounts: the host's Docker socket in the control-plane container
  expect(cpInfo.HostConfig.Binds).toContain('/var/run/docker.sock:/var/run/docker.sock');
  // the control-plane endpoint is the load balancer's address, and it balances to the control plane
  const lbInfo = await docker.getContainer(lb).inspect();
  expect(d.infrastructure?.controlPlaneEndpoint).toEqual({
    host: lbInfo.NetworkSettings.Networks[NETWORK]!.IPAddress,
    port: 6443,
  });
  expect(backendsOf((await sh(lb, 'cat /usr/local/etc/haproxy/haproxy.cfg')).output)).toEqual([
    `${PREFIX}${cp.name}`,
  ]);
  // kubeadm init ran on the control plane, joins on the workers, with the endpoint in their config
  expect((await sh(`${PREFIX}${cp.name}`, 'cat /var/log/kubeadm-stand-in.log')).output).toBe(
    'kubeadm init --config /run/kubeadm/kubeadm.yaml\n',
  );
  for (const w of d.machineDeployments[0]!.machines) {
    const r = await sh(
      `${PREFIX}${w.name}`,
      'cat /var/log/kubeadm-stand-in.log; grep apiServerEndpoint /run/kubeadm/kubeadm-join-config.yaml',
    );
    expect(r.output).toContain('kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml');
    expect(r.output).toContain(`apiServerEndpoint: ${d.infrastructure!.controlPlaneEndpoint!.host}:6443`);
  }

  const deleteStarted = Date.now();
  const final = await h.capstan.delete(desired, { wait: true });
  console.log(`seed dev-cluster-01: delete → nothing left in ${Date.now() - deleteStarted} ms`);
  expect(final?.phase).toBe('Deleted');
  expect(await leftovers()).toEqual([]);
  const world = await h.world();
  expect(world.machines.filter((m) => m.cluster === 'dev-cluster-01')).toEqual([]);
  expect(world.clusters.filter((c) => c.name === 'dev-cluster-01')).toEqual([]);
}, 300_000);
