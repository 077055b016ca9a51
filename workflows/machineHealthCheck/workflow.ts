import { condition, continueAsNew, getExternalWorkflowHandle, log, setHandler } from '@temporalio/workflow';
import { planHealthCheck, type HealthCheckMachine } from '../../shared/planners/health';
import { setCondition } from '../../shared/status/conditions';
import { providerActivities } from '../common/activityProxies';
import { clusterReporter } from '../common/clusterReporter';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import { nowIso } from '../common/time';
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

const DEFAULT_POLL_MS = 10_000;

/**
 * MachineHealthCheck entity (`mhc/<ns>/<name>`): reads node conditions, asks the pure planner
 * (shared/planners/health: unhealthy conditions with timeouts, nodeStartupTimeout, maxUnhealthy /
 * unhealthyRange short-circuit) which machines to remediate, and hands those to their owner —
 * never deleting anything itself, as in CAPI. A short-circuit is visible in its status.
 */
export async function machineHealthCheckWorkflow(input: MachineHealthCheckWorkflowInput): Promise<void> {
  const { quick } = providerActivities(input.context.provider);
  const pollMs = input.pollIntervalMs ?? DEFAULT_POLL_MS;
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

  let wakeInMs = 0;
  for (;;) {
    await condition(() => dirty || deleting, Math.max(wakeInMs, 1));
    dirty = false;
    if (deleting) break;

    const nodes = await quick.listNodeConditions({ cluster: input.context.cluster });
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
    const plan = planHealthCheck({ check: input.spec, cluster: { paused: update.paused, conditions: update.clusterConditions }, machines }, now);

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
        await getExternalWorkflowHandle(owner).signal(remediateMachinesSignal, { names, reason });
      } catch (err) {
        log.warn('owner not reachable for remediation', { owner, error: String(err) });
      }
    }
    await report({
      name: input.spec.name,
      expectedMachines: plan.expectedMachines,
      currentHealthy: plan.currentHealthy,
      remediationAllowed: plan.remediationAllowed,
      message: plan.paused ?? (plan.condition.message || (plan.remediationAllowed ? 'remediation allowed' : '')),
      unhealthy: plan.results.filter((r) => r.health.status === 'unhealthy').map((r) => ({ machine: r.machine, reason: r.health.message })),
      remediated: [...remediated].sort(),
      deleted: false,
    });
    const next = plan.nextCheckAt ? Date.parse(plan.nextCheckAt) - Date.parse(nowIso()) : pollMs;
    wakeInMs = Math.min(next, pollMs);

    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      await drainHandlers();
      await continueAsNew<typeof machineHealthCheckWorkflow>({ ...input, carried: { targets: update, remediated: [...remediated] } });
    }
  }
  await report({ ...status, deleted: true });
}
