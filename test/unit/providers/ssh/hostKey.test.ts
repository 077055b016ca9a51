import { createHash } from 'node:crypto';
import { ed25519KeyPair } from '../../../support/ed25519KeyPair';
import {
  describeHostKey,
  fingerprintOf,
  hostKeyAlgorithmsFor,
  keyTypeOf,
  parseHostKeyPin,
} from '../../../../activities/providers/ssh/hostKey';

const line = ed25519KeyPair().public.trim();
const blob = Buffer.from(line.split(' ')[1]!, 'base64');

describe('fingerprints', () => {
  test('SHA256: + unpadded base64, as ssh-keygen -l prints it', () => {
    const f = fingerprintOf(blob);
    expect(f).toBe(`SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`);
    expect(f).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  test('describeHostKey reads the key type from the blob', () => {
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
    expect(describeHostKey(blob)).toEqual({
      fingerprint: fingerprintOf(blob),
      keyType: 'ssh-ed25519',
      publicKey: line.split(' ').slice(0, 2).join(' '),
    });
    expect(keyTypeOf(Buffer.from([0, 0]))).toBeUndefined();
  });
});

describe('parseHostKeyPin', () => {
  test('a fingerprint', () => {
    const f = fingerprintOf(blob);
    expect(parseHostKeyPin(`  ${f}\n`)).toEqual({ ok: true, pin: { fingerprint: f } });
  });

  test('a public key line (with or without comment) pins the fingerprint and the key type', () => {
    expect(parseHostKeyPin(`${line} root@node`)).toEqual({
      ok: true,
      pin: { fingerprint: fingerprintOf(blob), keyType: 'ssh-ed25519' },
    });
  });

  test.each([
    ['SHA256:short', /43 base64 characters/],
    ['16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48', /MD5 fingerprints are not accepted/],
    [`ssh-rsa ${line.split(' ')[1]}`, /says ssh-rsa but holds a ssh-ed25519 key/],
    ['ssh-ed25519 AAAA', /does not hold an SSH key/],
    ['', /expected a SHA256 fingerprint/],
  ])('refuses %j', (text, problem) => {
    const r = parseHostKeyPin(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });

  test('host key algorithms for a pinned type: RSA signs with SHA-2 first', () => {
    expect(hostKeyAlgorithmsFor('ssh-ed25519')).toEqual(['ssh-ed25519']);
    expect(hostKeyAlgorithmsFor('ssh-rsa')).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  });
});
