/**
 * A worker process SIGKILLed in the middle of an SSH create — after it claimed a host, before it
 * started the bootstrap there — and another worker carrying on: the same host (no second claim),
 * the bootstrap run once, and after the delete no claim left on any host.
 *
 * The dying worker reaches the host through a loopback proxy that holds its first connection
 * made after the claim exists (its bootstrap session), so the kill lands exactly there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { directorySshCredentialSource, SshInfrastructureProvider, type SshHost } from '../../../activities/providers/ssh';
import type { MachineInfraRequest, MachineInfraStatus } from '../../../activities/providers/types';
import type { ResourceKey } from '../../../shared/ids';
import { startGatedTcpProxy, type GatedTcpProxy } from '../../support/gatedTcpProxy';
import { credentialsDir, sshHost } from './kit';
import { newKey, SshdLab, type SshdHost } from './sshdContainers';

const lab = new SshdLab();
const key = newKey();
const CLUSTER: ResourceKey = { namespace: 'lab', name: 'c-kill' };
let creds: string;
let hosts: SshdHost[];
let inventory: SshHost[];
let proxy: GatedTcpProxy;
let work: string;

const request = (machine: string): MachineInfraRequest => ({
  cluster: CLUSTER,
  machine,
  role: 'worker',
  version: 'v1.31.4',
  infrastructure: { apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1', kind: 'ByoMachineTemplate', name: 'workers', spec: { selector: { matchLabels: { pool: 'workers' } } } },
  bootstrapData: `#cloud-config\nruncmd:\n  - echo ${machine} >> /root/bootstrapped\n`,
});

const claimOn = async (h: SshdHost) => (await lab.sh(h, 'cat /etc/capstan/claim 2>/dev/null')).out;

beforeAll(async () => {
  await lab.start();
  creds = credentialsDir({ 'lab-key': key });
  work = mkdtempSync(join(tmpdir(), 'capstan-ssh-kill-'));
  hosts = await Promise.all(['k1', 'k2'].map((n) => lab.startHost(n, key.publicKey)));
  inventory = await Promise.all(hosts.map(async (h) => sshHost(h, 'lab-key', await lab.ed25519Fingerprint(h), { labels: { pool: 'workers' } })));
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
  await lab.cleanup();
  if (creds) rmSync(creds, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
  expect(await lab.leftovers()).toEqual([]);
}, 60_000);

test('killed between the claim and the bootstrap: the next worker takes the same host, bootstraps once, and the delete leaves no claim', async () => {
  const machine = 'mk';
  const target = hosts[0]!;
  // the dying worker sees one host, through the proxy; the proxy holds its first connection after the claim
  proxy = await startGatedTcpProxy({ host: target.address, port: 22 }, async () => (await claimOn(target)) !== '');
  const config = join(work, 'child.json');
  writeFileSync(config, JSON.stringify({ inventory: [{ ...inventory[0]!, address: '127.0.0.1', port: proxy.port }], credentialsDir: creds, request: request(machine) }));
  const child = spawn(process.execPath, ['bin/run-ts', 'test/providers/ssh/ensureMachineChild.ts', config], {
    cwd: resolve(__dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((r) => child.once('exit', (code, signal) => r(signal ?? code)));
  const deadline = Date.now() + 60_000;
  while (proxy.held() === 0) {
    if (child.exitCode !== null) throw new Error(`the child exited before it was held:\n${stdout}${stderr}`);
    if (Date.now() > deadline) throw new Error(`the child never reached its bootstrap session:\n${stdout}${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(stdout).toBe(''); // it never learnt what it made
  // what it left: the host claimed for the machine, no bootstrap started
  expect(JSON.parse(await claimOn(target))).toMatchObject({ namespace: CLUSTER.namespace, cluster: CLUSTER.name, machine });
  expect((await lab.sh(target, 'test -e /root/bootstrapped; echo $?')).out.trim()).toBe('1');

  // the next worker: the same host, not the free one, and the bootstrap runs once
  const next = new SshInfrastructureProvider({ inventory, credentialSources: [directorySshCredentialSource(creds)] });
  const created = await next.ensureMachine(request(machine));
  expect(created.providerID).toBe(`ssh://${target.address}`);
  let s: MachineInfraStatus = created;
  for (const until = Date.now() + 30_000; s.state !== 'running' && s.state !== 'failed' && Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 300));
    s = await next.describeMachine(CLUSTER, machine);
  }
  expect(s.state).toBe('running');
  expect((await lab.sh(target, 'cat /root/bootstrapped')).out).toBe(`${machine}\n`);
  expect(await claimOn(hosts[1]!)).toBe('');

  // nothing left: the delete releases the claim; again (already gone) succeeds
  expect(await next.deleteMachine(CLUSTER, machine)).toBe(true);
  expect(await next.deleteMachine(CLUSTER, machine)).toBe(true);
  for (const h of hosts) expect(await claimOn(h)).toBe('');
  expect(await next.describeMachine(CLUSTER, machine)).toMatchObject({ state: 'gone' });
}, 120_000);
