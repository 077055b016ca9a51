import { ApplicationFailure } from '@temporalio/common';
import {
  condition,
  continueAsNew,
  log,
  setHandler,
} from '@temporalio/workflow';
import {
  controlPlaneStateFromObservations,
  KCP_PRE_TERMINATE_HOOK,
  planControlPlane,
  type ControlPlanePlan,
} from '../../shared/planners/controlPlane';
import { summarizeControlPlane } from '../../shared/planners/controlPlaneStatus';
import { providerActivities } from '../common/activityProxies';
import { clusterReporter } from '../common/clusterReporter';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import { mergeMachineStatus, requestMachineDelete } from '../common/machines';
import { controlPlaneFingerprint, controlPlaneStatusSignal, machineStatusSignal } from '../common/statusSignals';
import { nowIso } from '../common/time';
import { machinesHealthyAgainSignal, remediateMachinesSignal } from '../machineHealthCheck/definitions';
import { applyControlPlaneIntent } from './applyIntent';
import {
  controlPlaneStatusQuery,
  deleteControlPlaneSignal,
  updateControlPlaneSpecSignal,
  type ControlPlaneWorkflowInput,
} from './definitions';
import { carriedFromRuntime, forgetMachine, markDeleting, runtimeFromInput } from './runtimeState';

/** Re-plan after an idle pass anyway (KCP's resync), so drift nobody signals is still noticed. */
const RESYNC_MS = 5 * 60_000;
/** While the planner waits on something no signal announces (etcd, component health): back off. */
const WAIT_MIN_MS = 500;
const WAIT_MAX_MS = 10_000;

/**
 * KubeadmControlPlane entity driven by `planControlPlane` (capi-behaviour.md §4): each pass
 * observes etcd and component health, plans ONE operation (create, move etcd leadership, delete,
 * remove an etcd member, release the pre-terminate hook, remediate) and carries it out. Machines
 * report by signal; a deleting machine stops at KCP's pre-terminate hook after its drain, so its
 * etcd member is removed while the machine still runs and quorum holds through 3 → 4 → 3.
 */
