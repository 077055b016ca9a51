import {
  condition,
  continueAsNew,
  patched,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { machineName, suffixFromUuid } from '../../shared/naming';
import { summarizeMachineDeployment } from '../../shared/planners/machineDeploymentStatus';
import type { MachineDeploymentStatus } from '../../shared/status/types';
import { machineTemplateHash } from '../../shared/planners/machineTemplateHash';
import { machineSetPreflightChecks, nextRolloutWakeAt, planMachineSetSync, planRollout, preflightHoldMessage } from '../../shared/planners/rollout';
import { clusterReporter } from '../common/clusterReporter';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import { mergeMachineStatus, pendingMachine, requestMachineDelete, startMachine } from '../common/machines';
import { machineDeploymentStatusSignal, machineStatusSignal } from '../common/statusSignals';
import { nowIso } from '../common/time';
import type { MachineWorkflowInput } from '../machine/definitions';
import { keepOwnerConditions } from '../../shared/planners/health/machineSetRemediationRecords';
import { machinesHealthyAgainSignal, remediateMachinesSignal } from '../machineHealthCheck/definitions';
import {
  controlPlaneViewSignal,
  deleteMachineDeploymentSignal,
  machineDeploymentStatusQuery,
  updateMachineDeploymentSpecSignal,
  type MachineDeploymentWorkflowInput,
  type MachineSetState,
  type RemediateMachinesRequest,
} from './definitions';
import { applyRolloutIntents, toRolloutMachineSet, toRolloutState } from './rolloutState';
import { holdsRemediationState, planRemediationPass, remediationFingerprint, verdictsOf } from './remediationState';

/**
 * MachineDeployment entity: MachineSets are revisions; each pass observes the machines' reports,
 * asks the rollout planner (CAPI's RollingUpdate/OnDelete arithmetic, shared/planners/rollout)
 * what each MachineSet's replicas should be, then creates or deletes machines per MachineSet
 * (planMachineSetSync, CAPI's deletion order). It sleeps until a machine reports, the spec
 * changes, or the planner's next wake time (minReadySeconds, rolloutAfter).
 */
export async function machineDeploymentWorkflow(input: MachineDeploymentWorkflowInput): Promise<void> {
  let { spec, specVersion, context } = input;
  let machineSets: MachineSetState[] = input.carried?.machineSets ?? [];
  let deleting = input.carried?.deleting ?? false;
  let dirty = true;
  let reason = 'starting';
  const skipDrainSent = new Set<string>();
  let remediationRequests: RemediateMachinesRequest[] = input.carried?.remediationRequests ?? [];
  let healthyAgain: string[] = input.carried?.healthyAgain ?? [];
  let controlPlane = input.carried?.controlPlane ?? input.controlPlane;
  /** why the last pass held a scale up (MachineSet preflight checks), for status */
  let preflightHold: string | undefined;
  const selfId = workflowInfo().workflowId;

  const status = () =>
    summarizeMachineDeployment({
      spec,
      specVersion,
      machineSets,
      templateHash: machineTemplateHash(spec.template),
      deleting,
      reason,
      now: nowIso(),
      ...(preflightHold ? { preflightHold } : {}),
    });

  setHandler(machineDeploymentStatusQuery, status);
  setHandler(updateMachineDeploymentSpecSignal, (u) => {
    if (u.specVersion > specVersion) {
      spec = u.spec;
      specVersion = u.specVersion;
      context = u.context;
      dirty = true;
    }
  });
  setHandler(controlPlaneViewSignal, (view) => {
    // Signals can land out of order: the newest view wins.
    if (controlPlane && view.seq <= controlPlane.seq) return;
    controlPlane = view;
    dirty = true;
  });
  setHandler(deleteMachineDeploymentSignal, () => {
    deleting = true;
    dirty = true;
  });
  setHandler(remediateMachinesSignal, (req) => {
    remediationRequests.push(req);
    dirty = true;
  });
  setHandler(machinesHealthyAgainSignal, ({ names }) => {
    healthyAgain.push(...names);
    dirty = true;
  });
  setHandler(machineStatusSignal, (m) => {
    machineSets = machineSets.map((ms) => {
      if (!ms.machines.some((x) => x.name === m.name)) return ms;
      // The report knows nothing of the remediation conditions this owner keeps on the machine.
      const merged = keepOwnerConditions(ms.machines, mergeMachineStatus(ms.machines, m));
      return { ...ms, machines: m.phase === 'Deleted' ? merged.filter((x) => x.name !== m.name) : merged };
    });
    dirty = true;
  });

  const report = clusterReporter(context.clusterWorkflowId, machineDeploymentStatusSignal, (s: MachineDeploymentStatus) =>
    JSON.stringify([
      s.phase, s.replicas, s.readyReplicas, s.availableReplicas, s.observedSpecVersion, s.machineSets,
      // the Deleting message carries the drain's explanation, which describe must show
      // ...and so must the remediation state (deferred, in flight); empty until a remediation is planned
      s.machines.map((m) => [m.name, m.phase, m.deletionRequestedAt, m.conditions.find((c) => c.type === 'Deleting')?.message, ...remediationFingerprint(m)]),
      s.conditions.map((c) => [c.type, c.status, c.message]),
    ]),
  );
  const reportToCluster = () => report(status(), reason);

  async function markAndDelete(names: string[], why: string, opts: { skipDrain?: boolean } = {}): Promise<void> {
    const now = nowIso();
    machineSets = machineSets.map((ms) => ({
      ...ms,
      machines: ms.machines.map((m) => (names.includes(m.name) && !m.deletionRequestedAt ? { ...m, deletionRequestedAt: now } : m)),
    }));
    await Promise.all(names.map((n) => requestMachineDelete(context.cluster.namespace, n, why, opts)));
  }

  /** CAPI's MachineSet preflight checks for creating or remediating machines of `ms` (none without a control-plane view). */
  const preflight = (ms: MachineSetState): string[] =>
    machineSetPreflightChecks({ controlPlane, version: ms.template.version, bootstrapKind: ms.template.bootstrap.kind, annotations: spec.annotations });

  async function createMachines(ms: MachineSetState, count: number): Promise<void> {
    const created: MachineWorkflowInput[] = [];
    for (let i = 0; i < count; i++) {
      created.push({
        cluster: context.cluster,
        name: machineName(ms.name, suffixFromUuid(uuid4())),
        role: 'worker',
        bootstrapMode: 'join-worker',
        provider: context.provider,
        template: ms.template,
        controlPlaneEndpoint: context.controlPlaneEndpoint,
        clusterNetwork: context.clusterNetwork,
        drainRules: context.drainRules,
        clusterLabels: context.clusterLabels,
        ownerWorkflowId: selfId,
        createdAt: nowIso(),
      });
    }
    machineSets = machineSets.map((x) => (x.name === ms.name ? { ...x, machines: [...x.machines, ...created.map(pendingMachine)] } : x));
    await Promise.all(created.map(startMachine));
  }

  for (;;) {
    const wakeAt = deleting || context.paused ? undefined : nextRolloutWakeAt(toRolloutState(spec, machineSets), nowIso());
    if (wakeAt === undefined) await condition(() => dirty);
    else await condition(() => dirty, Math.max(Date.parse(wakeAt) - Date.parse(nowIso()), 1));
    dirty = false;

    if (context.paused) {
      // Paused cluster: nothing is created or deleted (deletion included) until it resumes.
      reason = 'paused: the cluster is paused';
      await reportToCluster();
      continue;
    }
    if (deleting) {
      const all = machineSets.flatMap((ms) => ms.machines);
      const toDelete = all.filter((m) => !m.deletionRequestedAt).map((m) => m.name);
      reason = `deleting ${all.length} machine(s)`;
      // Deleting the MachineDeployment means the cluster (or this pool) is going away: no drain, as CAPI.
      if (toDelete.length) await markAndDelete(toDelete, 'MachineDeployment is being deleted', { skipDrain: true });
      if (patched('skip-drain-of-deleting-machines')) {
        // Machines already deleting (and maybe stuck draining) stop draining too, once.
        const draining = all.filter((m) => m.deletionRequestedAt && !toDelete.includes(m.name) && !skipDrainSent.has(m.name));
        for (const m of draining) skipDrainSent.add(m.name);
        await Promise.all(draining.map((m) => requestMachineDelete(context.cluster.namespace, m.name, 'MachineDeployment is being deleted', { skipDrain: true })));
      }
      await reportToCluster();
      if (all.length === 0) break;
      continue;
    }

    // In-place fields (labels, annotations, minReadySeconds, timeouts) follow the spec without a rollout.
    const hash = machineTemplateHash(spec.template);
    machineSets = machineSets.map((ms) => (ms.templateHash === hash ? { ...ms, template: spec.template } : ms));

    const remediationReasons: string[] = [];
    if (remediationRequests.length || healthyAgain.length || holdsRemediationState(machineSets)) {
      if (patched('md-remediation-max-in-flight')) {
        // CAPI MachineSet reconcileUnhealthyMachines: maxInFlight budget, deferrals visible on the
        // machines, old revisions never remediate; the replacement comes from the normal sync.
        const pass = planRemediationPass(machineSets, { unhealthy: verdictsOf(remediationRequests), healthy: healthyAgain }, spec, hash, nowIso(), preflight);
        machineSets = pass.machineSets;
        for (const { name, why } of pass.remediate) await markAndDelete([name], why);
        remediationReasons.push(...pass.reasons);
      } else {
        // Before maxInFlight: the current revision replaces every unhealthy machine at once
        // (older ones are going away with the rollout).
        const current = machineSets.find((ms) => ms.templateHash === hash);
        for (const req of remediationRequests) {
          const names = req.names.filter((n) => current?.machines.some((m) => m.name === n && !m.deletionRequestedAt));
          if (names.length) await markAndDelete(names, `remediation: ${req.reason}`);
        }
      }
      remediationRequests = [];
      healthyAgain = [];
    }
    // This workflow syncs its MachineSets in the same pass (below), so machines already deleting
    // are not counted twice against the scale-down budget; runs recorded before keep CAPI's
    // stricter count (one old machine deleting at a time when reports arrive one by one).
    const samePassSync = patched('md-same-pass-scale-down');
    const plan = planRollout({ ...toRolloutState(spec, machineSets), samePassSync }, nowIso());
    machineSets = applyRolloutIntents(machineSets, plan.intents, spec);
    const reasons = [...remediationReasons, ...plan.reasons];
    preflightHold = undefined;
    for (const ms of machineSets) {
      const sync = planMachineSetSync(toRolloutMachineSet(ms), spec.strategy.deletePolicy, nowIso());
      let held = false;
      for (const intent of sync.intents) {
        if (intent.type === 'createMachines') {
          // Scale up waits for the control plane (CAPI MachineSet preflight checks); the
          // cluster's next control-plane view wakes this pass again.
          const failures = preflight(ms);
          if (failures.length) {
            held = true;
            preflightHold = `${ms.name}: ${preflightHoldMessage('Scale up', failures)}`;
            reasons.push(preflightHold);
            continue;
          }
          await createMachines(ms, intent.count);
        } else await markAndDelete(intent.names, sync.reason);
      }
      if (sync.intents.length && !held) reasons.push(sync.reason);
    }
    reason = reasons.join('; ') || 'holding';
    await reportToCluster();

    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      await drainHandlers();
      await continueAsNew<typeof machineDeploymentWorkflow>({ ...input, spec, specVersion, context, carried: { machineSets, deleting, remediationRequests, healthyAgain, ...(controlPlane ? { controlPlane } : {}) } });
    }
  }
  await reportToCluster();
}
