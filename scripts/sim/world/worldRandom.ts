/**
 * Draws from the world's seeded PRNG (`state.rngState`, persisted with the world). Everything the
 * sim decides by chance goes through here — Pod name suffixes, etcd member ids, placement ties,
 * leader elections, latency jitter — so one seed and one sequence of requests give one world.
 */
import { nextRandom } from '../random';
import type { WorldState } from './worldState';

/** A number in [0, 1). */
export function drawUnit(state: WorldState): number {
  const { value, state: next } = nextRandom(state.rngState);
  state.rngState = next;
  return value;
}

/** An index in [0, n). */
export function drawIndex(state: WorldState, n: number): number {
  return Math.min(n - 1, Math.floor(drawUnit(state) * n));
}

/** apimachinery's `utilrand` alphabet: no vowels (no words) and no look-alikes (0/o, 1/l). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` + 5 characters, as the API server names Pods of a controller. */
export function drawGeneratedName(
  state: WorldState,
  prefix: string,
  taken: (name: string) => boolean,
): string {
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[drawIndex(state, NAME_ALPHABET.length)];
    const name = `${prefix}${suffix}`;
    if (!taken(name)) return name;
  }
}

/** An etcd member id: 64 random bits as 16 hex digits (etcd derives it from a hash; only uniqueness matters). */
export function drawMemberId(state: WorldState, taken: (id: string) => boolean): string {
  for (;;) {
    const hi = Math.floor(drawUnit(state) * 0x100000000);
    const lo = Math.floor(drawUnit(state) * 0x100000000);
    const id = hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
    if (id !== '0000000000000000' && !taken(id)) return id;
  }
}
