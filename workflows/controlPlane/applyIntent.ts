import { getExternalWorkflowHandle, log, uuid4, workflowInfo } from '@temporalio/workflow';
import { machineWorkflowId } from '../../shared/ids';
import { machineName, suffixFromUuid } from '../../shared/naming';
import {
  controlPlaneTemplateHash,
  KCP_PRE_TERMINATE_HOOK,
  type ControlPlaneIntent,
} from '../../shared/planners/controlPlane';
import { providerActivities } from '../common/activityProxies';
import { pendingMachine, requestMachineDelete, startMachine } from '../common/machines';
import { nowIso } from '../common/time';
import type { MachineWorkflowInput } from '../machine/definitions';
import { removeHooksSignal } from '../machine/definitions';
import { markDeleting, type ControlPlaneRuntime } from './runtimeState';

/**
 * Carries out the one operation `planControlPlane` chose. Returns whether something was done (the
 * loop then plans again at once) or only waited. An activity that keeps failing reaches here as an
 * error after a few attempts; the caller records it and plans again later, because the planner
 * decides afresh from a new observation (e.g. etcd refused a member removal for quorum).
 */
export async function applyControlPlaneIntent(rt: ControlPlaneRuntime, intent: ControlPlaneIntent): Promise<boolean> {
  const { bounded } = providerActivities(rt.context.provider);
  const cluster = rt.context.cluster;
  switch (intent.type) {
    case 'createMachine': {
      await createControlPlaneMachine(rt, intent);
      return true;
    }
    case 'forwardEtcdLeadership': {
      const to = rt.machines.find((m) => m.name === intent.to);
      if (!to?.nodeName) return false; // the planner only picks machines with nodes; re-plan
      await bounded.moveEtcdLeader({ cluster, nodeName: to.nodeName });
      return true;
    }
    case 'deleteMachine': {
      markDeleting(rt, intent.name, nowIso());
      await requestMachineDelete(cluster.namespace, intent.name, intent.reason);
      return true;
    }
    case 'removeEtcdMember': {
      await bounded.removeEtcdMember({ cluster, memberId: intent.memberId });
      // The member of a deleting machine is gone: the next plan would release its hook, so do it
      // now and save a round trip on every control-plane replacement.
      if (intent.machine) await releaseHook(rt, intent.machine);
      return true;
    }
    case 'removePreTerminateHook': {
      await releaseHook(rt, intent.machine);
      return true;
    }
    case 'markRemediation': {
      // KCP records the remediation before deleting, so a crash between the two cannot lose it.
      rt.remediationInProgress = intent.record;
      rt.lastRemediation = intent.record;
      markDeleting(rt, intent.machine, nowIso());
      await requestMachineDelete(cluster.namespace, intent.machine, intent.reason);
      return true;
    }
    case 'wait':
    case 'none':
      return false;
  }
}

/**
 * A new control-plane Machine: named deterministically from the workflow's seeded UUID, at the
 * spec's version, carrying KCP's pre-terminate hook so its etcd member is removed before its
 * infrastructure goes, and recording the template hash it was created from.
 */
async function createControlPlaneMachine(
  rt: ControlPlaneRuntime,
  intent: Extract<ControlPlaneIntent, { type: 'createMachine' }>,
): Promise<void> {
  const name = machineName(rt.spec.name, suffixFromUuid(uuid4()));
  const annotations = { ...rt.spec.machineTemplate.annotations, [KCP_PRE_TERMINATE_HOOK]: '' };
  const input: MachineWorkflowInput = {
    cluster: rt.context.cluster,
    name,
    role: 'control-plane',
    bootstrapMode: intent.role === 'init' ? 'init' : 'join-control-plane',
    provider: rt.context.provider,
    template: { ...rt.spec.machineTemplate, version: rt.spec.version, annotations },
    failureDomain: intent.failureDomain,
    controlPlaneEndpoint: rt.context.controlPlaneEndpoint,
    clusterNetwork: rt.context.clusterNetwork,
    drainRules: rt.context.drainRules,
    clusterLabels: rt.context.clusterLabels,
    ownerWorkflowId: workflowInfo().workflowId,
    createdAt: nowIso(),
  };
  rt.extras[name] = {
    templateHash: controlPlaneTemplateHash(rt.spec.machineTemplate),
    annotations,
    ...(intent.remediationFor ? { remediationFor: intent.remediationFor } : {}),
  };
  // The replacement carries the record; KCP clears its in-progress annotation (remediation.go).
  if (intent.remediationFor) delete rt.remediationInProgress;
  rt.machines = [...rt.machines, pendingMachine(input)];
  await startMachine(input);
}

/** Drops KCP's pre-terminate hook from the machine, so its infrastructure may be deleted. */
async function releaseHook(rt: ControlPlaneRuntime, machine: string): Promise<void> {
  const extras = rt.extras[machine];
  if (extras) {
    const { [KCP_PRE_TERMINATE_HOOK]: _removed, ...rest } = extras.annotations;
    rt.extras[machine] = { ...extras, annotations: rest };
  }
  await signalHookRemoval(rt.context.cluster.namespace, machine);
}

async function signalHookRemoval(namespace: string, name: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(machineWorkflowId({ namespace, name })).signal(removeHooksSignal, {
      hooks: [KCP_PRE_TERMINATE_HOOK],
    });
  } catch (err) {
    log.warn('machine workflow not running for hook removal', { name, error: String(err) });
  }
}
