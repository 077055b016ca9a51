/**
 * BareMetalInfrastructureProvider against real servers: a sushy-emulator --fake Redfish BMC with
 * three systems, OpenIPMI's ipmi_sim for one host, and sshd containers (capstan/node:bookworm) as
 * the hosts' operating systems.
 *
 * What is simulated, plainly: nothing writes an image to a disk. "Booting into the image" is an
 * sshd container that stands for the OS the host boots; for most hosts it runs from the start
 * (the provider only talks to it once the BMC reports the host powered on), and for bm-b it is
 * started only after the host was powered on, to show a host still booting. sushy's fake driver
 * applies power changes 1-11 s after the request, as a real BMC takes its time.
 *
 * Covered: create (claim → one-time boot device → power on seen at the BMC → bootstrap ran on the
 * host → running, providerID metal3://ns/host/machine), repeat-create (no second claim, no second
 * bootstrap), describe, reboot through the BMC deduplicated by idempotency key, a booting host
 * (sshd not up: provisioning, then running), delete (reset ran, powered off at the BMC, claim
 * released), delete-when-gone, terminal errors (BMC credentials rejected: AuthFailed and the host
 * given back; no matching host: InvalidSpec), a worker process SIGKILLed right after the claim
 * converging on the same host, IPMI power and boot, and nothing left claimed at the end.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResourceKey } from '../../../shared/ids';
import { BareMetalInfrastructureProvider } from '../../../activities/providers/baremetal/bareMetalInfrastructureProvider';
import { bmcFor, directoryCredentialSource, type BmcClient } from '../../../activities/providers/baremetal';
import { FileHostClaimStore, type HostOwner } from '../../../activities/providers/baremetal/hostClaims';
import { parseBareMetalHosts } from '../../../activities/providers/baremetal/hostInventory';
import { directorySshCredentialSource } from '../../../activities/providers/ssh';
import type { BareMetalHostObject } from '../../../shared/model/kinds/bareMetalHost';
import type { MachineInfraRequest, MachineInfraStatus } from '../../../activities/providers/types';
import { startIpmiSim, startSushy, type IpmiSim, type SushyEmulator } from './emulators';
import { credentialsDir as bmcCredentialsDir, NAMESPACE, Returned } from './kit';
import { credentialsDir as sshCredentialsDir } from '../ssh/kit';
import { newKey, SshdLab, type SshdHost } from '../ssh/sshdContainers';
import { until } from '../../support/eventually';
import { startGatedTcpProxy, type GatedTcpProxy } from '../../support/gatedTcpProxy';

const BMC_USER = 'admin';
const BMC_PASSWORD = 'bm-Provider-7731';
const IPMI_PASSWORD = 'ipmi-Provider-5512';
const SYS = {
  a: '7d1e0000-0000-4000-8000-00000000000a',
  b: '7d1e0000-0000-4000-8000-00000000000b',
  c: '7d1e0000-0000-4000-8000-00000000000c',
};
const CLUSTER: ResourceKey = { namespace: NAMESPACE, name: 'metal1' };
const RESET = 'rm -f /root/bootstrapped && touch /root/was-reset';

const lab = new SshdLab();
const key = newKey();
let sushy: SushyEmulator;
let ipmi: IpmiSim;
let bmcCreds: string;
let sshCreds: string;
let stateDir: string;
let hosts: BareMetalHostObject[];
const os: Record<string, SshdHost> = {};
let addressB: string;
let provider: BareMetalInfrastructureProvider;
let proxy: GatedTcpProxy | undefined;
const returned = new Returned();

const userData = (marker: string) => `#cloud-config
write_files:
  - path: /etc/capstan-test/joined
    content: ${marker}
runcmd:
  - sleep 1
  - echo ${marker} >> /root/bootstrapped
`;

function request(machine: string, pool: string, image = true): MachineInfraRequest {
  return {
    cluster: CLUSTER,
    machine,
    role: 'worker',
    version: 'v1.31.4',
    infrastructure: {
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
      kind: 'BareMetalMachineTemplate',
      name: `${pool}-tmpl`,
      spec: {
        hostSelector: { matchLabels: { pool } },
        ...(image ? { image: { url: 'http://images.lab/node.qcow2', checksum: 'abc', format: 'qcow2' } } : { customDeploy: { method: 'none' } }),
      },
    },
    bootstrapData: userData(machine),
  };
}

function inventoryYaml(addrs: { a: string; b: string; c: string; ipmi: string }): string {
  const host = (name: string, pool: string, address: string, ssh: string, creds = 'bm-bmc') => `---
apiVersion: metal3.io/v1alpha1
kind: BareMetalHost
metadata:
  name: ${name}
  namespace: ${NAMESPACE}
  labels: { pool: ${pool} }
  annotations: { baremetal.capstan.io/ssh-credentials-name: lab-key }
spec:
  online: true
  bootMACAddress: 52:54:00:00:01:0${name.length % 10}
  bmc: { address: "${address}", credentialsName: ${creds} }
  sshAddress: "${ssh}"
`;
  const rf = (uuid: string) => `redfish+http://127.0.0.1:${sushy.port}/redfish/v1/Systems/${uuid}`;
  return [
    host('bm-a', 'workers', rf(SYS.a), addrs.a),
    host('bm-b', 'booting', rf(SYS.b), `${addrs.b}:22`),
    host('bm-c', 'badcreds', rf(SYS.c), addrs.c, 'bm-bad-bmc'),
    host('bm-ipmi', 'ipmi', `ipmi://127.0.0.1:${ipmi.port}`, addrs.ipmi, 'bm-ipmi'),
    // another kind in the file is ignored: the cluster's own manifest can be the inventory
    `---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: BareMetalCluster
metadata: { name: metal1, namespace: ${NAMESPACE} }
spec: { controlPlaneEndpoint: { host: 10.0.0.100, port: 6443 } }
`,
  ].join('');
}

function newProvider(claims = new FileHostClaimStore(stateDir)): BareMetalInfrastructureProvider {
  return new BareMetalInfrastructureProvider({
    hosts,
    claims,
    bmcCredentials: [directoryCredentialSource(bmcCreds)],
    sshCredentials: [directorySshCredentialSource(sshCreds)],
    resetCommand: RESET,
  });
}

const claimsOf = (cluster = CLUSTER.name) => new FileHostClaimStore(stateDir).list(NAMESPACE, cluster);
const owner = (machine: string): HostOwner => ({ namespace: NAMESPACE, cluster: CLUSTER.name, machine });

function bmcOf(name: string): Promise<BmcClient> {
  const h = hosts.find((x) => x.metadata.name === name)!;
  return bmcFor(h, { credentials: [directoryCredentialSource(bmcCreds)] });
}

const describeUntil = (p: BareMetalInfrastructureProvider, machine: string, states: string[]) =>
  until(`machine ${machine}`, () => returned.ok(p.describeMachine(CLUSTER, machine)), (s: MachineInfraStatus) => states.includes(s.state), { timeoutMs: 90_000, intervalMs: 500 });

const deleteUntilGone = (p: BareMetalInfrastructureProvider, machine: string) =>
  until(`delete ${machine}`, () => returned.ok(p.deleteMachine(CLUSTER, machine)), (done) => done, { timeoutMs: 60_000, intervalMs: 500 });

beforeAll(async () => {
  const fake = (uuid: string, name: string) => ({ uuid, name, power_state: 'Off' as const, nics: [{ mac: '52:54:00:00:01:01', ip: '10.10.0.1' }] });
  [sushy, ipmi] = await Promise.all([
    startSushy([fake(SYS.a, 'bm-a'), fake(SYS.b, 'bm-b'), fake(SYS.c, 'bm-c')], BMC_USER, BMC_PASSWORD),
    startIpmiSim(IPMI_PASSWORD),
  ]);
  await lab.start();
  bmcCreds = bmcCredentialsDir({
    'bm-bmc': { username: BMC_USER, password: BMC_PASSWORD },
    'bm-bad-bmc': { username: BMC_USER, password: 'not-the-password' },
    'bm-ipmi': { username: 'admin', password: IPMI_PASSWORD },
  });
  sshCreds = sshCredentialsDir({ 'lab-key': key });
  stateDir = mkdtempSync(join(tmpdir(), 'capstan-baremetal-state-'));
  [os['a'], os['c'], os['ipmi']] = await Promise.all([
    lab.startHost('bm-a', key.publicKey),
    lab.startHost('bm-c', key.publicKey),
    lab.startHost('bm-ipmi', key.publicKey),
  ]);
  addressB = lab.allocateAddress(); // bm-b's OS is not up yet: it "boots" later
  const parsed = parseBareMetalHosts(
    inventoryYaml({ a: os['a']!.address, b: addressB, c: os['c']!.address, ipmi: os['ipmi']!.address }),
    'hosts.yaml',
  );
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  hosts = parsed.hosts;
  provider = newProvider();
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await lab.cleanup();
  await sushy?.stop();
  await ipmi?.stop();
  for (const d of [bmcCreds, sshCreds, stateDir]) if (d) rmSync(d, { recursive: true, force: true });
  expect(await lab.leftovers()).toEqual([]);
  // Nothing handed back carries a BMC password or a line of the SSH key.
  expect(returned.count()).toBeGreaterThan(20);
  expect(returned.containing(BMC_PASSWORD)).toEqual([]);
  expect(returned.containing(IPMI_PASSWORD)).toEqual([]);
  expect(returned.containing('PRIVATE KEY')).toEqual([]);
  const keyLines = key.privateKey.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
  for (const l of keyLines) expect(returned.containing(l)).toEqual([]);
}, 60_000);

test('the inventory is read from BareMetalHost manifests; the cluster endpoint is as declared', async () => {
  expect(hosts.map((h) => h.metadata.name)).toEqual(['bm-a', 'bm-b', 'bm-c', 'bm-ipmi']);
  const bad = parseBareMetalHosts('apiVersion: metal3.io/v1alpha1\nkind: BareMetalHost\nmetadata: { name: x }\nspec: { online: true }\n', 'bad.yaml');
  expect(bad.ok).toBe(false);
  const infra = await provider.ensureClusterInfrastructure({
    cluster: CLUSTER,
    labels: {},
    infrastructure: { apiVersion: 'v', kind: 'BareMetalCluster', name: 'metal1', spec: { controlPlaneEndpoint: { host: '10.0.0.100', port: 6443 } } },
  });
  expect(infra).toEqual({ provisioned: true, controlPlaneEndpoint: { host: '10.0.0.100', port: 6443 }, failureDomains: [] });
});

test('create: claim, PXE boot override, power on at the BMC, bootstrap over SSH, running; repeat-create makes no twin', async () => {
  const t0 = Date.now();
  expect(await provider.describeMachine(CLUSTER, 'm1')).toEqual({ state: 'gone', addresses: [] });
  const created = await returned.ok(provider.ensureMachine(request('m1', 'workers')));
  expect(Date.now() - t0).toBeLessThan(20_000); // fits the machine activity
  expect(['provisioning', 'running']).toContain(created.state);
  expect(created.providerID).toBe(`metal3://${NAMESPACE}/bm-a/m1`);
  expect(created.addresses).toEqual([os['a']!.address]);
  // the claim comes first, then the one-time boot device, then power
  const [claim] = await claimsOf();
  expect(claim).toMatchObject({ host: 'bm-a', machine: 'm1', bootDevice: 'pxe' });
  expect(claim!.poweredOnAt).toBeDefined();
  const bmcA = await bmcOf('bm-a');
  expect((await bmcA.bootOverride()).device).toBe('pxe');
  await until('bm-a power', () => bmcA.powerState(), (s) => s === 'on', { timeoutMs: 30_000, intervalMs: 500 });

  const running = await describeUntil(provider, 'm1', ['running', 'failed']);
  expect(running).toEqual({ state: 'running', providerID: created.providerID, addresses: [os['a']!.address] });
  expect((await lab.sh(os['a']!, 'cat /root/bootstrapped; cat /etc/capstan-test/joined')).out).toBe('m1\nm1');
  expect((await lab.sh(os['a']!, 'cat /etc/capstan/claim')).out).toContain('"machine":"m1"');
  // the host key seen at first contact is pinned in the claim
  expect((await claimsOf())[0]!.hostKey).toBe(await lab.ed25519Fingerprint(os['a']!));

  // repeat-create: the same host, no second claim, no second bootstrap
  const again = await returned.ok(provider.ensureMachine(request('m1', 'workers')));
  expect(again).toEqual(running);
  expect((await claimsOf()).map((c) => c.host)).toEqual(['bm-a']);
  expect((await lab.sh(os['a']!, 'cat /root/bootstrapped')).out).toBe('m1\n');
}, 150_000);

test('reboot: a BMC power cycle, once per idempotency key', async () => {
  const first = await returned.ok(provider.rebootMachine(CLUSTER, 'm1', 'remediation-1'));
  expect(first.outcome).toBe('rebooting');
  expect(first.message).toContain('power-cycled through its BMC');
  const retry = await returned.ok(provider.rebootMachine(CLUSTER, 'm1', 'remediation-1'));
  expect(retry).toEqual({ outcome: 'rebooting', message: expect.stringContaining('already sent') });
  expect((await claimsOf())[0]!.reboots).toEqual(['remediation-1']);
  expect(await returned.ok(provider.rebootMachine(CLUSTER, 'nope', 'k'))).toMatchObject({ outcome: 'gone' });
  await until('bm-a power after the cycle', async () => (await bmcOf('bm-a')).powerState(), (s) => s === 'on', { timeoutMs: 30_000, intervalMs: 500 });
  // still running: the sentinel is there, nothing is run again
  expect(await describeUntil(provider, 'm1', ['running', 'failed'])).toMatchObject({ state: 'running' });
  expect((await lab.sh(os['a']!, 'cat /root/bootstrapped')).out).toBe('m1\n');
}, 90_000);

test('a host still booting (sshd not answering) is provisioning, then running once its OS is up', async () => {
  const created = await returned.ok(provider.ensureMachine(request('m2', 'booting', false)));
  expect(created).toMatchObject({ state: 'provisioning', providerID: `metal3://${NAMESPACE}/bm-b/m2` });
  const [claim] = (await claimsOf()).filter((c) => c.machine === 'm2');
  expect(claim!.bootDevice).toBe('disk'); // no image: boot from disk
  await until('bm-b power', async () => (await bmcOf('bm-b')).powerState(), (s) => s === 'on', { timeoutMs: 30_000, intervalMs: 500 });
  // powered on, OS not answering yet: retried, not failed
  expect(await returned.ok(provider.describeMachine(CLUSTER, 'm2'))).toMatchObject({ state: 'provisioning' });
  os['b'] = await lab.startHost('bm-b', key.publicKey, addressB);
  const running = await describeUntil(provider, 'm2', ['running', 'failed']);
  expect(running).toMatchObject({ state: 'running', addresses: [addressB] });
  expect((await lab.sh(os['b'], 'cat /root/bootstrapped')).out).toBe('m2\n');
}, 150_000);

test('delete: reset over SSH, powered off at the BMC, claim released; delete again succeeds', async () => {
  await deleteUntilGone(provider, 'm1');
  expect((await lab.sh(os['a']!, 'test -e /root/was-reset && echo reset; test -e /root/bootstrapped && echo left; test -e /etc/capstan/claim && echo claimed; test -e /run/cluster-api/bootstrap-success.complete && echo sentinel')).out).toBe('reset\n');
  expect(await (await bmcOf('bm-a')).powerState()).toBe('off');
  expect((await claimsOf()).map((c) => c.machine)).toEqual(['m2']);
  expect(await new FileHostClaimStore(stateDir).userData(owner('m1'))).toBeUndefined();
  expect(await returned.ok(provider.describeMachine(CLUSTER, 'm1'))).toEqual({ state: 'gone', addresses: [] });
  expect(await returned.ok(provider.deleteMachine(CLUSTER, 'm1'))).toBe(true);
  expect(await returned.ok(provider.rebootMachine(CLUSTER, 'm1', 'late'))).toMatchObject({ outcome: 'gone' });
}, 90_000);

test('terminal: BMC credentials rejected (AuthFailed, host given back); no matching host (InvalidSpec)', async () => {
  const auth = await returned.failure(provider.ensureMachine(request('m3', 'badcreds')));
  expect(auth.type).toBe('AuthFailed');
  expect(auth.nonRetryable).toBe(true);
  expect(auth.message).toContain('BMC credentials rejected for host lab/bm-c');
  expect(auth.message).toContain('"bm-bad-bmc"');
  expect((await claimsOf()).map((c) => c.machine)).toEqual(['m2']);
  expect(await new FileHostClaimStore(stateDir).userData(owner('m3'))).toBeUndefined();

  const none = await returned.failure(provider.ensureMachine(request('m5', 'gpu')));
  expect(none.type).toBe('InvalidSpec');
  expect(none.nonRetryable).toBe(true);
  expect(none.message).toContain('no BareMetalHost in namespace lab matches BareMetalMachineTemplate/gpu-tmpl hostSelector pool=gpu');

  // both hosts of pool "workers"/"booting" taken → retryable Conflict for another machine
  const taken = await returned.failure(provider.ensureMachine(request('m6', 'booting')));
  expect(taken.type).toBe('Conflict');
  expect(taken.nonRetryable).toBe(false);
  expect(taken.message).toContain('bm-b is claimed by machine lab/m2');
}, 60_000);

test('a worker process SIGKILLed right after the claim: the next worker converges on the same host, nothing left after delete', async () => {
  // The dying worker reaches bm-a's BMC through a loopback proxy that holds its first connection
  // made once the claim exists: the kill lands between the claim and the first BMC call.
  const claimFile = join(stateDir, 'claims', NAMESPACE, 'bm-a.json');
  const gate = await startGatedTcpProxy({ host: '127.0.0.1', port: sushy.port }, async () => existsSync(claimFile));
  proxy = gate;
  const gated = hosts.map((h) =>
    h.metadata.name === 'bm-a' ? { ...h, spec: { ...h.spec, bmc: { ...h.spec.bmc, address: h.spec.bmc.address.replace(`:${sushy.port}/`, `:${gate.port}/`) } } } : h,
  );
  const config = join(stateDir, 'child.json');
  writeFileSync(config, JSON.stringify({ hosts: gated, stateDir, bmcCredentialsDir: bmcCreds, sshCredentialsDir: sshCreds, resetCommand: RESET, request: request('m4', 'workers') }));
  const child = spawn(process.execPath, ['bin/run-ts', 'test/providers/baremetal/ensureMachineChild.ts', config], { cwd: resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((r) => child.once('exit', (code, signal) => r(signal ?? code)));
  await until('the dying worker held at its first BMC call after the claim', async () => {
    if (child.exitCode !== null) throw new Error(`the child exited before it was held:\n${stdout}${stderr}`);
    return gate.held();
  }, (n) => n > 0, { timeoutMs: 60_000, intervalMs: 50 });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(stdout).toBe(''); // it never learnt what it made
  rmSync(config);
  const [half] = (await claimsOf()).filter((c) => c.machine === 'm4');
  expect(half).toMatchObject({ host: 'bm-a', plannedBootDevice: 'pxe' });
  expect(half!.poweredOnAt).toBeUndefined(); // the BMC was never touched

  // another worker picks up (the activity is retried: describe, then ensure)
  const fresh = newProvider();
  const resumed = await returned.ok(fresh.ensureMachine(request('m4', 'workers')));
  expect(resumed.providerID).toBe(`metal3://${NAMESPACE}/bm-a/m4`);
  expect((await claimsOf()).filter((c) => c.machine === 'm4')).toHaveLength(1);
  expect(await describeUntil(fresh, 'm4', ['running', 'failed'])).toMatchObject({ state: 'running' });
  expect((await lab.sh(os['a']!, 'cat /root/bootstrapped')).out).toBe('m4\n');

  // the cluster's teardown gives back everything it still holds (m2 and m4)
  await until('cluster infrastructure gone', () => returned.ok(fresh.deleteClusterInfrastructure(CLUSTER)), (d) => d, { timeoutMs: 90_000, intervalMs: 500 });
  expect(await claimsOf()).toEqual([]);
  expect(readdirSync(join(stateDir, 'userdata', NAMESPACE, CLUSTER.name))).toEqual([]);
  expect(await (await bmcOf('bm-a')).powerState()).toBe('off');
  expect(await (await bmcOf('bm-b')).powerState()).toBe('off');
  expect((await lab.sh(os['b']!, 'test -e /etc/capstan/claim && echo claimed; cat /root/was-reset && echo reset')).out).toBe('reset\n');
}, 240_000);

test('IPMI: the host is booted from PXE and powered on through ipmi_sim, then off on delete', async () => {
  const created = await returned.ok(provider.ensureMachine(request('m7', 'ipmi')));
  expect(created.providerID).toBe(`metal3://${NAMESPACE}/bm-ipmi/m7`);
  expect(ipmi.hardwareBoot()).toBe('pxe');
  expect(ipmi.hardwarePower()).toBe('1');
  expect(await describeUntil(provider, 'm7', ['running', 'failed'])).toMatchObject({ state: 'running' });
  expect((await lab.sh(os['ipmi']!, 'cat /root/bootstrapped')).out).toBe('m7\n');
  await deleteUntilGone(provider, 'm7');
  expect(ipmi.hardwarePower()).toBe('0');
  expect(await claimsOf()).toEqual([]);
  expect(existsSync(join(stateDir, 'claims', NAMESPACE, 'bm-ipmi.json'))).toBe(false);
}, 120_000);
