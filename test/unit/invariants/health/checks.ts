import type { HealthCheckPlan, MachineSetRemediationPlan } from '../../../../shared/planners/health';
import { violation, type Violation } from '../violation';
import type { Verdict } from './oracle';

/**
 * The health invariants. The MHC side compares one planHealthCheck pass with the oracle's
 * verdicts; the MachineSet side checks one planMachineSetRemediation pass against its budget.
 */

export interface MhcExpectation {
  /** oracle verdict per Machine name */
  verdicts: Map<string, Verdict>;
  allowed: boolean;
  /** the resolved limit: maxUnhealthy scaled, or the range's max */
  max: number;
  describe: string;
  paused: boolean;
  /** Machines the MHC may mark for their owner: owned by a MachineSet or a KubeadmControlPlane */
  remediable: Set<string>;
}

const ordered = (plan: HealthCheckPlan): string[] => [
  ...plan.markOwnerRemediated,
  ...plan.createRemediationRequests.map((r) => r.name),
];

export function mhcViolations(plan: HealthCheckPlan, x: MhcExpectation): Violation[] {
  const out: Violation[] = [];
  const names = ordered(plan);
  if (x.paused) {
    if (names.length > 0) out.push(violation('paused-remediates', `paused, yet ordered ${names.join(', ')}`));
    return out;
  }
  const verdicts = [...x.verdicts.values()];
  const expected = verdicts.filter((v) => v !== 'notTarget' && v !== 'skipped').length;
  const counted = verdicts.filter((v) => v === 'counted').length;
  if (plan.expectedMachines !== expected || plan.currentHealthy !== counted) {
    out.push(
      violation(
        'mhc-count',
        `planner counts ${plan.currentHealthy} healthy of ${plan.expectedMachines} expected; the Machines' fates say ${counted} of ${expected}`,
      ),
    );
  }
  if (!x.allowed && names.length > 0) {
    out.push(
      violation(
        'short-circuit',
        `${expected - counted} unhealthy of ${expected} is outside ${x.describe}, yet ${names.length} remediation(s) ordered: ${names.join(', ')}`,
      ),
    );
  }
  if (x.allowed && names.length > x.max) {
    out.push(
      violation('remediations-bound', `${names.length} remediations ordered, ${x.describe} allows ${x.max}`),
    );
  }
  if (plan.remediationAllowed !== x.allowed) {
    out.push(
      violation(
        'short-circuit',
        `planner says remediation allowed=${plan.remediationAllowed}, ${x.describe} says ${x.allowed}`,
      ),
    );
  }
  for (const name of names) {
    const v = x.verdicts.get(name);
    if (v !== 'unhealthy')
      out.push(violation('remediates-healthy', `ordered remediation of ${name}, which is ${v ?? 'unknown'}`));
  }
  for (const name of plan.markOwnerRemediated) {
    if (!x.remediable.has(name))
      out.push(violation('remediates-unowned', `marked ${name} for an owner that does not remediate`));
  }
  return out;
}

export interface MachineSetExpectation {
  /** maxInFlight resolved (Infinity when unset or not a MachineDeployment's current MachineSet) */
  budget: number;
  /** remediations of earlier passes still deleting */
  inFlightBefore: number;
  /** an old revision, or failing preflight checks: nothing may be remediated */
  mustHold?: string;
  /** Machines with HealthCheckSucceeded=False and OwnerRemediated=False, not deleting */
  candidates: Set<string>;
}

export function machineSetViolations(plan: MachineSetRemediationPlan, x: MachineSetExpectation): Violation[] {
  const out: Violation[] = [];
  if (x.mustHold && plan.remediate.length > 0) {
    out.push(violation('remediation-held', `${x.mustHold}, yet remediating ${plan.remediate.join(', ')}`));
  }
  const inFlight = x.inFlightBefore + plan.remediate.length;
  if (inFlight > x.budget) {
    out.push(
      violation(
        'max-in-flight',
        `${x.inFlightBefore} remediation(s) still deleting + ${plan.remediate.length} new = ${inFlight} > maxInFlight ${x.budget}`,
      ),
    );
  }
  for (const name of plan.remediate) {
    if (!x.candidates.has(name))
      out.push(
        violation('remediates-unmarked', `remediating ${name}, which the MHC did not hand to its owner`),
      );
  }
  return out;
}
