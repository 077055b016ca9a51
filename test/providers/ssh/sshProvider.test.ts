/**
 * SshInfrastructureProvider over an inventory of real sshd hosts: create claims a free host
 * matching the template's selector and starts the bootstrap (detached: the machine activity's
 * timeout is short), describe follows it to running (CAPI's sentinel) with providerID
 * ssh://<address>; repeat-create finds the same host (no twin); a second machine gets another
 * host, a third finds none free (retryable); a failing bootstrap describes as failed with the
 * command and its output; delete resets and releases, delete-when-gone succeeds; nothing left.
 */
import { rmSync } from 'node:fs';
import type { ResourceKey } from '../../../shared/ids';
import {
  directorySshCredentialSource,
  SshInfrastructureProvider,
  type SshHost,
} from '../../../activities/providers/ssh';
import type { MachineInfraRequest, MachineInfraStatus } from '../../../activities/providers/types';
import { credentialsDir, Returned, sshHost } from './kit';
import { newKey, SshdLab, type SshdHost } from './sshdContainers';

const lab = new SshdLab();
const key = newKey();
let creds: string;
let hosts: SshdHost[];
let provider: SshInfrastructureProvider;
const returned = new Returned();
const CLUSTER: ResourceKey = { namespace: 'lab', name: 'c1' };

const USER_DATA = (marker: string, extra = '') => `#cloud-config
write_files:
  - path: /etc/capstan-test/joined
    content: ${marker}
runcmd:
  - sleep 1
  - echo ${marker} >> /root/bootstrapped
${extra}`;

function request(
  machine: string,
  userData: string,
  matchLabels: Record<string, string> = { pool: 'workers' },
): MachineInfraRequest {
  return {
    cluster: CLUSTER,
    machine,
    role: 'worker',
    version: 'v1.31.4',
    infrastructure: {
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
      kind: 'ByoMachineTemplate',
      name: 'workers',
      spec: { selector: { matchLabels } },
    },
    bootstrapData: userData,
  };
}

async function waitFor(machine: string, states: string[], timeoutMs = 20_000): Promise<MachineInfraStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await provider.describeMachine(CLUSTER, machine);
    if (states.includes(s.state) || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  await lab.start();
  creds = credentialsDir({ 'lab-key': key });
  hosts = await Promise.all(['p1', 'p2', 'p3'].map((n) => lab.startHost(n, key.publicKey)));
  const inventory: SshHost[] = await Promise.all(
    hosts.map(async (h, i) =>
      sshHost(h, 'lab-key', await lab.ed25519Fingerprint(h), {
        labels: { pool: i < 2 ? 'workers' : 'control-plane' },
      }),
    ),
  );
  provider = new SshInfrastructureProvider({
    inventory,
    credentialSources: [directorySshCredentialSource(creds)],
    resetCommand: 'rm -f /root/bootstrapped /etc/capstan-test/joined && touch /root/was-reset',
  });
}, 90_000);

afterAll(async () => {
  await lab.cleanup();
  if (creds) rmSync(creds, { recursive: true, force: true });
  expect(await lab.leftovers()).toEqual([]);
}, 60_000);

const onHost = (address: string) => hosts.find((h) => h.address === address)!;

test('create, repeat-create (same host), describe to running, a second machine on another host, none left for a third', async () => {
  expect(await provider.describeMachine(CLUSTER, 'm1')).toMatchObject({ state: 'gone' });
  const created = await returned.ok(provider.ensureMachine(request('m1', USER_DATA('m1'))));
  expect(['provisioning', 'running']).toContain(created.state);
  expect(created.providerID).toMatch(/^ssh:\/\/10\.213\.\d+\.\d+$/);
  const again = await returned.ok(provider.ensureMachine(request('m1', USER_DATA('m1'))));
  expect(again.providerID).toBe(created.providerID);

  const running = await waitFor('m1', ['running', 'failed']);
  expect(running).toMatchObject({
    state: 'running',
    providerID: created.providerID,
    addresses: [created.addresses[0]],
  });
  const h = onHost(created.addresses[0]!);
  expect((await lab.sh(h, 'cat /root/bootstrapped; cat /etc/capstan-test/joined')).out).toBe('m1\nm1');

  const second = await returned.ok(provider.ensureMachine(request('m2', USER_DATA('m2'))));
  expect(second.providerID).not.toBe(created.providerID);
  expect(hosts.indexOf(onHost(second.addresses[0]!))).toBeLessThan(2); // pool=workers only

  const f = await returned.failure(provider.ensureMachine(request('m3', USER_DATA('m3'))));
  expect(f.type).toBe('Conflict');
  expect(f.nonRetryable).toBe(false);
  expect(f.message).toContain('no free host for machine lab/m3');
  expect(f.message).toContain('pool=workers');

  const none = await returned.failure(
    provider.ensureMachine(request('m4', USER_DATA('m4'), { pool: 'gpu' })),
  );
  expect(none.type).toBe('InvalidSpec');
  expect(none.nonRetryable).toBe(true);
  await waitFor('m2', ['running', 'failed']);
}, 60_000);

test('delete resets and releases the host; delete again (already gone) succeeds; the host is free for the next machine', async () => {
  const before = await provider.describeMachine(CLUSTER, 'm1');
  const h = onHost(before.addresses[0]!);
  expect(await provider.deleteMachine(CLUSTER, 'm1')).toBe(true);
  expect((await lab.sh(h, 'ls /root; test -e /etc/capstan/claim; echo claim=$?')).out).toBe(
    'was-reset\nclaim=1\n',
  );
  expect(await provider.describeMachine(CLUSTER, 'm1')).toMatchObject({ state: 'gone' });
  expect(await provider.deleteMachine(CLUSTER, 'm1')).toBe(true);

  const next = await returned.ok(provider.ensureMachine(request('m5', USER_DATA('m5'))));
  expect(next.providerID).toBe(before.providerID);
  expect(await waitFor('m5', ['running', 'failed'])).toMatchObject({ state: 'running' });
}, 60_000);

test('a failing bootstrap command: describe answers failed, naming the command and its output', async () => {
  await provider.deleteMachine(CLUSTER, 'm2');
  const bad = USER_DATA('m6', '  - \'echo "[preflight] kubelet port busy" >&2; exit 7\'\n');
  await returned.ok(provider.ensureMachine(request('m6', bad)));
  const s = await waitFor('m6', ['running', 'failed']);
  expect(s.state).toBe('failed');
  expect(s.failureReason).toContain('failed at step 4/4');
  expect(s.failureReason).toContain('exit 7');
  expect(s.failureReason).toContain('exit status 7');
  expect(s.failureReason).toContain('[preflight] kubelet port busy');
  expect(await provider.deleteMachine(CLUSTER, 'm6')).toBe(true);
  expect(await provider.describeMachine(CLUSTER, 'm6')).toMatchObject({ state: 'gone' });
}, 60_000);

test('cleanup: every machine deleted leaves no claim on any host', async () => {
  await provider.deleteMachine(CLUSTER, 'm5');
  for (const h of hosts) {
    expect((await lab.sh(h, 'test -e /etc/capstan/claim; echo $?')).out.trim()).toBe('1');
  }
  expect(returned.leaking(key)).toEqual([]);
});
