import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  setCurrentDetails,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { drainWorkflowId } from '../../shared/ids';
import { drainProgressSignal, type DrainProgress } from '../drain/definitions';
import { drainWorkflow } from '../drain/workflow';
import { ApplicationFailure } from '@temporalio/common';
import { setCondition, setReadyCondition } from '../../shared/status/conditions';
import type { MachinePhase, MachineStatus } from '../../shared/status/types';
import { nodeDeletionActivities, providerActivities } from '../common/activityProxies';
import { nowIso } from '../common/time';
import { machineStatusSignal } from '../common/statusSignals';
import { PRE_DRAIN_DELETE_HOOK_PREFIX, PRE_TERMINATE_DELETE_HOOK_PREFIX } from '../../shared/planners/drain/constants';
import { machineStatusQuery, removeHooksSignal, requestDeleteSignal, type MachineWorkflowInput } from './definitions';

/**
 * One Machine: bootstrap → infrastructure → node → Running, then waits to be deleted, then
 * tears down (infrastructure, then the Node, as CAPI does). Every phase change is reported to
 * the owner. Drain and hooks join the deletion path in the lifecycle issue.
 */
export async function machineWorkflow(input: MachineWorkflowInput): Promise<MachineStatus> {
  const { quick, waits } = providerActivities(input.provider);
  const owner = getExternalWorkflowHandle(input.ownerWorkflowId);
  let status: MachineStatus = {
    name: input.name,
    role: input.role,
    version: input.template.version,
    phase: 'Pending',
    failureDomain: input.failureDomain,
    addresses: [],
    createdAt: input.createdAt,
    lastUpdated: nowIso(),
    conditions: [],
  };
  let deleteReason: string | undefined;
  let skipDrain = false;
  let drainProgress: DrainProgress | undefined;
  let drainProgressDirty = false;
  const removedHooks = new Set<string>();

  setHandler(machineStatusQuery, () => status);
  setHandler(requestDeleteSignal, (req) => {
    // A later request may only add skipDrain (the cluster started deleting while this one drained).
    if (req.skipDrain) skipDrain = true;
    for (const hook of req.removeHooks ?? []) removedHooks.add(hook);
    deleteReason ??= req.reason;
  });
  setHandler(removeHooksSignal, ({ hooks }) => {
    for (const hook of hooks) removedHooks.add(hook);
  });
  setHandler(drainProgressSignal, (p) => {
    // Progress is sent without waiting: a message overtaken by a later one is dropped.
    if (p.seq !== undefined && drainProgress?.seq !== undefined && p.seq <= drainProgress.seq) return;
    drainProgress = p;
    drainProgressDirty = true;
  });

  /**
   * Records a phase change and (unless `quiet`) tells the owner. Every signal costs the owner a
   * workflow task, so phases the owner already knows about (Pending: it created the placeholder;
   * Deleting: it asked for the deletion) are recorded here only.
   */
  async function report(phase: MachinePhase, patch: Partial<MachineStatus> = {}, quiet = false): Promise<void> {
    const now = nowIso();
    status = { ...status, ...patch, phase, lastUpdated: now, reportSeq: (status.reportSeq ?? 0) + 1 };
    status.conditions = setReadyCondition(status.conditions, ['BootstrapConfigReady', 'InfrastructureReady', 'NodeHealthy'], now);
    if (phase === 'Deleting' || phase === 'Deleted') {
      // Deleting has negative polarity in CAPI's Ready summary: a machine going away is not Ready.
      const deleting = status.conditions.find((c) => c.type === 'Deleting');
      status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', reason: 'Deleting', message: deleting?.message || 'machine is being deleted' }, now);
    }
    setCurrentDetails(`phase ${phase}${status.nodeName ? `, node ${status.nodeName}` : ''}`);
    if (quiet) return;
    try {
      await owner.signal(machineStatusSignal, status);
    } catch (err) {
      // The owner may be gone already (e.g. it was terminated by hand); the machine still finishes.
      log.warn('could not report machine status to owner', { owner: input.ownerWorkflowId, error: String(err) });
    }
  }

  function setCond(type: string, s: 'True' | 'False' | 'Unknown', reason = '', message = ''): void {
    status.conditions = setCondition(status.conditions, { type, status: s, reason, message }, nowIso());
  }

  await report('Pending', {}, true);

  // Provisioning runs in a cancellable scope so a delete request interrupts any wait at once.
  const provisioning = new CancellationScope();
  const provision = async (): Promise<void> => {
    setCond('BootstrapConfigReady', 'True', '', 'bootstrap data rendered by the kubeadm bootstrap provider');
    setCond('InfrastructureReady', 'False', 'Provisioning', 'waiting for the infrastructure provider');
    const created = await quick.ensureMachine({
      cluster: input.cluster,
      machine: input.name,
      role: input.role,
      bootstrapMode: input.bootstrapMode,
      version: input.template.version,
      failureDomain: input.failureDomain,
      infrastructure: input.template.infrastructure,
      bootstrap: input.template.bootstrap,
      controlPlaneEndpoint: input.controlPlaneEndpoint,
      clusterNetwork: input.clusterNetwork,
    });
    await report('Provisioning');
    // A joining machine's bootstrap token is kept valid until its node joined, however slowly
    // it boots (CABPK's refresh; runs recorded before it never refreshed).
    const refreshMs = created?.bootstrapTokenRefreshMs !== undefined && patched('bootstrap-token-refresh') ? created.bootstrapTokenRefreshMs : undefined;
    let joined = false;
    const refresher = refreshMs === undefined ? undefined : keepBootstrapTokenFresh(refreshMs, () => joined);
    let nodeName: string;
    try {
      const infra = await waits.awaitMachineProvisioned({ cluster: input.cluster, machine: input.name });
      setCond('InfrastructureReady', 'True');
      setCond('NodeHealthy', 'False', 'WaitingForNode', 'waiting for the node to join the cluster');
      await report('Provisioned', {
        providerID: infra.providerID,
        addresses: infra.addresses,
        failureDomain: infra.failureDomain ?? input.failureDomain,
      });
      nodeName = (await waits.awaitNode({ cluster: input.cluster, providerID: infra.providerID! })).name;
    } finally {
      // joined, failed or cancelled: the refresh ends (a cancellation already cancelled its timer)
      joined = true;
      if (refresher) await refresher.catch(() => undefined); // no await at all on runs without one (replay)
    }
    setCond('NodeHealthy', 'True');
    await report('Running', { nodeName });
  };

  /** Refreshes the token every `everyMs` until `done()`; a durable timer, so a restarted worker resumes it. */
  async function keepBootstrapTokenFresh(everyMs: number, done: () => boolean): Promise<void> {
    while (!(await condition(done, everyMs))) {
      try {
        await quick.refreshBootstrapToken({ cluster: input.cluster, machine: input.name });
      } catch (err) {
        if (isCancellation(err)) throw err;
        // a missed refresh is not a failed machine: the next one may succeed, and the join may not need it
        log.warn('bootstrap token refresh failed', { machine: input.name, error: String(err) });
      }
    }
  }

  // Fire-and-forget watcher: cancelling an already finished scope is harmless.
  void condition(() => deleteReason !== undefined).then(() => provisioning.cancel());
  try {
    await provisioning.run(provision);
  } catch (err) {
    if (!isCancellation(err)) {
      const reason = err instanceof ApplicationFailure ? err.message : String(err);
      setCond('InfrastructureReady', 'False', 'ProvisioningFailed', reason);
      await report('Failed', { failureReason: reason });
      // A failed machine stays as evidence until its owner deletes it (remediation replaces it).
    }
  }
  await condition(() => deleteReason !== undefined);

  await report('Deleting', { deletionRequestedAt: nowIso() }, true);
  log.info('deleting machine', { machine: input.name, reason: deleteReason });
  /**
   * "Drain done" is reported with the next step's command (the hooks' report or the
   * infrastructure deletion) in the same workflow task instead of costing a round trip of its own;
   * it is awaited before Deleted. The other deletion reports stay awaited: signals may arrive out
   * of order and the owner keeps the latest by reportSeq, and describe must not lose a drain's
   * explanation (sending "draining" alongside the drain's start as well made drain.test.ts miss
   * the wait for volumes in most runs).
   */
  const drainDoneAlongside = patched('machine-drain-done-report-alongside');
  let drainDoneReport: Promise<void> | undefined;
  if (patched('pre-drain-hooks')) await waitForHooks(PRE_DRAIN_DELETE_HOOK_PREFIX, 'WaitingForPreDrainHook', 'pre-drain');
  if (patched('drain-before-delete') && status.nodeName && !skipDrain) {
    await drainNode(status.nodeName);
  }
  if (patched('pre-terminate-hooks')) await waitForHooks(PRE_TERMINATE_DELETE_HOOK_PREFIX, 'WaitingForPreTerminateHook', 'pre-terminate');
  await CancellationScope.nonCancellable(async () => {
    await waits.deleteMachineInfrastructure({ cluster: input.cluster, machine: input.name });
    setCond('InfrastructureReady', 'False', 'Deleted', 'infrastructure deleted');
    // CAPI skips the Node deletion when the cluster is being deleted (isDeleteNodeAllowed): the API
    // server may already be gone with its etcd, and the Node goes with the cluster anyway.
    const nodeDeletionAllowed = !(skipDrain && patched('skip-node-delete-on-cluster-delete'));
    if (status.nodeName && nodeDeletionAllowed) {
      // CAPI deletes the Node after the infrastructure, because cloud controllers usually do it anyway.
      if (patched('node-deletion-timeout')) {
        // ...and gives up after nodeDeletionTimeout (default 10 s): an unreachable API server must
        // not keep a machine whose infrastructure is already gone from finishing.
        const timeout = input.template.nodeDeletionTimeoutSeconds ?? 10;
        try {
          await nodeDeletionActivities(input.provider, timeout).deleteNode({ cluster: input.cluster, nodeName: status.nodeName });
        } catch (err) {
          log.warn('node deletion gave up after nodeDeletionTimeout', { node: status.nodeName, error: String(err) });
          setCond('Deleting', 'True', 'NodeDeletionTimedOut', `Node ${status.nodeName} could not be deleted within nodeDeletionTimeout ${timeout}s; it is left behind`);
        }
      } else {
        await quick.deleteNode({ cluster: input.cluster, nodeName: status.nodeName });
      }
    }
  });
  await drainDoneReport;
  await report('Deleted');
  return status;

  /**
   * CAPI's deletion hooks: while any `pre-drain.delete.hook.machine.cluster.x-k8s.io/*` annotation
   * remains the machine is not drained, and while any `pre-terminate.delete.hook...` one remains
   * its infrastructure is not deleted. Whoever set a hook removes it (the `removeHooks` signal, e.g.
   * `temporal workflow signal --name removeHooks`). KCP puts its `kcp-cleanup` pre-terminate hook on
   * every control-plane machine and removes it once the machine's etcd member is gone, so a
   * deleting machine never takes a voting member down with it.
   */
  async function waitForHooks(prefix: string, reason: string, label: string): Promise<void> {
    const pending = () =>
      Object.keys(input.template.annotations)
        .filter((k) => k.startsWith(`${prefix}/`) && !removedHooks.has(k))
        .sort();
    if (pending().length === 0) return;
    setCond('Deleting', 'True', reason, `waiting for ${label} hook(s) to be removed: ${pending().join(', ')}`);
    await report('Deleting', {});
    await condition(() => pending().length === 0);
    setCond('Deleting', 'True', 'HooksRemoved', `${label} hooks removed`);
  }

  /**
   * Runs the drain as its own workflow (`drain/<ns>/<machine>`, visible and queryable on its own)
   * and mirrors its explanation into the Deleting condition, so `describe` says why it is stuck.
   */
  async function drainNode(nodeName: string): Promise<void> {
    setCond('Deleting', 'True', 'Draining', `draining node ${nodeName}`);
    await report('Deleting', {});
    const child = await startChild(drainWorkflow, {
      workflowId: drainWorkflowId({ namespace: input.cluster.namespace, name: input.name }),
      taskQueue: workflowInfo().taskQueue,
      args: [
        {
          cluster: input.cluster,
          provider: input.provider,
          machine: { name: input.name, labels: input.template.labels, annotations: input.template.annotations },
          clusterLabels: input.clusterLabels ?? {},
          rules: input.drainRules,
          nodeName,
          nodeDrainTimeoutSeconds: input.template.nodeDrainTimeoutSeconds,
          nodeVolumeDetachTimeoutSeconds: input.template.nodeVolumeDetachTimeoutSeconds,
          machineWorkflowId: workflowInfo().workflowId,
        },
      ],
      staticSummary: `drain node ${nodeName} of machine ${input.cluster.namespace}/${input.name}`,
    });
    let finished = false;
    let outcome = '';
    void child.result().then(
      (r) => {
        outcome = r.outcome === 'drained' ? 'drained' : r.outcome === 'timedOut' ? 'drain timed out (nodeDrainTimeout); deletion goes on' : 'drain skipped';
        if (r.volumes === 'timedOut') outcome += '; volumes still attached after nodeVolumeDetachTimeout';
        finished = true;
      },
      (err: unknown) => {
        // A drain that cannot run at all must not strand the machine: say so and go on deleting.
        outcome = `drain failed: ${String(err)}`;
        finished = true;
      },
    );
    while (!finished) {
      await condition(() => finished || drainProgressDirty || skipDrain);
      if (skipDrain && !finished) {
        // The cluster is being deleted while this drain waits (e.g. on a PDB): CAPI stops draining.
        await getExternalWorkflowHandle(drainWorkflowId({ namespace: input.cluster.namespace, name: input.name })).cancel();
        outcome = 'drain abandoned: the cluster is being deleted';
        break;
      }
      if (drainProgressDirty && !finished) {
        drainProgressDirty = false;
        setCond('Deleting', 'True', 'Draining', drainProgress?.explanation ?? '');
        await report('Deleting', {});
      }
    }
    setCond('Deleting', 'True', 'DrainDone', outcome);
    if (drainDoneAlongside) drainDoneReport = report('Deleting', {});
    else await report('Deleting', {});
  }
}
