/**
 * Deterministic names. Machine names carry a 5-character suffix drawn from workflow-safe
 * randomness (uuid4() inside a workflow replays identically), so a retried or replayed step
 * reuses the same name and never creates a twin.
 */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'; // CAPI's utilrand alphabet: no vowels, no 0/1/3

/** 5 characters derived from a uuid (hex); the same uuid always gives the same suffix. */
export function suffixFromUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  let out = '';
  for (let i = 0; i < 5; i++) {
    const byte = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    out += ALPHABET[(Number.isNaN(byte) ? 0 : byte) % ALPHABET.length];
  }
  return out;
}

/** `<owner>-<suffix>`, trimmed so the result stays a valid 63-char DNS label (CAPI trims to 58 + 5). */
export function machineName(owner: string, suffix: string): string {
  const base = owner.length > 57 ? owner.slice(0, 57).replace(/-+$/, '') : owner;
  return `${base}-${suffix}`;
}

/** MachineSet names: `<md>-<revision-hash>` where the hash comes from the template's rollout fields. */
export function machineSetName(md: string, hash: string): string {
  const base = md.length > 52 ? md.slice(0, 52).replace(/-+$/, '') : md;
  return `${base}-${hash}`;
}

/** A short stable hash (FNV-1a, 32 bit) rendered in the machine-name alphabet. */
export function stableHash(input: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 6; i++) {
    out += ALPHABET[h % ALPHABET.length];
    h = Math.floor(h / ALPHABET.length);
  }
  return out;
}
