import { Rng } from '../random';
import { batches, expectAllScenariosHold, runConfig, seedOf } from '../harness';
import { generateHealthScenario } from './scenario';
import { simulateHealth } from './simulate';

/**
 * Randomized MachineHealthChecks over a MachineSet: Nodes that never come, come late or vanish,
 * Node and Machine conditions going bad for a while or for good, remediate-machine and skip
 * annotations, Machines of other owners, maxUnhealthy as int or percentage, unhealthyRange,
 * invalid limits, external remediation, paused clusters; the MachineSet remediating within
 * maxInFlight, old revisions and failing preflight checks. Every pass checked (checks.ts)
 * against the Machines' known fates (oracle.ts).
 *
 *   default 300 scenarios; CAPSTAN_SCENARIOS=N (N per file) or =Nx (N × default);
 *   CAPSTAN_SEED=<seed> CAPSTAN_SCENARIO=<i> npx jest --selectProjects unit -- test/unit/invariants/health
 */
const config = runConfig('health', 300);
const scenarioOf = (index: number) => generateHealthScenario(new Rng(seedOf(config, index)));

describe('health: randomized invariants', () => {
  it.each(batches(config))('%s', (_label, indices) => {
    expectAllScenariosHold(
      config,
      indices,
      (index) => {
        const scenario = scenarioOf(index);
        const run = simulateHealth(scenario);
        return run.violation ? { violation: run.violation, scenario, transcript: run.transcript } : undefined;
      },
      scenarioOf,
    );
  });
});
