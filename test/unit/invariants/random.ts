/**
 * A tiny seeded PRNG for the randomized invariant runs. Not cryptographic and not meant to be:
 * the point is that every scenario is a pure function of (base seed, file, index), so a failure
 * found once replays byte for byte from the one-line reproduction the harness prints.
 */

/** mulberry32 (Tommy Ettinger): 32-bit state, full period, plenty for generating test input. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's fmix32: spreads neighbouring inputs (index 7 vs 8) over unrelated seeds. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of the salt, so the control-plane scenario 7 and the rollout scenario 7 differ. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The seed of scenario `index` of the file `salt` under `baseSeed`. */
export function scenarioSeed(baseSeed: number, salt: string, index: number): number {
  return fmix32(fmix32(baseSeed >>> 0) ^ fnv1a(salt) ^ fmix32(index + 1));
}

/** Convenience draws over one mulberry32 stream. */
export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** uniform in [0, 1) */
  float(): number {
    return this.next();
  }

  /** uniform integer in [min, max], both inclusive */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** weighted pick: [[value, weight], ...] */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((n, [, w]) => n + w, 0);
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/**
 * A stable draw in [0, 1) for a name: lets a scenario say "10% of machines never become Ready"
 * as plain data (rate + salt) while each machine's fate stays fixed across replays.
 */
export function hashUnit(text: string, salt: number): number {
  return fmix32(fnv1a(text) ^ fmix32(salt >>> 0)) / 4294967296;
}
