import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario, type DriverResult } from './driver';
import { SCENARIOS } from './scenarios';

/**
 * Golden transcripts of whole campaigns against a fake fleet. The driver checks the invariants
 * at every step (concurrency caps, wave order, no start while paused / excluded / outside a
 * window, no cluster asked twice for the same version); the transcripts pin what happens when.
 * Regenerate with UPDATE_GOLDEN=1 after reviewing the diff.
 */
const GOLDEN_DIR = join(__dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';
const results = new Map<string, DriverResult>();
const result = (name: string): DriverResult => {
  let r = results.get(name);
  if (!r) {
    r = runScenario(SCENARIOS.find((s) => s.name === name)!);
    results.set(name, r);
  }
  return r;
};

describe('campaign transcripts', () => {
  it.each(SCENARIOS.map((s) => [s.name]))('%s matches its golden transcript', (name) => {
    const file = join(GOLDEN_DIR, `${name}.txt`);
    const { transcript } = result(name);
    if (update || !existsSync(file)) {
      if (!update) throw new Error(`missing golden file ${file}; run with UPDATE_GOLDEN=1`);
      writeFileSync(file, transcript);
    }
    expect(transcript).toBe(readFileSync(file, 'utf8'));
  });
});
