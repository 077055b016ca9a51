import { describeRandomizedInvariants } from '../harness';
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
describeRandomizedInvariants('health', 300, generateHealthScenario, simulateHealth);
