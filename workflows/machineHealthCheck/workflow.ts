import { continueAsNew, getExternalWorkflowHandle, log, patched, setHandler } from '@temporalio/workflow';
import { planHealthCheck, type HealthCheckMachine } from '../../shared/planners/health';
import { setCondition } from '../../shared/status/conditions';
import { clusterReporter } from '../common/clusterReporter';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import { nowIso } from '../common/time';
import { nodeWatch } from './nodeWatch';
import { tellOwnersHealthyAgain } from './ownerRecovery';
import { recoveredHandOvers, unhealthyVerdicts } from '../../shared/planners/health/ownerHandOvers';
import { externalRemediation } from './externalRemediation';
import {
  deleteHealthCheckSignal,
  healthCheckStatusQuery,
  healthCheckStatusSignal,
  healthTargetsSignal,
  remediateMachinesSignal,
  type HealthCheckStatus,
  type HealthTargetsUpdate,
  type MachineHealthCheckWorkflowInput,
} from './definitions';

/**
 * MachineHealthCheck entity (`mhc/<ns>/<name>`): reads node conditions, asks the pure planner
 * (shared/planners/health: unhealthy conditions with timeouts, nodeStartupTimeout, maxUnhealthy /
 * unhealthyRange short-circuit) which machines to remediate, and hands those to their owner — or,
 * with a remediationTemplate, makes a remediation request for each (externalRemediation.ts) —
 * never deleting anything itself, as in CAPI. A short-circuit is visible in its status.
 */
export async function machineHealthCheckWorkflow(input: MachineHealthCheckWorkflowInput): Promise<void> {
  let update: HealthTargetsUpdate = input.carried?.targets ?? { targets: [], clusterConditions: [], paused: false };
  const remediated = new Set<string>(input.carried?.remediated ?? []);
  let deleting = false;
  let dirty = true;
  let status: HealthCheckStatus = {
    name: input.spec.name, expectedMachines: 0, currentHealthy: 0, remediationAllowed: true, message: 'not evaluated yet',
    unhealthy: [], remediated: [], deleted: false,
  };

  setHandler(healthCheckStatusQuery, () => status);
  setHandler(healthTargetsSignal, (u) => {
    update = u;
    dirty = true;
  });
  setHandler(deleteHealthCheckSignal, () => {
    deleting = true;
  });

  const reportToCluster = clusterReporter(input.context.clusterWorkflowId, healthCheckStatusSignal, (s: HealthCheckStatus) => JSON.stringify(s));
  async function report(next: HealthCheckStatus): Promise<void> {
    status = next;
    await reportToCluster(next, next.message);
  }

  const watch = nodeWatch(input);
  const external = externalRemediation(input, () => {
    dirty = true;
  });
  // remediationTemplate set: requests are made instead of owner remediation (externalRemediation.ts).
  const externallyRemediated = () => !!input.spec.remediationTemplate && patched('mhc-external-remediation');
  let wakeInMs: number | undefined = 0;
  for (;;) {
    await watch.untilPass(() => dirty || deleting, wakeInMs);
    dirty = false;
    if (deleting) break;

    const nodes = await watch.read();
    const now = nowIso();
    // Machines that left (deleted) no longer need their remediation remembered.
    for (const name of [...remediated]) if (!update.targets.some((t) => t.name === name)) remediated.delete(name);
    const machines: HealthCheckMachine[] = update.targets.map((t) => ({
      ...t,
      // OwnerRemediated=False once handed over: the owner owns the machine's fate from then on (CAPI).
      conditions: remediated.has(t.name)
        ? setCondition(t.conditions, { type: 'OwnerRemediated', status: 'False', reason: 'WaitingForRemediation' }, now)
        : t.conditions,
      node: t.nodeRef ? nodes.find((n) => n.name === t.nodeRef) : undefined,
    }));
    const plan = planHealthCheck({ check: input.spec, cluster: { paused: update.paused, conditions: update.clusterConditions }, machines, remediationRequests: external.existing() }, now);

    const byOwner = new Map<string, string[]>();
    for (const name of plan.markOwnerRemediated) {
      const t = update.targets.find((x) => x.name === name);
      if (!t || remediated.has(name)) continue;
      remediated.add(name);
      byOwner.set(t.ownerWorkflowId, [...(byOwner.get(t.ownerWorkflowId) ?? []), name]);
    }
    for (const [owner, names] of byOwner) {
      const reason = `MachineHealthCheck ${input.spec.name}: ${plan.results.filter((r) => names.includes(r.machine)).map((r) => `${r.machine}: ${r.health.message}`).join('; ')}`;
      try {
        await getExternalWorkflowHandle(owner).signal(remediateMachinesSignal, { names, reason, machines: unhealthyVerdicts(plan, names) });
      } catch (err) {
        log.warn('owner not reachable for remediation', { owner, error: String(err) });
      }
    }
    const recovered = recoveredHandOvers(plan, update.targets, remediated);
    // Control-plane machines too: before, a recovered one stayed handed over, so KCP kept its mark
    // and a later failure of that machine was never handed over again.
    const recoveredCp = recoveredHandOvers(plan, update.targets, remediated, ['KubeadmControlPlane']);
    if (recoveredCp.size && patched('mhc-reports-recovered-cp-machines')) for (const [owner, names] of recoveredCp) recovered.set(owner, names);
    if (recovered.size && patched('mhc-reports-recovered-machines')) await tellOwnersHealthyAgain(recovered, remediated);
    if (externallyRemediated()) await external.apply(plan, update.targets);
    await report({
      name: input.spec.name,
      expectedMachines: plan.expectedMachines,
      currentHealthy: plan.currentHealthy,
      remediationAllowed: plan.remediationAllowed,
      message: plan.paused ?? (plan.condition.message || (plan.remediationAllowed ? 'remediation allowed' : '')),
      unhealthy: plan.results.filter((r) => r.health.status === 'unhealthy').map((r) => ({ machine: r.machine, reason: r.health.message })),
      remediated: [...new Set([...remediated, ...external.handedToOwner()])].sort(),
      ...(input.spec.remediationTemplate ? { remediationRequests: external.statuses() } : {}),
      deleted: false,
    });
    wakeInMs = watch.nextWake(plan.nextCheckAt ? Date.parse(plan.nextCheckAt) - Date.parse(nowIso()) : undefined);

    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      await drainHandlers();
      await continueAsNew<typeof machineHealthCheckWorkflow>({ ...input, carried: { targets: update, remediated: [...remediated], remediationRequests: external.carry() } });
    }
  }
  if (externallyRemediated()) await external.finishAll('the MachineHealthCheck is deleted');
  await report({ ...status, deleted: true });
}
