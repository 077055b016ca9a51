import {
  DEFAULT_BASE_SEED,
  batches,
  expectAllScenariosHold,
  reproduction,
  runConfig,
  seedOf,
} from './harness';
import { Rng, hashUnit, mulberry32, scenarioSeed } from './random';

/** The reproduction line is only worth printing if the same (seed, index) replays the same scenario. */
describe('randomized-run harness', () => {
  it('mulberry32 is deterministic and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
  });

  it('scenario seeds differ by index and by file, and replay', () => {
    expect(scenarioSeed(1, 'rollout', 7)).toBe(scenarioSeed(1, 'rollout', 7));
    expect(scenarioSeed(1, 'rollout', 7)).not.toBe(scenarioSeed(1, 'rollout', 8));
    expect(scenarioSeed(1, 'rollout', 7)).not.toBe(scenarioSeed(1, 'drain', 7));
    expect(scenarioSeed(1, 'rollout', 7)).not.toBe(scenarioSeed(2, 'rollout', 7));
    expect(hashUnit('m-1', 3)).toBe(hashUnit('m-1', 3));
  });

  it('Rng draws stay in range', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 500; i++) {
      const n = rng.int(-2, 3);
      expect(n).toBeGreaterThanOrEqual(-2);
      expect(n).toBeLessThanOrEqual(3);
    }
    expect(rng.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
  });

  it('reads CAPSTAN_SEED, CAPSTAN_SCENARIOS (N or Nx) and CAPSTAN_SCENARIO', () => {
    expect(runConfig('x', 10, {})).toEqual({
      file: 'x',
      baseSeed: DEFAULT_BASE_SEED,
      indices: [...Array(10).keys()],
    });
    expect(runConfig('x', 10, { CAPSTAN_SCENARIOS: '3' }).indices).toEqual([0, 1, 2]);
    expect(runConfig('x', 10, { CAPSTAN_SCENARIOS: '3x' }).indices).toHaveLength(30);
    expect(runConfig('x', 10, { CAPSTAN_SEED: '7', CAPSTAN_SCENARIO: '12' })).toEqual({
      file: 'x',
      baseSeed: 7,
      indices: [12],
    });
    expect(() => runConfig('x', 10, { CAPSTAN_SCENARIOS: 'many' })).toThrow('CAPSTAN_SCENARIOS');
  });

  it('batches cover every index once', () => {
    const config = runConfig('x', 250, {});
    expect(batches(config).flatMap(([, is]) => is)).toEqual(config.indices);
  });

  it('a failure names the seed, index, reproduction, scenario and transcript; exceptions are failures too', () => {
    const config = runConfig('rollout', 3, { CAPSTAN_SEED: '5' });
    const run = () =>
      expectAllScenariosHold(
        config,
        config.indices,
        (i) => {
          if (i === 2) throw new Error('planner exploded');
          return i === 1
            ? {
                violation: { rule: 'availability', message: 'x' },
                scenario: { replicas: 3 },
                transcript: 't=0 ...',
              }
            : undefined;
        },
        (i) => ({ index: i }),
      );
    expect(run).toThrow(reproduction(config, 1));
    expect(run).toThrow(`seed ${seedOf(config, 1)}`);
    expect(run).toThrow('"replicas": 3');
    expect(run).toThrow('t=0 ...');
    expect(run).toThrow('2 (exception)');
    expect(reproduction(config, 1)).toBe(
      'CAPSTAN_SEED=5 CAPSTAN_SCENARIO=1 npx jest --selectProjects unit -- test/unit/invariants/rollout',
    );
  });
});
