/**
 * Claiming and releasing a real host: the claim marker (/etc/capstan/claim) makes claiming
 * idempotent for its owner and refuses any other machine (retryable Conflict naming the holder);
 * release by a non-owner leaves the host alone; release by the owner runs the reset command, clears
 * the bootstrap state and sentinel, then the claim; releasing a free host succeeds; a failing reset
 * keeps the host claimed.
 */
import { rmSync } from 'node:fs';
import {
  BOOTSTRAP_SENTINEL,
  claimHost,
  openSshSession,
  readHostClaim,
  releaseHost,
  runBootstrap,
  type HostClaim,
  type SshSession,
} from '../../../activities/providers/ssh';
import { credentials, credentialsDir, Returned, sshHost } from './kit';
import { newKey, SshdLab, type SshdHost } from './sshdContainers';

const lab = new SshdLab();
const key = newKey();
let creds: string;
let h: SshdHost;
let s: SshSession;
const returned = new Returned();

const M1: HostClaim = { namespace: 'lab', cluster: 'c1', machine: 'c1-md-0-aaaa' };
const M2: HostClaim = { namespace: 'lab', cluster: 'c1', machine: 'c1-md-0-bbbb' };

beforeAll(async () => {
  await lab.start();
  creds = credentialsDir({ 'lab-key': key });
  h = await lab.startHost('claim', key.publicKey);
  s = await openSshSession(
    sshHost(h, 'lab-key', await lab.ed25519Fingerprint(h)),
    await credentials(creds, 'lab-key'),
  );
}, 90_000);

afterAll(async () => {
  s?.close();
  await lab.cleanup();
  if (creds) rmSync(creds, { recursive: true, force: true });
  expect(await lab.leftovers()).toEqual([]);
}, 60_000);

test('claiming is idempotent for its owner and refused for another machine', async () => {
  expect(await readHostClaim(s)).toBeUndefined();
  const first = await returned.ok(claimHost(s, M1, { now: new Date('2025-01-01T00:00:00Z') }));
  expect(first).toEqual({ ...M1, claimedAt: '2025-01-01T00:00:00.000Z' });
  const again = await returned.ok(claimHost(s, M1, { now: new Date('2025-06-01T00:00:00Z') }));
  expect(again).toEqual(first);

  const f = await returned.failure(claimHost(s, M2));
  expect(f.type).toBe('Conflict');
  expect(f.nonRetryable).toBe(false);
  expect(f.message).toContain('SSH host lab/claim');
  expect(f.message).toContain('machine lab/c1-md-0-aaaa');
  expect(f.message).toContain('refused for machine lab/c1-md-0-bbbb');
  expect(f.details?.[0]).toMatchObject({ sshErrorClass: 'claimed', heldBy: M1 });
  expect(JSON.parse((await lab.sh(h, 'cat /etc/capstan/claim')).out)).toMatchObject(M1);
});

test('two claims racing on the host: exactly one wins', async () => {
  const h2 = await lab.startHost('race', key.publicKey);
  const c = await credentials(creds, 'lab-key');
  const pin = await lab.ed25519Fingerprint(h2);
  const [a, b] = await Promise.all([
    openSshSession(sshHost(h2, 'lab-key', pin), c),
    openSshSession(sshHost(h2, 'lab-key', pin), c),
  ]);
  try {
    const results = await Promise.allSettled([claimHost(a, M1), claimHost(b, M2)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  } finally {
    a.close();
    b.close();
  }
});

test('release: a non-owner leaves the host alone; the owner resets, clears the bootstrap and the claim; again is a no-op', async () => {
  await runBootstrap(s, '#cloud-config\nruncmd:\n  - echo joined > /root/joined\n');
  expect((await lab.sh(h, `test -e ${BOOTSTRAP_SENTINEL} && echo yes`)).out.trim()).toBe('yes');

  expect(await returned.ok(releaseHost(s, M2, { resetCommand: 'touch /root/wrong-reset' }))).toBe(
    'claimedByOther',
  );
  expect((await lab.sh(h, 'test -e /root/wrong-reset; echo $?')).out.trim()).toBe('1');
  expect(await readHostClaim(s)).toMatchObject(M1);

  expect(
    await returned.ok(releaseHost(s, M1, { resetCommand: 'rm -f /root/joined && touch /root/reset-ran' })),
  ).toBe('released');
  const state = await lab.sh(
    h,
    `for p in /root/joined /root/reset-ran ${BOOTSTRAP_SENTINEL} /var/lib/capstan/bootstrap /etc/capstan/claim; do test -e $p && echo "$p present" || echo "$p absent"; done`,
  );
  expect(state.out).toBe(
    `/root/joined absent\n/root/reset-ran present\n${BOOTSTRAP_SENTINEL} absent\n/var/lib/capstan/bootstrap absent\n/etc/capstan/claim absent\n`,
  );
  expect(await returned.ok(releaseHost(s, M1, { resetCommand: 'touch /root/second-reset' }))).toBe(
    'alreadyFree',
  );
  expect((await lab.sh(h, 'test -e /root/second-reset; echo $?')).out.trim()).toBe('1');

  // Free again: another machine can claim it, and its bootstrap runs from scratch.
  expect(await returned.ok(claimHost(s, M2))).toMatchObject(M2);
  const r = await runBootstrap(s, '#cloud-config\nruncmd:\n  - echo joined-again > /root/joined\n');
  expect(r.outcome).toBe('completed');
});

test('a failing reset command: terminal, with its output; the host stays claimed', async () => {
  const f = await returned.failure(
    releaseHost(s, M2, { resetCommand: 'echo "kubeadm reset: cannot remove /var/lib/etcd" >&2; exit 4' }),
  );
  expect(f.type).toBe('ProvisioningFailed');
  expect(f.message).toContain('exited with status 4');
  expect(f.message).toContain('cannot remove /var/lib/etcd');
  expect(f.message).toContain('the host stays claimed');
  expect(await readHostClaim(s)).toMatchObject(M2);
  expect(await returned.ok(releaseHost(s, M2))).toBe('released');
});

test('nothing returned holds the private key', () => {
  expect(returned.count()).toBeGreaterThan(6);
  expect(returned.leaking(key)).toEqual([]);
});
