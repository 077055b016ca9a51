/**
 * The SSH transport and enrolment against real sshd (Debian openssh-server in containers):
 * enrolment answers the fingerprint ssh-keygen prints, and is idempotent; a pinned key connects;
 * the host recreated at the same address (new host keys) is refused with a terminal error naming
 * host, expected and presented fingerprints; a key the host does not authorize is a terminal auth
 * error; connection refused and timeouts are retryable. No private key in anything returned.
 */
import { rmSync } from 'node:fs';
import { enrolHost, openSshSession } from '../../../activities/providers/ssh';
import { credentials, credentialsDir, Returned, sshHost } from './kit';
import { newKey, SshdLab, type SshdHost } from './sshdContainers';

const lab = new SshdLab();
const key = newKey();
const otherKey = newKey();
let creds: string;
let h1: SshdHost;
const returned = new Returned();

beforeAll(async () => {
  await lab.start();
  creds = credentialsDir({ 'lab-key': key, 'stranger-key': otherKey });
  h1 = await lab.startHost('h1', key.publicKey);
}, 90_000);

afterAll(async () => {
  await lab.cleanup();
  if (creds) rmSync(creds, { recursive: true, force: true });
  expect(await lab.leftovers()).toEqual([]);
}, 60_000);

describe('enrolment', () => {
  test('first contact answers the fingerprint ssh-keygen prints, and the host facts', async () => {
    const c = await credentials(creds, 'lab-key');
    const r = await returned.ok(enrolHost(sshHost(h1, 'lab-key'), c));
    expect(r.hostKeyFingerprint).toBe(await lab.ed25519Fingerprint(h1));
    expect(r.hostKeyType).toBe('ssh-ed25519');
    expect(r.hostKey).toMatch(/^ssh-ed25519 AAAA/);
    expect(r.verified).toBe(false);
    expect(r.facts.os).toContain('bookworm');
    expect(r.facts.arch).toMatch(/^(x86_64|aarch64)$/);
    expect(r.facts.hostname).not.toBe('');
  });

  test('enrolling again with the answered pin (fingerprint or key line) verifies it and answers the same', async () => {
    const c = await credentials(creds, 'lab-key');
    const first = await returned.ok(enrolHost(sshHost(h1, 'lab-key'), c));
    const byFingerprint = await returned.ok(enrolHost(sshHost(h1, 'lab-key', first.hostKeyFingerprint), c));
    const byLine = await returned.ok(enrolHost(sshHost(h1, 'lab-key', first.hostKey), c));
    for (const r of [byFingerprint, byLine]) {
      expect(r.verified).toBe(true);
      expect(r.hostKeyFingerprint).toBe(first.hostKeyFingerprint);
      expect(r.facts).toEqual(first.facts);
    }
  });
});

describe('pinned host keys', () => {
  test('a matching pin connects and runs commands', async () => {
    const c = await credentials(creds, 'lab-key');
    const pin = await lab.ed25519Fingerprint(h1);
    const s = await openSshSession(sshHost(h1, 'lab-key', pin), c);
    try {
      const r = await s.execRoot('id -u; echo "$0"', 'test');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe('0');
      expect(s.hostKey.fingerprint).toBe(pin);
    } finally {
      s.close();
    }
  });

  test('no pin and no enrolment: refused before connecting', async () => {
    const c = await credentials(creds, 'lab-key');
    const f = await returned.failure(openSshSession(sshHost(h1, 'lab-key'), c));
    expect(f.type).toBe('InvalidSpec');
    expect(f.nonRetryable).toBe(true);
    expect(f.message).toMatch(/no pinned host key; enrol it first/);
  });

  test('the host recreated at the same address (new host keys): terminal, naming host, expected and presented', async () => {
    const c = await credentials(creds, 'lab-key');
    const h2 = await lab.startHost('h2', key.publicKey);
    const before = await returned.ok(enrolHost(sshHost(h2, 'lab-key'), c));
    await lab.removeHost(h2);
    const again = await lab.startHost('h2', key.publicKey, h2.address);
    const after = await lab.ed25519Fingerprint(again);
    expect(after).not.toBe(before.hostKeyFingerprint);

    for (const pin of [before.hostKeyFingerprint, before.hostKey]) {
      const f = await returned.failure(openSshSession(sshHost(again, 'lab-key', pin), c));
      expect(f.type).toBe('AuthFailed');
      expect(f.nonRetryable).toBe(true);
      expect(f.message).toContain(`SSH host lab/h2 (${again.address}:22)`);
      expect(f.message).toContain('host key changed');
      expect(f.message).toContain(`expected ${before.hostKeyFingerprint}`);
      expect(f.message).toContain(`presented ${after}`);
      expect(f.message).toMatch(/possible man-in-the-middle or a reinstalled host/);
      expect(f.message).toMatch(/re-enrol it/);
      expect(f.details?.[0]).toMatchObject({ sshErrorClass: 'hostKeyChanged', presentedFingerprint: after });
    }
    // Re-enrolment with the old pin also refuses; without it, it answers the new key.
    const f = await returned.failure(enrolHost(sshHost(again, 'lab-key', before.hostKeyFingerprint), c));
    expect(f.message).toContain('host key changed');
    const reenrolled = await returned.ok(enrolHost(sshHost(again, 'lab-key'), c));
    expect(reenrolled.hostKeyFingerprint).toBe(after);
  }, 60_000);
});

describe('failures are classified', () => {
  test('a key the host does not authorize: terminal AuthFailed naming the credentials, not the key', async () => {
    const c = await credentials(creds, 'stranger-key');
    const pin = await lab.ed25519Fingerprint(h1);
    const f = await returned.failure(openSshSession(sshHost(h1, 'stranger-key', pin), c));
    expect(f.type).toBe('AuthFailed');
    expect(f.nonRetryable).toBe(true);
    expect(f.message).toContain('refused the private key of credentials "stranger-key"');
    expect(f.message).toContain('lab/h1');
  });

  test('connection refused (nothing listens on the port): retryable ProviderUnavailable', async () => {
    const c = await credentials(creds, 'lab-key');
    const pin = await lab.ed25519Fingerprint(h1);
    const f = await returned.failure(openSshSession(sshHost(h1, 'lab-key', pin, { port: 2222 }), c));
    expect(f.type).toBe('ProviderUnavailable');
    expect(f.nonRetryable).toBe(false);
    expect(f.message).toMatch(/unreachable .*ECONNREFUSED.*will retry/);
  });

  test('no host at the address (timeout): retryable ProviderUnavailable', async () => {
    const c = await credentials(creds, 'lab-key');
    const pin = await lab.ed25519Fingerprint(h1);
    const ghost = { name: 'ghost', container: 'none', address: lab.allocateAddress() };
    const started = Date.now();
    const f = await returned.failure(
      openSshSession(sshHost(ghost, 'lab-key', pin), c, { readyTimeoutMs: 2000 }),
    );
    expect(f.type).toBe('ProviderUnavailable');
    expect(f.nonRetryable).toBe(false);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('nothing returned holds a private key', () => {
    expect(returned.count()).toBeGreaterThan(8);
    expect(returned.leaking(key)).toEqual([]);
    expect(returned.leaking(otherKey)).toEqual([]);
  });
});
