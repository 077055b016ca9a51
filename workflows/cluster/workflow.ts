import { ApplicationFailure, WorkflowIdReusePolicy } from '@temporalio/common';
import {
  CancellationScope,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  ParentClosePolicy,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { applyValidation } from './applyValidation';
import type { ApplyResolution } from '../../shared/apply/resolveApplyInput';
import { ErrorTypes } from '../../shared/errors';
import {
  controlPlaneWorkflowId,
  machineDeploymentWorkflowId,
  machineHealthCheckWorkflowId,
  parseWorkflowId,
  type ResourceKey,
} from '../../shared/ids';
import { deleteHealthCheckSignal, healthCheckStatusSignal, healthTargetsSignal } from '../machineHealthCheck/definitions';
import { healthTargets } from './healthTargets';
import type { DesiredCluster } from '../../shared/model/desired';
import { describeCluster } from '../../shared/planners/clusterStatus';
import { isClusterPaused, PAUSED_ANNOTATION } from '../../shared/planners/pause';
import { planUpgradeSequence } from '../../shared/planners/upgradeSequence';
import { rotateTopologyTemplates } from '../../shared/planners/topologyTemplateRotation';
import { planStage, promotionRefusal, stagedChangeView } from '../../shared/planners/stagedChange';
import type { ClusterDescription } from '../../shared/status/types';
import { controlPlaneViewOf, type ControlPlaneView } from '../../shared/planners/rollout';
import { clusterSearchAttributes } from '../../shared/searchAttributeValues';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import type { ClusterContext } from '../common/ownerContext';
import { providerActivities } from '../common/activityProxies';
import { controlPlaneStatusSignal, machineDeploymentStatusSignal } from '../common/statusSignals';
import { nowIso } from '../common/time';
import { deleteControlPlaneSignal, updateControlPlaneSpecSignal } from '../controlPlane/definitions';
import { controlPlaneViewSignal, deleteMachineDeploymentSignal, updateMachineDeploymentSpecSignal } from '../machineDeployment/definitions';
import {
  applyUpdate,
  deleteUpdate,
  describeQuery,
  desiredQuery,
  drainRulesQuery,
  rolloutRestartUpdate,
  scaleUpdate,
  upgradeUpdate,
  pauseUpdate,
  promoteStagedUpdate,
  resumeUpdate,
  stageUpdate,
  type ClusterCarriedState,
  type PromoteInput,
  type StageResult,
  type ApplyInput,
  type ClusterWorkflowInput,
  type UpgradeInput,
} from './definitions';
import { createUpdateBarrier } from '../common/updateBarrier';
import { approveCreation, runLifecycleHooks, versionChangeRefusal } from './lifecycleHooks';
import type { LifecycleHookPlan } from '../../shared/planners/lifecycleHooks';
import { applyRolloutRestart, applyScale, validateRolloutRestart, validateScale } from '../../shared/planners/clusterChanges';

/**
 * Cluster entity (`cluster/<ns>/<name>`): holds the desired resource set and reconciles
 * infrastructure → control plane → workers; `delete` tears down in CAPI's order (workers, control
 * plane, infrastructure) and ends the workflow. Children are abandoned-on-close entities that
 * report their status by signal, so this run can continue-as-new without disturbing them.
 */
export async function clusterWorkflow(input: ClusterWorkflowInput): Promise<ReturnType<typeof describeCluster>> {
  const key: ResourceKey = (() => {
    const parsed = parseWorkflowId(workflowInfo().workflowId);
    return { namespace: parsed.namespace, name: parsed.name };
  })();
  const state: ClusterCarriedState = input.carried ?? initialState(input, key);
  let dirty = true;
  let waitingInfra = false;
  // Updates complete after the main loop took their change in (see updateBarrier.ts); runs
  // recorded before kept completing at once.
  const updates = createUpdateBarrier(patched('update-completes-after-pass'));

  const describe = (): ClusterDescription => ({
    ...describeCluster({
      desired: state.desired,
      infrastructure: state.infrastructure,
      infrastructureRequested: state.infrastructureRequested,
      controlPlane: state.controlPlane,
      machineDeployments: state.machineDeployments,
      healthChecks: state.healthChecks,
      sentSpecVersions: state.sentSpecVersions,
      upgradeHolds: state.upgradeHolds,
      lifecycleHooks: state.hooks,
      deleting: state.deleting,
      deleted: false,
      generation: state.generation,
      conditions: state.conditions,
      createdAt: state.createdAt,
      now: nowIso(),
    }),
    ...(state.staged ? { staged: stagedChangeView(state.staged) } : {}),
    ...(state.promotedRevision ? { promotedRevision: state.promotedRevision } : {}),
  });

  setHandler(describeQuery, describe);
  setHandler(desiredQuery, () => ({ generation: state.generation, desired: state.desired }));
  setHandler(drainRulesQuery, () => ({ rules: state.desired.machineDrainRules ?? [], clusterLabels: state.desired.labels }));
  /**
   * A topology cluster's templates edited in place (in its ClusterClass) get a new name, so their
   * machines roll as CAPI's template rotation does (topologyTemplateRotation.ts). Runs recorded
   * before kept the compiled names.
   */
  function withRotatedTemplates(next: DesiredCluster): DesiredCluster {
    if (!next.topology || !state.desired.topology || !patched('topology-template-rotation')) return next;
    return rotateTopologyTemplates(state.desired, next);
  }

  /**
   * An update that replaces the desired state after validation (apply, upgrade): the validator
   * refuses bad input before it enters history; the handler re-resolves (deterministic) and bumps
   * the generation only when something changed.
   */
  function desiredStateUpdate<Req>(verb: string, resolve: (req: Req) => ApplyResolution, onAccepted?: (req: Req) => void) {
    return [
      (req: Req) => {
        const r = resolve(req);
        if (!r.ok) return { generation: state.generation, changed: false }; // validator already refused
        onAccepted?.(req);
        const next = withRotatedTemplates(r.desired);
        const changed = JSON.stringify(next) !== JSON.stringify(state.desired);
        if (!changed) return { generation: state.generation, changed };
        state.desired = next;
        state.generation++;
        dirty = true;
        return updates.complete({ generation: state.generation, changed });
      },
      {
        validator: (req: Req) => {
          if (state.deleting) throw new Error(`cluster ${key.namespace}/${key.name} is being deleted; ${verb} refused`);
          const r = resolve(req);
          if (!r.ok) throw new Error(applyValidation().formatIssues(r.issues));
          const refusal = versionChangeRefusal(state, r.desired);
          if (refusal) throw new Error(refusal);
        },
      },
    ] as const;
  }
  // An explicit apply supersedes whatever was staged (the sync stages whole desired states).
  setHandler(applyUpdate, ...desiredStateUpdate('apply', (req: ApplyInput) => applyValidation().resolveApplyInput(req, key, state.desired), () => {
    state.staged = undefined;
  }));
  setHandler(
    stageUpdate,
    (req: ApplyInput): StageResult => {
      const r = applyValidation().resolveApplyInput(req, key, state.desired);
      if (!r.ok) return { outcome: 'AlreadyApplied' }; // validator already refused
      const outcome = planStage(state.desired, state.staged, r.desired, nowIso());
      if (outcome.kind === 'AlreadyApplied') {
        state.staged = undefined;
        return { outcome: outcome.kind };
      }
      state.staged = outcome.staged;
      return { outcome: outcome.kind, revision: outcome.staged.revision, rollouts: outcome.staged.rollouts };
    },
    {
      validator: (req: ApplyInput) => {
        if (state.deleting) throw new Error(`cluster ${key.namespace}/${key.name} is being deleted; stage refused`);
        const r = applyValidation().resolveApplyInput(req, key, state.desired);
        if (!r.ok) throw new Error(applyValidation().formatIssues(r.issues));
      },
    },
  );
  // Promotion is an apply of the staged state: the same validation, hooks and template rotation.
  const promoted = (req: PromoteInput): ApplyResolution =>
    state.staged?.revision === req.revision ? { ok: true, desired: state.staged.desired } : { ok: true, desired: state.desired };
  const [promote, promoteOptions] = desiredStateUpdate('promote', promoted, (req: PromoteInput) => {
    if (state.staged?.revision !== req.revision) return; // the revision promoted last: a no-op
    state.staged = undefined;
    state.promotedRevision = req.revision;
  });
  setHandler(promoteStagedUpdate, promote, {
    validator: (req: PromoteInput) => {
      const refusal = promotionRefusal(state.staged, state.promotedRevision, req.revision);
      if (refusal) throw new Error(`cluster ${key.namespace}/${key.name}: promote refused: ${refusal}`);
      promoteOptions.validator(req);
    },
  });
  setHandler(upgradeUpdate, ...desiredStateUpdate('upgrade', (req: UpgradeInput) => applyValidation().resolveUpgradeInput(req, state.desired)));
  setHandler(
    scaleUpdate,
    (req) => {
      state.desired = applyScale(state.desired, req);
      state.generation++;
      dirty = true;
      return updates.complete({ generation: state.generation, changed: true });
    },
    {
      validator: (req) => {
        if (state.deleting) throw new Error(`cluster ${key.namespace}/${key.name} is being deleted; scale refused`);
        validateScale(state.desired, req);
      },
    },
  );
  setHandler(
    rolloutRestartUpdate,
    (req) => {
      const now = nowIso();
      state.desired = applyRolloutRestart(state.desired, req, now);
      state.generation++;
      dirty = true;
      return updates.complete({ generation: state.generation, changed: true, rolloutAfter: now });
    },
    {
      validator: (req) => {
        if (state.deleting) throw new Error(`cluster ${key.namespace}/${key.name} is being deleted; rollout restart refused`);
        validateRolloutRestart(state.desired, req, nowIso());
      },
    },
  );
  setHandler(pauseUpdate, () => {
    const changed = !state.desired.paused;
    state.desired = { ...state.desired, paused: true };
    if (changed) state.generation++;
    dirty = true;
    return updates.complete({ generation: state.generation, changed });
  });
  setHandler(resumeUpdate, () => {
    const changed = isClusterPaused(state.desired);
    const { [PAUSED_ANNOTATION]: _dropped, ...annotations } = state.desired.annotations;
    state.desired = { ...state.desired, paused: false, annotations };
    if (changed) state.generation++;
    dirty = true;
    return updates.complete({ generation: state.generation, changed });
  });
  setHandler(deleteUpdate, () => {
    const alreadyDeleting = state.deleting;
    state.deleting = true;
    dirty = true;
    // a repeated delete has nothing new for the main loop (it may be deep in the teardown)
    return alreadyDeleting ? { accepted: true as const, alreadyDeleting } : updates.complete({ accepted: true as const, alreadyDeleting });
  });
  setHandler(controlPlaneStatusSignal, (s) => {
    state.controlPlane = s;
    dirty = true;
  });
  setHandler(machineDeploymentStatusSignal, (s) => {
    state.machineDeployments[s.name] = s;
    dirty = true;
  });
  setHandler(healthCheckStatusSignal, (s) => {
    // Only shown by describe: no reconcile pass needed.
    state.healthChecks = { ...(state.healthChecks ?? {}), [s.name]: s };
  });

  /** What the lifecycle hooks hold this pass (runLifecycleHooks); empty without extensions. */
  let hookPlan: LifecycleHookPlan = {};

  let lastAttributes = '';
  function publish(): void {
    const d = describe();
    state.conditions = d.conditions;
    const attrs = clusterSearchAttributes(state.desired, d.phase);
    const fp = JSON.stringify(attrs);
    if (fp !== lastAttributes) {
      upsertSearchAttributes(attrs);
      lastAttributes = fp;
    }
    setCurrentDetails(d.ready ? 'ready' : (d.waitingFor ?? d.phase));
  }

  const context = (): ClusterContext => ({
    cluster: key,
    provider: state.desired.provider,
    clusterWorkflowId: workflowInfo().workflowId,
    controlPlaneEndpoint: state.infrastructure.controlPlaneEndpoint ?? { host: `${key.name}.${key.namespace}.invalid`, port: 6443 },
    failureDomains: state.infrastructure.failureDomains,
    clusterNetwork: state.desired.clusterNetwork,
    paused: isClusterPaused(state.desired),
    // desired states recorded before drain rules existed lack the field
    drainRules: state.desired.machineDrainRules ?? [],
    clusterLabels: state.desired.labels,
  });

  const { waits } = providerActivities(state.desired.provider);

  /** Waits for the infrastructure, giving up the wait (not the resource) if deletion is requested. */
  async function ensureInfrastructure(): Promise<void> {
    state.infrastructureRequested = true;
    waitingInfra = true;
    publish();
    const scope = new CancellationScope();
    void condition(() => state.deleting).then(() => scope.cancel());
    try {
      const status = await scope.run(() =>
        waits.ensureClusterInfrastructure({
          cluster: key,
          infrastructure: state.desired.infrastructure,
          labels: state.desired.labels,
        }),
      );
      state.infrastructure = {
        ...state.infrastructure,
        provisioned: true,
        controlPlaneEndpoint: status.controlPlaneEndpoint,
        failureDomains: status.failureDomains,
      };
    } catch (err) {
      if (!isCancellation(err)) throw err;
    } finally {
      waitingInfra = false;
    }
  }

  async function syncControlPlane(): Promise<void> {
    const spec = state.desired.controlPlane;
    const id = controlPlaneWorkflowId({ namespace: key.namespace, name: spec.name });
    if (!state.started.controlPlane) {
      state.sentSpecVersions.controlPlane = state.generation;
      approveCreation(state, spec.version);
      await startChild('controlPlaneWorkflow', {
        workflowId: id,
        args: [{ context: context(), spec, specVersion: state.generation, continueAsNewAfterEvents: input.continueAsNewAfterEvents }],
        taskQueue: workflowInfo().taskQueue,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        staticSummary: `KubeadmControlPlane ${key.namespace}/${spec.name}: ${spec.replicas} replica(s), ${spec.version}`,
      });
      state.started.controlPlane = true;
    } else if (state.sentSpecVersions.controlPlane < state.generation) {
      state.sentSpecVersions.controlPlane = state.generation;
      await getExternalWorkflowHandle(id).signal(updateControlPlaneSpecSignal, {
        spec,
        specVersion: state.generation,
        context: context(),
      });
    }
  }

  /**
   * Which started MachineDeployments may get the latest spec now: the control plane upgrades
   * first, then MachineDeployments `upgrade-concurrency` at a time (planUpgradeSequence). Runs
   * recorded before this rule send every spec at once.
   */
  function releasedMachineDeployments(): (name: string) => boolean {
    if (!patched('upgrade-sequence')) return () => true;
    const plan = planUpgradeSequence({
      desired: state.desired,
      generation: state.generation,
      controlPlane: state.controlPlane,
      machineDeployments: state.machineDeployments,
      sentSpecVersions: state.sentSpecVersions.machineDeployments,
      ...(hookPlan.holdWorkers ? { workersHold: hookPlan.holdWorkers } : {}),
    });
    state.upgradeHolds = plan.held;
    return (name) => plan.release.includes(name);
  }

  /**
   * The control plane as the MachineDeployments' preflight checks see it, with a sequence number
   * that moves when it changes. Runs recorded before the checks send none (their
   * MachineDeployments check nothing).
   */
  function currentControlPlaneView(): ControlPlaneView | undefined {
    if (!patched('md-preflight-control-plane-view')) return undefined;
    const view = controlPlaneViewOf(key.namespace, state.desired.controlPlane, state.controlPlane, state.desired.topology !== undefined);
    const fingerprint = JSON.stringify(view);
    const known = (state.controlPlaneView ??= { fingerprint, seq: 1, sent: {} });
    if (known.fingerprint !== fingerprint) {
      known.fingerprint = fingerprint;
      known.seq += 1;
    }
    return { ...view, seq: known.seq };
  }

  async function syncMachineDeployments(): Promise<void> {
    const released = releasedMachineDeployments();
    const cpView = currentControlPlaneView();
    for (const md of state.desired.machineDeployments) {
      const id = machineDeploymentWorkflowId({ namespace: key.namespace, name: md.name });
      // A control-plane change (upgrade started or finished, first machine up) wakes the
      // MachineDeployment's held scale up or remediation; each is told once per change, before a
      // spec released by that change (signals may still land out of order: the next pass fixes it).
      const sentView = state.controlPlaneView?.sent;
      if (cpView && sentView && state.started.machineDeployments.includes(md.name) && sentView[md.name] !== cpView.seq) {
        sentView[md.name] = cpView.seq;
        await getExternalWorkflowHandle(id).signal(controlPlaneViewSignal, cpView);
      }
      if (!state.started.machineDeployments.includes(md.name)) {
        state.sentSpecVersions.machineDeployments[md.name] = state.generation;
        if (cpView && state.controlPlaneView) state.controlPlaneView.sent[md.name] = cpView.seq;
        await startChild('machineDeploymentWorkflow', {
          workflowId: id,
          args: [{ context: context(), spec: md, specVersion: state.generation, continueAsNewAfterEvents: input.continueAsNewAfterEvents, ...(cpView ? { controlPlane: cpView } : {}) }],
          taskQueue: workflowInfo().taskQueue,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
          staticSummary: `MachineDeployment ${key.namespace}/${md.name}: ${md.replicas} replica(s), ${md.template.version}`,
        });
        state.started.machineDeployments.push(md.name);
      } else if ((state.sentSpecVersions.machineDeployments[md.name] ?? 0) < state.generation && released(md.name)) {
        state.sentSpecVersions.machineDeployments[md.name] = state.generation;
        await getExternalWorkflowHandle(id).signal(updateMachineDeploymentSpecSignal, {
          spec: md,
          specVersion: state.generation,
          context: context(),
        });
      }
    }
    // MachineDeployments removed from the manifest are deleted (their machines first).
    for (const name of state.started.machineDeployments) {
      if (state.desired.machineDeployments.some((md) => md.name === name)) continue;
      if (state.machineDeployments[name]?.deleted) {
        state.started.machineDeployments = state.started.machineDeployments.filter((n) => n !== name);
        delete state.machineDeployments[name];
        continue;
      }
      await signalDelete(machineDeploymentWorkflowId({ namespace: key.namespace, name }), deleteMachineDeploymentSignal);
    }
  }

  async function signalDelete(id: string, signal: typeof deleteMachineDeploymentSignal): Promise<void> {
    try {
      await getExternalWorkflowHandle(id).signal(signal);
    } catch (err) {
      log.warn('child not running for delete', { id, error: String(err) });
    }
  }

  /**
   * Sends the latest spec (which carries `paused`) to children already started, without creating
   * or deleting anything: a paused cluster must still tell its children it is paused, and resumed.
   */
  async function propagateSpecs(): Promise<void> {
    const released = releasedMachineDeployments();
    if (state.started.controlPlane && state.sentSpecVersions.controlPlane < state.generation) {
      state.sentSpecVersions.controlPlane = state.generation;
      await getExternalWorkflowHandle(controlPlaneWorkflowId({ namespace: key.namespace, name: state.desired.controlPlane.name }))
        .signal(updateControlPlaneSpecSignal, { spec: state.desired.controlPlane, specVersion: state.generation, context: context() });
    }
    for (const name of state.started.machineDeployments) {
      const md = state.desired.machineDeployments.find((m) => m.name === name);
      if (!md || (state.sentSpecVersions.machineDeployments[name] ?? 0) >= state.generation || !released(name)) continue;
      state.sentSpecVersions.machineDeployments[name] = state.generation;
      await getExternalWorkflowHandle(machineDeploymentWorkflowId({ namespace: key.namespace, name }))
        .signal(updateMachineDeploymentSpecSignal, { spec: md, specVersion: state.generation, context: context() });
    }
  }

  /** Waits for `done` while still forwarding pause/resume to the children (teardown can be paused). */
  async function waitWhilePropagating(done: () => boolean): Promise<void> {
    while (!done()) {
      await condition(() => done() || dirty);
      if (dirty) {
        dirty = false;
        updates.taken();
        await propagateSpecs();
        publish();
      }
    }
  }

  /**
   * Starts the MachineHealthChecks (after the control plane is initialised, like workers) and tells
   * them about the machines whenever a machine changes: they decide, owners replace.
   */
  let lastTargets = '';
  async function syncHealthChecks(): Promise<void> {
    const started = (state.started.healthChecks ??= []);
    for (const mhc of state.desired.machineHealthChecks) {
      if (started.includes(mhc.name)) continue;
      await startChild('machineHealthCheckWorkflow', {
        workflowId: machineHealthCheckWorkflowId({ namespace: key.namespace, name: mhc.name }),
        args: [{ context: context(), spec: mhc, pollIntervalMs: input.healthCheckPollMs, continueAsNewAfterEvents: input.continueAsNewAfterEvents }],
        taskQueue: workflowInfo().taskQueue,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        staticSummary: `MachineHealthCheck ${key.namespace}/${mhc.name} of cluster ${key.name}`,
      });
      started.push(mhc.name);
      lastTargets = '';
    }
    const update = healthTargets(state, key.namespace, state.conditions, isClusterPaused(state.desired));
    const fp = JSON.stringify(update);
    if (fp === lastTargets || started.length === 0) return;
    lastTargets = fp;
    for (const name of started) {
      await getExternalWorkflowHandle(machineHealthCheckWorkflowId({ namespace: key.namespace, name })).signal(healthTargetsSignal, update);
    }
  }

  async function teardown(): Promise<void> {
    publish();
    // Health checks stop first, so no remediation fights the teardown.
    for (const name of state.started.healthChecks ?? []) {
      await signalDelete(machineHealthCheckWorkflowId({ namespace: key.namespace, name }), deleteHealthCheckSignal);
    }
    // CAPI order: MachineDeployments (workers) first, then the control plane, then infrastructure.
    for (const name of state.started.machineDeployments) {
      await signalDelete(machineDeploymentWorkflowId({ namespace: key.namespace, name }), deleteMachineDeploymentSignal);
    }
    await waitWhilePropagating(() => state.started.machineDeployments.every((n) => state.machineDeployments[n]?.deleted));
    publish();
    if (state.started.controlPlane) {
      await signalDelete(controlPlaneWorkflowId({ namespace: key.namespace, name: state.desired.controlPlane.name }), deleteControlPlaneSignal);
      await waitWhilePropagating(() => !!state.controlPlane?.deleted);
    }
    publish();
    if (state.infrastructureRequested) {
      await waits.deleteClusterInfrastructure({ cluster: key });
    }
    state.infrastructure = { ...state.infrastructure, provisioned: false };
  }

  /** Waits for work; with a lifecycle hook blocking, also for its retry time. */
  async function waitForWork(): Promise<void> {
    if (hookPlan.retryAt === undefined) {
      await condition(() => dirty);
      return;
    }
    const ms = Math.max(Date.parse(hookPlan.retryAt) - Date.parse(nowIso()), 1);
    if (!(await condition(() => dirty, ms))) dirty = true;
  }

  /** BeforeClusterDelete (with extensions): nothing is torn down until it passes; pause still applies. */
  async function passBeforeClusterDelete(): Promise<void> {
    for (;;) {
      if (!isClusterPaused(state.desired)) {
        hookPlan = await runLifecycleHooks(state, publish);
        publish();
        if (!hookPlan.call && hookPlan.retryAt === undefined) return;
      }
      await waitForWork();
      if (dirty) {
        dirty = false;
        updates.taken();
        await propagateSpecs();
        publish();
      }
    }
  }

  publish();
  for (;;) {
    await waitForWork();
    dirty = false;
    updates.taken();
    if (isClusterPaused(state.desired)) {
      // Paused (CAPI §9.1): nothing is reconciled, deletion included; children only learn they are paused.
      await propagateSpecs();
      publish();
      continue;
    }
    if (state.deleting) break;
    if (!state.infrastructure.provisioned && !waitingInfra) await ensureInfrastructure();
    if (state.deleting) break;
    if (state.infrastructure.provisioned) {
      hookPlan = await runLifecycleHooks(state, publish);
      // BeforeClusterUpgrade not passed yet: no change reaches the control plane or the workers.
      if (!hookPlan.holdAll) await syncControlPlane();
      if (state.controlPlane?.initialized) {
        if (!hookPlan.holdAll) await syncMachineDeployments();
        publish(); // conditions (with their transition times) feed the health checks
        await syncHealthChecks();
      }
    }
    publish();
    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      updates.release();
      await drainHandlers();
      await continueAsNew<typeof clusterWorkflow>({
        continueAsNewAfterEvents: input.continueAsNewAfterEvents,
        healthCheckPollMs: input.healthCheckPollMs,
        carried: state,
      });
    }
  }
  await passBeforeClusterDelete();
  await teardown();
  updates.release();
  await drainHandlers();
  const final = { ...describe(), phase: 'Deleted' as const, ready: false };
  upsertSearchAttributes(clusterSearchAttributes(state.desired, 'Deleted'));
  return final;
}

function initialState(input: ClusterWorkflowInput, key: ResourceKey): ClusterCarriedState {
  const r = applyValidation().resolveApplyInput({ desired: input.desired, manifests: input.manifests }, key);
  if (!r.ok) {
    // A bad manifest changes nothing: the workflow fails before any command is issued.
    throw ApplicationFailure.create({ type: ErrorTypes.InvalidSpec, message: applyValidation().formatIssues(r.issues), nonRetryable: true });
  }
  const desired: DesiredCluster = r.desired;
  return {
    desired,
    generation: 1,
    deleting: false,
    infrastructure: { kind: desired.infrastructure.kind, name: desired.infrastructure.name, provisioned: false, failureDomains: [] },
    infrastructureRequested: false,
    machineDeployments: {},
    started: { controlPlane: false, machineDeployments: [] },
    sentSpecVersions: { controlPlane: 0, machineDeployments: {} },
    conditions: [],
    createdAt: nowIso(),
  };
}
