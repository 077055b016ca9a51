import { getCondition } from '../../../../shared/status/conditions';
import { planHealthCheck, planMachineSetRemediation } from '../../../../shared/planners/health';
import type { HealthCheckSpec } from '../../../../shared/planners/health';
import { Rng, hashUnit } from '../random';
import type { Violation } from '../violation';
import { machineSetViolations, mhcViolations, type MhcExpectation } from './checks';
import { allowance, inFlightBudget, verdict } from './oracle';
import { machineSeed, type HealthScenario } from './scenario';
import { candidateView, clusterView, machineView, timeAt, writeCondition, type LiveMachine } from './world';

/**
 * Runs the MHC and the MachineSet's remediation pass after pass: the MHC judges every Machine
 * and marks the unhealthy ones for their owner (or creates external remediation requests); the
 * MachineSet deletes the marked ones within maxInFlight; a deleted Machine is gone after a few
 * passes and replaced by a new one with a fate of its own. Checked after every pass.
 */
export interface HealthRun {
  violation?: Violation;
  transcript: string;
}

export function simulateHealth(s: HealthScenario): HealthRun {
  const machines: LiveMachine[] = s.machines.map((seed) => ({ seed, written: [] }));
  const requests = new Set<string>();
  const check: HealthCheckSpec = {
    name: 'mhc',
    selector: { matchLabels: { pool: 'md-0' } },
    unhealthyConditions: s.check.unhealthyConditions,
    unhealthyMachineConditions: s.check.unhealthyMachineConditions,
    ...(s.check.nodeStartupTimeoutSeconds !== undefined
      ? { nodeStartupTimeoutSeconds: s.check.nodeStartupTimeoutSeconds }
      : {}),
    ...(s.check.maxUnhealthy !== undefined ? { maxUnhealthy: s.check.maxUnhealthy } : {}),
    ...(s.check.unhealthyRange !== undefined ? { unhealthyRange: s.check.unhealthyRange } : {}),
    ...(s.check.external
      ? {
          remediationTemplate: {
            apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
            kind: 'Metal3RemediationTemplate',
            name: 'reboot',
          },
        }
      : {}),
  };
  const cluster = clusterView(s);
  const lines: string[] = [];
  let replacements = 0;

  for (let t = 0; t < s.passes; t++) {
    const now = timeAt(t);
    // Remediated Machines finish deleting; the MachineSet replaces each with a fresh one.
    for (const m of [...machines]) {
      if (m.deletingSince === undefined || t < m.deletingSince + s.machineSet.deleteTicks) continue;
      machines.splice(machines.indexOf(m), 1);
      const name = `ms-r${++replacements}`;
      const rng = new Rng(Math.floor(hashUnit(name, s.machineSet.replacementSalt) * 2 ** 32));
      machines.push({ seed: machineSeed(rng, name, 'MachineSet', true, s.passes, t), written: [] });
    }
    const live = machines.filter((m) => m.seed.createdAt <= t);

    const plan = planHealthCheck(
      {
        check,
        cluster,
        machines: live.map((m) => machineView(m, t)),
        remediationRequests: [...requests].map((name) => ({ name })),
      },
      now,
    );
    const verdicts = new Map(live.map((m) => [m.seed.name, verdict(s, m, t)]));
    const expected = [...verdicts.values()].filter((v) => v !== 'notTarget' && v !== 'skipped').length;
    const counted = [...verdicts.values()].filter((v) => v === 'counted').length;
    const limit = allowance(s, expected, counted);
    const expectation: MhcExpectation = {
      verdicts,
      ...limit,
      paused: s.cluster.paused,
      remediable: new Set(
        live
          .filter((m) => m.seed.owner === 'MachineSet' || m.seed.owner === 'KubeadmControlPlane')
          .map((m) => m.seed.name),
      ),
    };
    const unhealthy = [...verdicts].filter(([, v]) => v === 'unhealthy').map(([n]) => n);
    lines.push(
      `t=${t} mhc: ${counted}/${expected} healthy, unhealthy [${unhealthy.join(' ')}], ${limit.describe}: ${limit.allowed ? 'allowed' : 'short-circuit'}; marks [${plan.markOwnerRemediated.join(' ')}] requests +[${plan.createRemediationRequests.map((r) => r.name).join(' ')}] -[${plan.deleteRemediationRequests.join(' ')}]`,
    );
    const mhcBroken = mhcViolations(plan, expectation);
    if (mhcBroken[0]) return { violation: mhcBroken[0], transcript: lines.join('\n') };
    const byName = new Map(live.map((m) => [m.seed.name, m]));
    for (const patch of plan.machineConditions)
      writeCondition(byName.get(patch.machine)!, patch.condition, t);
    for (const r of plan.createRemediationRequests) requests.add(r.name);
    for (const name of plan.deleteRemediationRequests) requests.delete(name);

    // The MachineSet's remediation pass over its own Machines.
    const own = live.filter((m) => m.seed.owner === 'MachineSet');
    const isFalse = (m: LiveMachine, type: string) => getCondition(m.written, type)?.status === 'False';
    const preflight = s.machineSet.preflightFailing;
    const preflightFailing = preflight !== undefined && preflight.from <= t && t < preflight.until;
    const msPlan = planMachineSetRemediation({
      machines: own.map((m) => candidateView(m, t)),
      deploymentChild: s.machineSet.deploymentChild,
      currentRevision: s.machineSet.currentRevision,
      ...(s.machineSet.maxInFlight !== undefined ? { maxInFlight: s.machineSet.maxInFlight } : {}),
      deploymentReplicas: s.machineSet.deploymentReplicas,
      ...(preflightFailing
        ? { preflightFailures: ['ControlPlaneIsStable: the control plane is upgrading'] }
        : {}),
    });
    const inFlightBefore = own.filter(
      (m) =>
        m.deletingSince !== undefined &&
        getCondition(m.written, 'OwnerRemediated')?.reason === 'MachineDeleting',
    ).length;
    const { deploymentChild, currentRevision } = s.machineSet;
    const mustHold =
      deploymentChild && !currentRevision
        ? 'an old revision never remediates'
        : preflightFailing
          ? 'preflight checks are failing'
          : undefined;
    const budget = deploymentChild ? inFlightBudget(s) : Number.POSITIVE_INFINITY;
    lines.push(
      `      ms: remediate [${msPlan.remediate.join(' ')}] deferred [${msPlan.deferred.join(' ')}] in flight before ${inFlightBefore}, budget ${budget}${mustHold ? ` (${mustHold})` : ''}`,
    );
    const msBroken = machineSetViolations(msPlan, {
      budget,
      inFlightBefore,
      ...(mustHold ? { mustHold } : {}),
      candidates: new Set(
        own
          .filter(
            (m) =>
              m.deletingSince === undefined &&
              isFalse(m, 'HealthCheckSucceeded') &&
              isFalse(m, 'OwnerRemediated'),
          )
          .map((m) => m.seed.name),
      ),
    });
    if (msBroken[0]) return { violation: msBroken[0], transcript: lines.join('\n') };
    for (const patch of msPlan.conditions) writeCondition(byName.get(patch.machine)!, patch.condition, t);
    for (const name of msPlan.clearOwnerRemediated) {
      const m = byName.get(name)!;
      m.written = m.written.filter((c) => c.type !== 'OwnerRemediated');
    }
    for (const name of msPlan.remediate) byName.get(name)!.deletingSince = t;
  }
  return { transcript: lines.join('\n') };
}
