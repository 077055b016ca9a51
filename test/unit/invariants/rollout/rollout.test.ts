import { Rng } from '../random';
import { batches, expectAllScenariosHold, runConfig, seedOf } from '../harness';
import { generateRolloutScenario } from './scenario';
import { simulateRandomRollout } from './simulate';

/**
 * Randomized MachineDeployment rollouts: replicas 0–30, maxSurge/maxUnavailable as ints or
 * percentages (including both resolving to 0), RollingUpdate or OnDelete, every deletePolicy,
 * minReadySeconds, new revisions and scale changes mid-rollout, pause/resume, machines that
 * never become Ready. Checks every step (checks.ts) and convergence when nothing fails.
 *
 *   default 400 scenarios; CAPSTAN_SCENARIOS=N (N per file) or =Nx (N × default);
 *   CAPSTAN_SEED=<seed> CAPSTAN_SCENARIO=<i> npx jest --selectProjects unit -- test/unit/invariants/rollout
 */
const config = runConfig('rollout', 400);
const scenarioOf = (index: number) => generateRolloutScenario(new Rng(seedOf(config, index)));

describe('rollout: randomized invariants', () => {
  it.each(batches(config))('%s', (_label, indices) => {
    expectAllScenariosHold(
      config,
      indices,
      (index) => {
        const scenario = scenarioOf(index);
        const run = simulateRandomRollout(scenario);
        return run.violation ? { violation: run.violation, scenario, transcript: run.transcript } : undefined;
      },
      scenarioOf,
    );
  });
});
