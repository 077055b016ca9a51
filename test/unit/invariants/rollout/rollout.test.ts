import { describeRandomizedInvariants } from '../harness';
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
describeRandomizedInvariants('rollout', 400, generateRolloutScenario, simulateRandomRollout);
