/**
 * Host keys and pins, as OpenSSH prints them. Pure. A pin is what an operator writes down after
 * enrolment (or copies from `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`): either the SHA256
 * fingerprint, `SHA256:<base64 without padding>`, or the public key line itself,
 * `ssh-ed25519 AAAAC3Nz... [comment]`. A key line also fixes the key type the client asks for.
 */
import { createHash } from 'node:crypto';

export interface HostKeyPin {
  /** `SHA256:...` exactly as `ssh-keygen -l` prints it */
  fingerprint: string;
  /** the key type, when the pin was a key line (e.g. `ssh-ed25519`) */
  keyType?: string;
}

/** The key a server presented during the handshake. */
export interface PresentedHostKey {
  fingerprint: string;
  keyType: string;
  /** `<type> <base64>`, as in known_hosts or `/etc/ssh/ssh_host_*_key.pub` (no comment) */
  publicKey: string;
}

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** `SHA256:` + unpadded base64 of the SHA-256 of the key blob (ssh-keygen's default format). */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH wire-format key blob, undefined when malformed. */
export function keyTypeOf(keyBlob: Buffer): string | undefined {
  if (keyBlob.length < 4) return undefined;
  const len = keyBlob.readUInt32BE(0);
  if (len === 0 || len > 64 || keyBlob.length < 4 + len) return undefined;
  const type = keyBlob.subarray(4, 4 + len).toString('latin1');
  return /^[a-z0-9@.-]+$/i.test(type) ? type : undefined;
}

export function describeHostKey(keyBlob: Buffer): PresentedHostKey {
  const keyType = keyTypeOf(keyBlob) ?? 'unknown';
  return {
    fingerprint: fingerprintOf(keyBlob),
    keyType,
    publicKey: `${keyType} ${keyBlob.toString('base64')}`,
  };
}

export type PinParse = { ok: true; pin: HostKeyPin } | { ok: false; problem: string };

/** Reads a pin: a `SHA256:` fingerprint or a public key line. */
export function parseHostKeyPin(text: string): PinParse {
  const t = text.trim();
  if (t.startsWith('SHA256:')) {
    return FINGERPRINT.test(t)
      ? { ok: true, pin: { fingerprint: t } }
      : {
          ok: false,
          problem:
            'a SHA256 fingerprint is "SHA256:" followed by 43 base64 characters, as ssh-keygen -l prints it',
        };
  }
  if (/^(MD5:)?([0-9a-f]{2}:){15}[0-9a-f]{2}$/i.test(t)) {
    return {
      ok: false,
      problem: 'MD5 fingerprints are not accepted; pin the SHA256 fingerprint (ssh-keygen -l -E sha256)',
    };
  }
  const [type, b64] = t.split(/\s+/);
  if (type && b64 && /^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    const blob = Buffer.from(b64, 'base64');
    const inner = keyTypeOf(blob);
    if (inner === undefined) return { ok: false, problem: 'the public key line does not hold an SSH key' };
    if (inner !== type)
      return { ok: false, problem: `the public key line says ${type} but holds a ${inner} key` };
    return { ok: true, pin: { fingerprint: fingerprintOf(blob), keyType: type } };
  }
  return {
    ok: false,
    problem: 'expected a SHA256 fingerprint ("SHA256:...") or a public key line ("ssh-ed25519 AAAA...")',
  };
}

/**
 * The host key signature algorithms to offer when the pin fixes the key type, so the server
 * presents that key (a host has several: ed25519, ecdsa, rsa). An RSA key signs with SHA-2.
 */
export function hostKeyAlgorithmsFor(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}