export async function controlPlaneLoop(input: ControlPlaneWorkflowInput): Promise<void> {
  const rt = runtimeFromInput(input, nowIso());
  const { bounded } = providerActivities(rt.context.provider);
  let dirty = true;
  let waitMs = WAIT_MIN_MS;
  let sleepMs = 0;
  /** set when the next pass must read etcd and component health afresh (see needsObservation) */
  let observeNext = true;
  let observedShape = '';
  const skipDrainSent = new Set<string>();

  const status = () => {
    const plan = rt.plan;
    const outdated = plan
      ? Object.entries(plan.conditions.machines)
          .filter(([, cs]) => cs.some((c) => c.type === 'UpToDate' && c.status === 'False'))
          .map(([name]) => name)
      : [];
    return summarizeControlPlane({
      spec: rt.spec,
      specVersion: rt.specVersion,
      machines: rt.machines,
      initialized: rt.initialized,
      deleting: rt.deleting,
      intent: { reason: rt.reason },
      now: nowIso(),
      ...(plan && !rt.deleting ? { planned: plan.conditions } : {}),
      ...(plan?.intent.type === 'wait' ? { waiting: rt.reason } : {}),
      outdated,
    });
  };

  setHandler(controlPlaneStatusQuery, status);
  setHandler(updateControlPlaneSpecSignal, (u) => {
    if (u.specVersion > rt.specVersion) {
      rt.spec = u.spec;
      rt.specVersion = u.specVersion;
      rt.context = u.context;
      dirty = true;
    }
  });
  setHandler(deleteControlPlaneSignal, () => {
    rt.deleting = true;
    dirty = true;
  });
  setHandler(machineStatusSignal, (m) => {
    rt.machines = mergeMachineStatus(rt.machines, m);
    // One-way latch, as KCP's controlPlaneInitialized: the first node registered means kubeadm init ran.
    if (m.nodeName) rt.initialized = true;
    if (m.phase === 'Deleted') forgetMachine(rt, m.name);
    dirty = true;
  });
  setHandler(remediateMachinesSignal, ({ names }) => {
    // The MHC hands over machines it found unhealthy; KCP's rules decide if and when (§4.6).
    for (const name of names) if (rt.machines.some((m) => m.name === name)) rt.remediationMarks.add(name);
    dirty = true;
  });
  setHandler(machinesHealthyAgainSignal, ({ names }) => {
    // Healthy again before KCP acted: the mark goes (a remediation already under way is not undone).
    for (const name of names) rt.remediationMarks.delete(name);
    dirty = true;
  });

  const report = clusterReporter(rt.context.clusterWorkflowId, controlPlaneStatusSignal, controlPlaneFingerprint);
  const reportToCluster = () => report(status(), rt.reason);

  for (;;) {
    if (sleepMs > 0) {
      // A wake by the timer means something no signal announces may have changed: look again.
      if (!(await condition(() => dirty, sleepMs))) observeNext = true;
    } else await condition(() => dirty);
    dirty = false;
    sleepMs = 0;

    if (rt.context.paused) {
      // Paused: no machine is created or deleted, not even for deletion; resumes on the next spec.
      rt.reason = 'paused: the cluster is paused';
      await reportToCluster();
      continue;
    }
    if (rt.deleting) {
      await deleteAllMachines();
      if (rt.machines.length === 0) break; // the final report below is the run's last command
      await reportToCluster();
      continue;
    }

    const plan = await planPass();
    let acted = false;
    try {
      acted = await applyControlPlaneIntent(rt, plan.intent);
    } catch (err) {
      // Bounded attempts failed (e.g. etcd refused); plan again from a fresh observation.
      rt.reason = `${plan.intent.reason} — failed: ${failureMessage(err)}; retrying`;
      observeNext = true;
      log.warn('control-plane step failed', { intent: plan.intent.type, error: failureMessage(err) });
    }
    await reportToCluster();

    // Steps that change etcd (or fail) are followed by a fresh look at it.
    if (plan.intent.type === 'forwardEtcdLeadership' || plan.intent.type === 'removeEtcdMember') observeNext = true;
    if (acted) {
      waitMs = WAIT_MIN_MS;
      dirty = true; // the next step depends on what this one changed: plan again at once
    } else if (plan.intent.type === 'none' && rt.remediationInProgress) {
      // Nothing left to create (e.g. scaled down after the remediation): no replacement will ever
      // carry the record, which would hold every later remediation (CAPI #8188). Drop it and re-plan.
      delete rt.remediationInProgress;
      dirty = true;
    } else if (plan.intent.type === 'none') {
      sleepMs = RESYNC_MS;
    } else {
      sleepMs = waitMs;
      waitMs = Math.min(waitMs * 2, WAIT_MAX_MS);
    }

    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      await drainHandlers();
      await continueAsNew<(i: ControlPlaneWorkflowInput) => Promise<void>>({
        ...input,
        spec: rt.spec,
        specVersion: rt.specVersion,
        context: rt.context,
        carried: carriedFromRuntime(rt),
      });
    }
  }
  await reportToCluster();

  /**
   * Decide the next operation. A plan that only waits may rest on the last observation; a plan
   * that acts (create, delete, etcd changes, remediation) is always made again on a fresh read of
   * etcd and component health, so preflight never passes on stale health.
   */
  async function planPass(): Promise<ControlPlanePlan> {
    let fresh = false;
    if (rt.initialized && needsObservation()) {
      await observe();
      fresh = true;
    }
    let plan = planFromObservation();
    const acts = plan.intent.type !== 'wait' && plan.intent.type !== 'none';
    if (acts && rt.initialized && !fresh) {
      await observe();
      plan = planFromObservation();
    }
    return plan;
  }

  async function observe(): Promise<void> {
    observeNext = false;
    observedShape = machineShape();
    try {
      rt.observation = await bounded.observeControlPlane({ cluster: rt.context.cluster });
    } catch (err) {
      rt.observation = { health: [], etcdError: failureMessage(err), healthError: failureMessage(err) };
    }
  }

  function planFromObservation(): ControlPlanePlan {
    const state = controlPlaneStateFromObservations({
      desired: rt.spec,
      machines: rt.machines,
      extras: rt.extras,
      health: rt.observation?.health ?? [],
      etcdMembers: rt.observation?.etcdMembers,
      failureDomains: rt.context.failureDomains,
      initialized: rt.initialized,
      remediationMarks: [...rt.remediationMarks],
      ...(rt.remediationInProgress ? { remediationInProgress: rt.remediationInProgress } : {}),
      ...(rt.lastRemediation ? { lastRemediation: rt.lastRemediation } : {}),
    });
    const plan = planControlPlane(state, nowIso());
    rt.plan = plan;
    rt.reason = plan.intent.reason;
    if (rt.observation?.etcdError && !rt.reason.includes('etcd')) rt.reason += ` (etcd: ${rt.observation.etcdError})`;
    return plan;
  }

  /**
   * etcd membership and component health change with the machines that have nodes and with those
   * stopped at the pre-terminate hook; a report that only moves a machine between provisioning
   * phases cannot change them, so the last observation still holds. That saves one activity per
   * machine report, the bulk of a rollout's history.
   */
  function needsObservation(): boolean {
    return observeNext || !rt.observation || machineShape() !== observedShape;
  }

  function machineShape(): string {
    return JSON.stringify(
      rt.machines
        .filter((m) => m.nodeName || m.deletionRequestedAt)
        .map((m) => [m.name, m.nodeName ?? '', m.phase === 'Running', m.conditions.find((c) => c.type === 'Deleting')?.reason ?? ''])
        .sort(),
    );
  }

  /**
   * KCP deletion: every machine at once, no drain and no etcd work — there is no cluster left to
   * keep (capi-behaviour.md §1) — so KCP's own hook is released with the request.
   */
  async function deleteAllMachines(): Promise<void> {
    const ns = rt.context.cluster.namespace;
    const release = { skipDrain: true, removeHooks: [KCP_PRE_TERMINATE_HOOK] };
    for (const m of rt.machines) {
      if (skipDrainSent.has(m.name)) continue;
      skipDrainSent.add(m.name);
      markDeleting(rt, m.name, nowIso());
      await requestMachineDelete(ns, m.name, 'control plane is being deleted', release);
    }
    rt.reason = `deleting ${rt.machines.length} control-plane machine(s)`;
  }
}

function failureMessage(err: unknown): string {
  if (err instanceof ApplicationFailure) return err.message;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
