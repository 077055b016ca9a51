import { createHash, randomBytes } from 'node:crypto';
import type { ResourceKey } from '../../shared/ids';

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

/**
 * The bootstrap token of a joining machine. Its id (the public half, `<id>` of `<id>.<secret>`) is
 * derived from the machine, so the refresh that runs while the machine boots can address it
 * without the token ever leaving the activity; the secret half is random on every render.
 */
export function bootstrapTokenFor(cluster: ResourceKey, machine: string): string {
  return `${bootstrapTokenIdFor(cluster, machine)}.${randomString(16)}`;
}

export function bootstrapTokenIdFor(cluster: ResourceKey, machine: string): string {
  const digest = createHash('sha256').update(`${cluster.namespace}/${cluster.name}/${machine}`).digest();
  let id = '';
  for (let i = 0; i < 6; i++) id += TOKEN_ALPHABET[digest[i]! % TOKEN_ALPHABET.length];
  return id;
}

/** CABPK's default token TTL (`--bootstrap-token-ttl` 15m); refreshed at a third of it while the machine boots. */
export const DEFAULT_BOOTSTRAP_TOKEN_TTL_SECONDS = 15 * 60;
