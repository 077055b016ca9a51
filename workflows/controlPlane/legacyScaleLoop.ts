import {
  condition,
  continueAsNew,
  patched,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { machineName, suffixFromUuid } from '../../shared/naming';
import { planControlPlaneScale, type ControlPlaneIntent } from '../../shared/planners/controlPlaneScale';
import { summarizeControlPlane } from '../../shared/planners/controlPlaneStatus';
import type { MachineStatus } from '../../shared/status/types';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import { mergeMachineStatus, pendingMachine, requestMachineDelete, startMachine } from '../common/machines';
import { clusterReporter } from '../common/clusterReporter';
import { controlPlaneFingerprint, controlPlaneStatusSignal, machineStatusSignal } from '../common/statusSignals';
import { nowIso } from '../common/time';
import {
  controlPlaneStatusQuery,
  deleteControlPlaneSignal,
  updateControlPlaneSpecSignal,
  type ControlPlaneWorkflowInput,
} from './definitions';

/**
 * The control-plane loop as it ran before `planControlPlane` was wired in (scale only, one
 * operation at a time, no etcd or hooks). Kept verbatim so histories recorded before the
 * `kcp-planner` patch replay; a run on this path moves to the planner at its next continue-as-new.
 * Remove once no such run remains (deprecatePatch, then delete).
 */
export async function legacyControlPlaneLoop(input: ControlPlaneWorkflowInput): Promise<void> {
  let { spec, specVersion, context } = input;
  let machines: MachineStatus[] = input.carried?.machines ?? [];
  let initialized = input.carried?.initialized ?? false;
  let deleting = input.carried?.deleting ?? false;
  const createdAt = input.carried?.createdAt ?? nowIso();
  let dirty = true;
  const skipDrainSent = new Set<string>();
  let lastIntent: ControlPlaneIntent = { action: 'none', reason: 'starting' };
  const selfId = workflowInfo().workflowId;

  const status = () =>
    summarizeControlPlane({ spec, specVersion, machines, initialized, deleting, intent: lastIntent, now: nowIso() });

  setHandler(controlPlaneStatusQuery, status);
  setHandler(updateControlPlaneSpecSignal, (u) => {
    if (u.specVersion > specVersion) {
      spec = u.spec;
      specVersion = u.specVersion;
      context = u.context;
      dirty = true;
    }
  });
  setHandler(deleteControlPlaneSignal, () => {
    deleting = true;
    dirty = true;
  });
  setHandler(machineStatusSignal, (m) => {
    machines = mergeMachineStatus(machines, m);
    // One-way latch, as KCP's controlPlaneInitialized: the first node registered means kubeadm init ran.
    if (m.nodeName) initialized = true;
    if (m.phase === 'Deleted') machines = machines.filter((x) => x.name !== m.name);
    dirty = true;
  });

  const report = clusterReporter(context.clusterWorkflowId, controlPlaneStatusSignal, controlPlaneFingerprint);
  const reportToCluster = () => report(status(), lastIntent.reason);

  for (;;) {
    await condition(() => dirty);
    dirty = false;

    if (context.paused) {
      // Paused: no machine is created or deleted, not even for deletion; resumes on the next spec.
      lastIntent = { action: 'wait', reason: 'paused: the cluster is paused' };
      await reportToCluster();
      continue;
    }
    if (deleting) {
      // KCP deletes its machines in parallel and skips etcd work (capi-behaviour.md §1).
      const alreadyDeleting = machines.filter((x) => x.deletionRequestedAt && !skipDrainSent.has(x.name));
      for (const m of machines.filter((x) => !x.deletionRequestedAt)) {
        machines = machines.map((x) => (x.name === m.name ? { ...x, deletionRequestedAt: nowIso() } : x));
        await requestMachineDelete(context.cluster.namespace, m.name, 'control plane is being deleted', { skipDrain: true });
      }
      if (patched('skip-drain-of-deleting-machines')) {
        // A machine already deleting (maybe stuck draining) stops draining too, once.
        for (const m of alreadyDeleting) {
          skipDrainSent.add(m.name);
          await requestMachineDelete(context.cluster.namespace, m.name, 'control plane is being deleted', { skipDrain: true });
        }
      }
      lastIntent = { action: 'wait', reason: `deleting ${machines.length} control-plane machine(s)` };
      await reportToCluster();
      if (machines.length === 0) break;
      continue;
    }

    lastIntent = planControlPlaneScale({
      replicas: spec.replicas,
      machines,
      failureDomains: context.failureDomains,
      initialized,
      annotations: {},
    });
    if (lastIntent.action === 'create') {
      const name = machineName(spec.name, suffixFromUuid(uuid4()));
      const machineInput = {
        cluster: context.cluster,
        name,
        role: 'control-plane' as const,
        bootstrapMode: lastIntent.role === 'init' ? ('init' as const) : ('join-control-plane' as const),
        provider: context.provider,
        template: spec.machineTemplate,
        failureDomain: lastIntent.failureDomain,
        controlPlaneEndpoint: context.controlPlaneEndpoint,
        clusterNetwork: context.clusterNetwork,
        ownerWorkflowId: selfId,
        createdAt: nowIso(),
      };
      machines = [...machines, pendingMachine(machineInput)];
      await startMachine(machineInput);
      dirty = true; // re-plan: the next step waits for this machine's node
    } else if (lastIntent.action === 'delete') {
      const victim = lastIntent.machine;
      machines = machines.map((x) => (x.name === victim ? { ...x, deletionRequestedAt: nowIso() } : x));
      await requestMachineDelete(context.cluster.namespace, victim, lastIntent.reason);
    }
    await reportToCluster();

    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      await drainHandlers();
      await continueAsNew<(input: ControlPlaneWorkflowInput) => Promise<void>>({
        ...input,
        spec,
        specVersion,
        context,
        carried: { machines, initialized, deleting, createdAt },
      });
    }
  }
  await reportToCluster();
}
