import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invariantViolations, simulateRollout, type SimResult } from './driver';
import { scenarios } from './scenarios';

/**
 * Golden transcripts of whole rollouts. A transcript changes only when the planner's behaviour
 * (or wording) changes; review the diff, then regenerate with
 *   UPDATE_GOLDEN=1 npx jest --selectProjects unit -- test/unit/planners/rollout/golden
 */
const GOLDEN_DIR = join(__dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const results = new Map<string, SimResult>(
  scenarios.map((s) => [s.name, simulateRollout(s.initial, s.events, s.options)]),
);
const result = (name: string): SimResult => {
  const r = results.get(name);
  if (!r) throw new Error(`no scenario ${name}`);
  return r;
};

describe('golden rollout transcripts', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s matches its golden file', (name, s) => {
    const transcript = `# ${s.title}\n${result(name).transcript}`;
    const file = join(GOLDEN_DIR, `${name}.txt`);
    if (update) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, transcript);
    }
    if (!existsSync(file)) throw new Error(`missing ${file}; run with UPDATE_GOLDEN=1 to create it`);
    expect(transcript).toBe(readFileSync(file, 'utf8'));
  });

  it.each(scenarios.map((s) => [s.name] as const))('%s keeps the invariants at every step', (name) => {
    expect(invariantViolations(result(name).steps)).toEqual([]);
  });
});

describe('what the transcripts show', () => {
  const onlyNewMachines = (r: SimResult) =>
    r.final.machineSets.length === 1 && r.final.machineSets[0]!.templateHash === r.final.spec.templateHash;

  it.each([
    'rolling-3-surge1-unavailable0',
    'rolling-3-surge0-unavailable1',
    'rolling-10-surge25pct-unavailable25pct',
    'deadlock-breaker-unhealthy-old',
    'scale-3-to-6-mid-rollout',
    'ondelete-manual-replacement',
    'paused-mid-rollout-then-resumed',
    'rollout-after',
  ])('%s converges on one MachineSet with every replica available', (name) => {
    const r = result(name);
    expect(r.outcome).toBe('converged');
    expect(onlyNewMachines(r)).toBe(true);
    expect(r.steps.at(-1)?.availableAfter).toBe(r.final.spec.replicas);
  });

  it('maxSurge 1 / maxUnavailable 0 never runs more than 4 machines nor fewer than 3 available', () => {
    const steps = result('rolling-3-surge1-unavailable0').steps;
    expect(Math.max(...steps.map((s) => s.total))).toBe(4);
    expect(Math.min(...steps.map((s) => s.availableAfter))).toBe(3);
  });

  it('25%/25% of 10 uses the whole surge (13 machines) and the whole margin (8 available)', () => {
    const steps = result('rolling-10-surge25pct-unavailable25pct').steps;
    expect(Math.max(...steps.map((s) => s.total))).toBe(13);
    expect(Math.min(...steps.map((s) => s.availableAfter))).toBe(8);
  });

  it('a broken template stalls the rollout without going below minAvailable', () => {
    const r = result('broken-template-stops');
    expect(r.outcome).toBe('stalled');
    expect(Math.min(...r.steps.map((s) => s.availableAfter))).toBe(3);
    expect(r.steps.at(-1)?.reasons).toContain(
      'waiting for 2 new machines to become available before scaling down old MachineSet md-v1-1 (maxUnavailable 1)',
    );
  });

  it('the deadlock breaker fires once and deletes the unhealthy machine, not an available one', () => {
    const r = result('deadlock-breaker-unhealthy-old');
    const fired = r.steps.filter((s) => s.deadlockBreaker);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.availableAfter).toBe(fired[0]!.availableBefore);
  });

  it('OnDelete never adds a machine before one was deleted by hand', () => {
    const steps = result('ondelete-manual-replacement').steps;
    expect(Math.max(...steps.map((s) => s.total))).toBe(3);
    expect(steps.find((s) => s.line.includes('new md-v2-2 0→1'))?.t).toBeGreaterThan(2);
  });

  it('a paused rollout does not move until resumed', () => {
    const r = result('paused-mid-rollout-then-resumed');
    const whilePaused = r.steps.filter((s) => s.t > 4 && s.t < 10);
    expect(whilePaused.some((s) => /\b(new|old) md-v[12]-[12] \d+→\d+/.test(s.line) && s.t !== 6)).toBe(
      false,
    );
    expect(r.steps.find((s) => s.t === 6)?.line).toContain('replicas 4 → 8 while paused');
  });

  it('with reports one by one, samePassSync keeps three old machines deleting where CAPI keeps one or two, and finishes sooner', () => {
    const deletingAtOnce = (r: SimResult) => Math.max(...r.steps.map((s) => s.total - s.liveAfter));
    const capi = result('rolling-9-surge3-staggered-capi');
    const samePass = result('rolling-9-surge3-staggered-same-pass');
    expect(capi.outcome).toBe('converged');
    expect(samePass.outcome).toBe('converged');
    expect(deletingAtOnce(samePass)).toBe(3);
    expect(deletingAtOnce(capi)).toBeLessThan(3);
    expect(samePass.steps.length).toBeLessThan(capi.steps.length);
    // ...and never more than replicas + maxSurge machines nor fewer than replicas available
    expect(Math.max(...samePass.steps.map((s) => s.total))).toBe(12);
    expect(Math.min(...samePass.steps.map((s) => s.availableAfter))).toBe(9);
  });

  it('rolloutAfter creates the new MachineSet only once it has passed, with the same template', () => {
    const created = result('rollout-after').steps.find((s) => s.line.includes('create new'));
    expect(created?.t).toBe(2);
    expect(created?.line).toContain('create new md-v1-2 r2');
  });
});
