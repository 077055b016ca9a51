/**
 * kubeadm bootstrap tokens of a simulated workload cluster (the `bootstrap-token-<id>` Secrets of
 * kube-system): created before a join's data is rendered, their expiration pushed out while the
 * machine still boots (CABPK's refresh), and checked when the machine's `kubeadm join` runs. Only
 * a hash of the token is kept: the sim, like a real API server, never needs it back.
 */
import { createHash } from 'node:crypto';
import type { ClusterRecord } from './worldState';
import { SimError } from './simError';

export const BOOTSTRAP_TOKEN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;

export const tokenSha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface SimBootstrapTokenView {
  id: string;
  expiresAt: string;
}

export function createBootstrapToken(c: ClusterRecord, token: string, ttlSeconds: number, now: number): SimBootstrapTokenView {
  const m = BOOTSTRAP_TOKEN.exec(token);
  if (!m) throw SimError.invalidSpec('token must be a kubeadm bootstrap token, [a-z0-9]{6}.[a-z0-9]{16}');
  const id = m[1]!;
  // a re-created machine renders a new token under the same id: the newest one counts
  (c.bootstrapTokens ??= {})[id] = { sha256: tokenSha256(token), expiresAt: now + ttlSeconds * 1000 };
  return { id, expiresAt: new Date(now + ttlSeconds * 1000).toISOString() };
}

/** Moves the expiration to now + ttl; `undefined` when no such token exists (already used and removed, or never made). */
export function refreshBootstrapToken(c: ClusterRecord, id: string, ttlSeconds: number, now: number): SimBootstrapTokenView | undefined {
  const t = c.bootstrapTokens?.[id];
  if (!t) return undefined;
  t.expiresAt = Math.max(t.expiresAt, now + ttlSeconds * 1000);
  return { id, expiresAt: new Date(t.expiresAt).toISOString() };
}

/**
 * Why `kubeadm join` with this token would fail at `at`, or undefined when it may proceed. A join
 * whose token this cluster never issued is not judged (machines created before tokens were
 * issued through the API, or by providers that do not issue them).
 */
export function joinTokenProblem(c: ClusterRecord, tokenId: string | undefined, sha256: string | undefined, at: number): string | undefined {
  if (tokenId === undefined) return undefined;
  const t = c.bootstrapTokens?.[tokenId];
  if (!t) return undefined;
  if (t.sha256 !== sha256) return `\`kubeadm join\`: bootstrap token ${tokenId} does not match the one the cluster issued (a newer one replaced it)`;
  if (t.expiresAt <= at) {
    return `\`kubeadm join\`: bootstrap token ${tokenId} expired at ${new Date(t.expiresAt).toISOString()}, before the machine joined (nothing refreshed it while the machine booted)`;
  }
  return undefined;
}
