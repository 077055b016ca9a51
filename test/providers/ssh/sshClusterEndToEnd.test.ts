/**
 * End to end: a cluster of existing hosts declared in ordinary CAPI YAML (ByoCluster,
 * ByoMachineTemplate: test/fixtures/providers/ssh-hosts.yaml), applied through the real cluster
 * workflow with a worker whose only provider is ssh, over three real sshd hosts: each machine
 * claims a host of its pool, its cloud-init bootstrap runs there, and every machine reaches
 * Running; scaling the workers down releases one host (reset, claim removed); deleting the
 * cluster releases them all.
 *
 * The hosts (capstan/node:bookworm) have no Kubernetes: their `kubeadm` is the STAND-IN script
 * (test/support/kubeadmStandIn.ts), and the worker's kubelet stand-in (CAPSTAN_SSH_SIM_URL)
 * registers each Node in the SIMULATED workload cluster once the host's bootstrap sentinel exists.
 * Infrastructure (hosts, claims, bootstrap): real. Workload cluster: simulated.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { compileManifestText } from '../../../shared/model';
import { KUBEADM_STAND_IN } from '../../support/kubeadmStandIn';
import { startHarness, type Harness } from '../../workflows/harness';
import { credentialsDir } from './kit';
import { newKey, RUN_ID, SshdLab, type SshdHost } from './sshdContainers';

const FIXTURE = resolve(__dirname, '../../fixtures/providers/ssh-hosts.yaml');
const NAME = `ssh-e2e-${RUN_ID.slice(-6)}`;
const lab = new SshdLab();
const key = newKey();
let h: Harness;
let hosts: Record<'cp' | 'w1' | 'w2', SshdHost>;
let work: string;

const claimOn = async (host: SshdHost) => (await lab.sh(host, 'cat /etc/capstan/claim 2>/dev/null')).out;

beforeAll(async () => {
  await lab.start();
  work = mkdtempSync(join(tmpdir(), 'capstan-ssh-e2e-'));
  const [cp, w1, w2] = await Promise.all(['e2e-cp', 'e2e-w1', 'e2e-w2'].map((n) => lab.startHost(n, key.publicKey)));
  hosts = { cp: cp!, w1: w1!, w2: w2! };
  for (const host of Object.values(hosts)) {
    const r = await lab.sh(host, `cat > /usr/local/bin/kubeadm <<'EOF'\n${KUBEADM_STAND_IN}EOF\nchmod 755 /usr/local/bin/kubeadm`);
    expect(r.code).toBe(0);
  }
  const inventory = {
    hosts: await Promise.all(
      Object.entries(hosts).map(async ([id, host]) => ({
        name: `lab/${host.name}`,
        address: host.address,
        hostKey: await lab.ed25519Fingerprint(host),
        credentialsName: 'lab-key',
        labels: { pool: id === 'cp' ? 'control-plane' : 'workers' },
      })),
    ),
  };
  writeFileSync(join(work, 'inventory.yaml'), stringify(inventory));
  h = await startHarness({ startWorkers: false });
  h.workerConfig.providers = ['ssh'];
  h.workerConfig.ssh = {
    inventoryPath: join(work, 'inventory.yaml'),
    credentialsDir: credentialsDir({ 'lab-key': key }),
    resetCommand: 'rm -f /var/log/kubeadm-stand-in.log /run/kubeadm/*',
    simUrl: h.simUrl,
  };
  await h.startWorkers();
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await lab.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
  expect(await lab.leftovers()).toEqual([]);
}, 120_000);

test('the ByoCluster manifest goes to all machines Running on real hosts; scale down releases a host; delete releases all', async () => {
  // The example, renamed, with its endpoint on the control-plane host (no VIP in this lab).
  const yaml = readFileSync(FIXTURE, 'utf8').replaceAll('rack1-cluster', NAME).replace('host: 10.0.0.10', `host: ${hosts.cp.address}`);
  const { clusters, issues } = compileManifestText(yaml, `${NAME}.yaml`);
  expect(issues).toEqual([]);
  const desired = clusters[0]!;
  expect(desired.provider).toBe('ssh');
  const key = { namespace: desired.namespace, name: desired.name };

  await h.capstan.apply(desired);
  const d = await h.capstan.waitForReady(key, { timeoutMs: 180_000 });
  const cp = d.controlPlane!.machines;
  const workers = d.machineDeployments[0]!.machines;
  expect([cp.length, workers.length]).toEqual([1, 2]);
  expect([...cp, ...workers].every((m) => m.phase === 'Running')).toBe(true);
  // each machine on a host of its pool, named by ssh://<address>, claimed for it, bootstrapped there
  expect(cp[0]!.providerID).toBe(`ssh://${hosts.cp.address}`);
  expect(workers.map((m) => m.providerID).sort()).toEqual([`ssh://${hosts.w1.address}`, `ssh://${hosts.w2.address}`].sort());
  for (const m of [...cp, ...workers]) {
    const host = Object.values(hosts).find((x) => `ssh://${x.address}` === m.providerID)!;
    expect(JSON.parse(await claimOn(host))).toMatchObject({ namespace: 'default', cluster: NAME, machine: m.name });
    const r = await lab.sh(host, 'cat /var/log/kubeadm-stand-in.log; test -e /run/cluster-api/bootstrap-success.complete && echo sentinel');
    expect(r.out).toBe(m.role === 'control-plane' ? 'kubeadm init --config /run/kubeadm/kubeadm.yaml\nsentinel\n' : 'kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml\nsentinel\n');
  }

  // scale the workers to 1: the machine removed is drained (sim) and its host reset and released
  const scaled = await h.capstan.scale(key, { kind: 'MachineDeployment', name: `${NAME}-md-0`, replicas: 1 });
  const one = await h.capstan.waitFor(key, (x) => x.ready && x.observedGeneration >= scaled.generation && x.machineDeployments[0]!.machines.length === 1, { timeoutMs: 120_000 });
  const kept = one.machineDeployments[0]!.machines[0]!;
  const released = [hosts.w1, hosts.w2].find((x) => `ssh://${x.address}` !== kept.providerID)!;
  expect(await claimOn(released)).toBe('');
  expect((await lab.sh(released, 'test -e /var/log/kubeadm-stand-in.log; echo $?')).out.trim()).toBe('1'); // the reset ran

  // delete: every host released, nothing of the cluster left in the (simulated) workload side
  await h.capstan.delete(key, { wait: true });
  for (const host of Object.values(hosts)) expect(await claimOn(host)).toBe('');
  const world = await h.world();
  expect(world.machines.filter((m) => m.cluster === NAME)).toEqual([]);
}, 400_000);
