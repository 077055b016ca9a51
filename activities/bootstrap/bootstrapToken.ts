import { randomBytes } from 'node:crypto';

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomString(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += TOKEN_ALPHABET[b % TOKEN_ALPHABET.length];
  return s;
}

/**
 * A kubeadm bootstrap token (`[a-z0-9]{6}.[a-z0-9]{16}`). Generated inside the activity that
 * renders bootstrap data, so it never enters workflow history.
 */
export function generateBootstrapToken(): string {
  return `${randomString(6)}.${randomString(16)}`;
}
