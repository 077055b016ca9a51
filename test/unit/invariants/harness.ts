import { Rng, scenarioSeed } from './random';
import { describeViolations, type Violation } from './violation';

/**
 * How many randomized scenarios run, from which seed, and how a failure is reported. Every
 * scenario is derived from (base seed, file, index) alone, so one line reproduces it:
 *
 *   CAPSTAN_SEED=<seed> CAPSTAN_SCENARIO=<i> npx jest --selectProjects unit -- test/unit/invariants/<file>
 *
 * Environment:
 * - CAPSTAN_SEED      base seed (decimal or 0x-hex); "random" draws one (printed on failure).
 *                     Default fixed, so the normal unit run is deterministic.
 * - CAPSTAN_SCENARIOS "N" runs N scenarios per file; "Nx" multiplies each file's default by N.
 * - CAPSTAN_SCENARIO  run only scenario i (of every file in the run).
 */
export const DEFAULT_BASE_SEED = 20260301;

export interface RunConfig {
  /** the folder under test/unit/invariants, also the salt of the scenario seeds */
  file: string;
  baseSeed: number;
  indices: number[];
}

export function runConfig(file: string, defaultCount: number, env = process.env): RunConfig {
  const baseSeed = parseSeed(env.CAPSTAN_SEED);
  const only = env.CAPSTAN_SCENARIO;
  if (only !== undefined && only !== '') {
    const i = Number(only);
    if (!Number.isInteger(i) || i < 0) throw new Error(`CAPSTAN_SCENARIO must be an index, got "${only}"`);
    return { file, baseSeed, indices: [i] };
  }
  const count = parseCount(env.CAPSTAN_SCENARIOS, defaultCount);
  return { file, baseSeed, indices: Array.from({ length: count }, (_, i) => i) };
}

function parseSeed(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_BASE_SEED;
  if (value === 'random') return Math.floor(Math.random() * 0x7fffffff);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`CAPSTAN_SEED must be a non-negative integer, got "${value}"`);
  return n >>> 0;
}

function parseCount(value: string | undefined, defaultCount: number): number {
  if (value === undefined || value === '') return defaultCount;
  const times = /^([0-9]+)x$/.exec(value);
  const n = times ? Number(times[1]) * defaultCount : Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`CAPSTAN_SCENARIOS must be "N" or "Nx", got "${value}"`);
  return n;
}

export const seedOf = (config: RunConfig, index: number): number =>
  scenarioSeed(config.baseSeed, config.file, index);

/**
 * Indices in batches, one Jest `it` each: a few `it`s keep Jest's per-test overhead negligible
 * while a red batch still narrows the failure down before the report is read.
 */
export function batches(config: RunConfig, size = 100): [string, number[]][] {
  const out: [string, number[]][] = [];
  for (let i = 0; i < config.indices.length; i += size) {
    const chunk = config.indices.slice(i, i + size);
    const label =
      chunk.length === 1 ? `scenario ${chunk[0]}` : `scenarios ${chunk[0]}–${chunk[chunk.length - 1]}`;
    out.push([label, chunk]);
  }
  return out;
}

/** What a failed scenario hands back: the first violation, the scenario and the steps until then. */
export interface ScenarioFailure {
  violation: Violation;
  scenario: unknown;
  transcript: string;
}

export function reproduction(config: RunConfig, index: number): string {
  return `CAPSTAN_SEED=${config.baseSeed} CAPSTAN_SCENARIO=${index} npx jest --selectProjects unit -- test/unit/invariants/${config.file}`;
}

/** Transcripts of long runs are cut to their last lines: the violation is at the end. */
const MAX_TRANSCRIPT_LINES = 250;

export function formatFailure(config: RunConfig, index: number, failure: ScenarioFailure): string {
  const lines = failure.transcript.trimEnd().split('\n');
  const transcript =
    lines.length > MAX_TRANSCRIPT_LINES
      ? [`… ${lines.length - MAX_TRANSCRIPT_LINES} earlier lines cut`, ...lines.slice(-MAX_TRANSCRIPT_LINES)]
      : lines;
  return [
    `${config.file} scenario ${index} (seed ${seedOf(config, index)}) broke an invariant:`,
    `  ${describeViolations([failure.violation])}`,
    `reproduce: ${reproduction(config, index)}`,
    'scenario:',
    JSON.stringify(failure.scenario, null, 1),
    'transcript up to the violation:',
    ...transcript,
  ].join('\n');
}

/**
 * Runs `run` for every index and fails once with the first failure in full and the indices of
 * the others (each reproducible on its own). An exception inside a planner or the simulation is
 * a failure too: it is reported with the scenario, not lost in a stack trace.
 */
export function expectAllScenariosHold(
  config: RunConfig,
  indices: readonly number[],
  run: (index: number) => ScenarioFailure | undefined,
  describeScenario: (index: number) => unknown,
): void {
  const failures: { index: number; failure: ScenarioFailure }[] = [];
  for (const index of indices) {
    let failure: ScenarioFailure | undefined;
    try {
      failure = run(index);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      failure = {
        violation: { rule: 'exception', message: `${e.message}\n${e.stack ?? ''}` },
        scenario: describeScenario(index),
        transcript: '(the simulation threw before it could hand back its transcript)',
      };
    }
    if (failure) failures.push({ index, failure });
  }
  if (failures.length === 0) return;
  const [first, ...rest] = failures;
  const others =
    rest.length > 0
      ? `\n\n${rest.length} more failing scenario(s) in this batch: ${rest
          .map((f) => `${f.index} (${f.failure.violation.rule})`)
          .join(', ')}`
      : '';
  throw new Error(`${formatFailure(config, first!.index, first!.failure)}${others}`);
}

/**
 * One randomized-invariants suite: `defaultCount` scenarios (CAPSTAN_SCENARIOS adjusts it) drawn
 * from the seeded PRNG, each simulated and checked, in batches so a failure names its batch.
 */
export function describeRandomizedInvariants<S>(
  file: string,
  defaultCount: number,
  generate: (rng: Rng) => S,
  simulate: (scenario: S) => { violation?: Violation; transcript: string },
): void {
  const config = runConfig(file, defaultCount);
  const scenarioOf = (index: number) => generate(new Rng(seedOf(config, index)));
  describe(`${file}: randomized invariants`, () => {
    it.each(batches(config))('%s', (_label, indices) => {
      expectAllScenariosHold(
        config,
        indices,
        (index) => {
          const scenario = scenarioOf(index);
          const run = simulate(scenario);
          return run.violation ? { violation: run.violation, scenario, transcript: run.transcript } : undefined;
        },
        scenarioOf,
      );
    });
  });
}
