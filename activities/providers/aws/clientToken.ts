/**
 * EC2 RunInstances idempotency token (≤ 64 ASCII characters). Derived only from the machine's
 * identity, so a retried activity — on this worker or another one after a crash — sends the same
 * token and real EC2 answers with the instance the first attempt made instead of launching a twin.
 *
 * EC2 refuses a token whose instance has since been terminated (IdempotentInstanceTerminated), e.g.
 * when a machine of the same name is created again after a delete. `generation` walks a
 * deterministic chain of tokens for that case: every attempt walks the same chain, so two
 * attempts still converge on the same token.
 */
import { createHash } from 'node:crypto';
import type { ResourceKey } from '../../../shared/ids';

export const CLIENT_TOKEN_MAX_LENGTH = 64;

export function clientToken(cluster: ResourceKey, machine: string, generation = 0): string {
  // A hash, not the names: names may be longer than 64 characters together, and the token must
  // not collide between `a/b-c` and `a-b/c`, hence the NUL separators.
  const digest = createHash('sha256')
    .update(`${cluster.namespace}\0${cluster.name}\0${machine}`)
    .digest('hex')
    .slice(0, 40);
  return generation === 0 ? `capstan-${digest}` : `capstan-${digest}-${generation}`;
}
