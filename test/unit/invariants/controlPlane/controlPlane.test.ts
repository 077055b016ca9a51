import { describeRandomizedInvariants } from '../harness';
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
describeRandomizedInvariants('controlPlane', 400, generateControlPlaneScenario, simulateControlPlane);
