import { Rng } from '../random';
import { batches, expectAllScenariosHold, runConfig, seedOf } from '../harness';
import { generateControlPlaneScenario } from './scenario';
import { simulateControlPlane } from './simulate';

/**
 * Randomized control-plane runs: random replicas (1/3/5), maxSurge, version bumps, template
 * changes, scale changes mid-run, failure domains, timing and faults; every invariant of
 * checks.ts after every step, and convergence for recoverable scenarios.
 *
 *   default 400 scenarios; CAPSTAN_SCENARIOS=N (N per file) or =Nx (N × default);
 *   CAPSTAN_SEED=<seed> CAPSTAN_SCENARIO=<i> npx jest --selectProjects unit -- test/unit/invariants/controlPlane
 */
const config = runConfig('controlPlane', 400);
const scenarioOf = (index: number) => generateControlPlaneScenario(new Rng(seedOf(config, index)));

describe('control plane: randomized invariants', () => {
  it.each(batches(config))('%s', (_label, indices) => {
    expectAllScenariosHold(
      config,
      indices,
      (index) => {
        const scenario = scenarioOf(index);
        const run = simulateControlPlane(scenario);
        return run.violation ? { violation: run.violation, scenario, transcript: run.transcript } : undefined;
      },
      scenarioOf,
    );
  });
});
