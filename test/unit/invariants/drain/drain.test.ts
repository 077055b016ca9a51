import { describeRandomizedInvariants } from '../harness';
import { generateDrainScenario } from './scenario';
import { simulateDrain } from './simulate';

/**
 * Randomized Node drains: DaemonSet, static, unreplicated, emptyDir, finished and orphaned Pods,
 * drain labels, MachineDrainRules with orders, PDBs of every shape (including ones that never
 * allow a disruption), nodeDrainTimeout, unreachable Nodes. Every pass checked (checks.ts); the
 * drain must end when it can.
 *
 *   default 300 scenarios; CAPSTAN_SCENARIOS=N (N per file) or =Nx (N × default);
 *   CAPSTAN_SEED=<seed> CAPSTAN_SCENARIO=<i> npx jest --selectProjects unit -- test/unit/invariants/drain
 */
describeRandomizedInvariants('drain', 300, generateDrainScenario, simulateDrain);
